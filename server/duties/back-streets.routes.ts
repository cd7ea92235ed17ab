import { createRoute, z } from '@hono/zod-openapi';
import { signedInViewer } from '../accounts/authenticate.ts';
import {
  backStreetSchema, backStreetInspectionListSchema, backStreetInspectionSchema, backStreetCoverageSchema, backStreetSectionCollectionSchema, backStreetSectionFeatureSchema, dutyPersonLeftSchema, dutyPersonListSchema,
} from '../../contract/duties.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { bboxParameter, idParameter } from '../http/query-parameters.ts';
import { backStreetCoverage, backStreetSections, createSection, dutyPeople, editSection, recordPersonLeft, registerBackStreet } from './back-street-register.ts';
import { recordInspection, sectionInspections } from './inspections.ts';

const dayText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => !Number.isNaN(new Date(`${text}T00:00:00Z`).getTime()) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), { params: { problem: 'not_a_date' } });
const communityIdQuery = z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number).optional().openapi({ param: { name: 'communityId', in: 'query' }, type: 'integer' });
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

const sectionFields = {
  name: z.string().trim().min(1).max(100),
  grade: z.number().int().min(1).max(3),
  post: z.string().trim().min(1).max(100),
  duties: z.string().trim().min(1).max(2000),
  responsiblePersonId: z.number().int().positive(),
};
const createSectionSchema = z
  .object({
    ...sectionFields,
    fromMetres: z.number().min(0).max(100_000),
    toMetres: z.number().min(0).max(100_000),
    fixedPoints: z.array(position).max(50).optional(),
  })
  .strict();
const editSectionSchema = z
  .object(sectionFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { params: { problem: 'nothing_to_change' } });
const instantText = z
  .string()
  .datetime({ offset: true })
  .transform((text) => new Date(text))
  .openapi({ type: 'string', format: 'date-time' });
const photoName = z.string().regex(/^[0-9a-f]{32}\.(jpg|png|webp)$/);
const inspectionSchema = z
  .object({
    kind: z.enum(['scheduled', 'spot']),
    startedAt: instantText,
    finishedAt: instantText,
    route: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2).max(5000) }),
        z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position).min(1).max(5000) }),
      ])
      .optional()
      .openapi({ description: 'the GPS track (LineString) or the tapped points (MultiPoint)' }),
    photos: z.array(photoName).max(20).default([]),
    note: z.string().trim().max(2000).optional(),
    findings: z
      .array(
        z.object({
          categoryCode: z.string().regex(/^[0-9]{4}$/),
          description: z.string().trim().min(1).max(2000),
          longitude: z.number().min(-180).max(180),
          latitude: z.number().min(-90).max(90),
          photos: z.array(photoName).max(10).default([]),
        }).strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();
const backStreetBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    geometry: z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2).max(5000) }),
  })
  .strict();
const leaveSchema = z.object({ leftOn: dayText, acknowledgeGap: z.boolean().default(false) }).strict();

export function createBackStreetRoutes({ database, dataKey }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/back-streets',
      tags: ['duties'],
      summary: 'Back-street responsibility sections (片/块) with grade, responsible person, post, fixed points and duties',
      request: { query: z.object({ bbox: bboxParameter.optional(), communityId: communityIdQuery }) },
      responses: { 200: jsonResponse(backStreetSectionCollectionSchema, 'GeoJSON LineStrings') },
    }),
    async (c) => c.json(await backStreetSections(sql, c.req.valid('query')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/back-streets/coverage',
      tags: ['duties'],
      summary: 'Coverage (不留空白): unassigned and double-assigned stretches in metres, with their geometries, computed in PostGIS',
      responses: { 200: jsonResponse(backStreetCoverageSchema, 'Coverage') },
    }),
    async (c) => c.json(await backStreetCoverage(sql), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/back-streets',
      tags: ['duties'],
      summary: 'Register a back street or alley drawn on the map (a line); it has no section yet (audited)',
      request: { body: { content: { 'application/json': { schema: backStreetBody } }, required: true } },
      responses: {
        201: jsonResponse(backStreetSchema, 'Registered'),
        400: errorResponse('A field is wrong (geometry: outside_every_community, too_short)'),
        422: errorResponse('geometry_unreadable, geometry_empty, geometry_invalid'),
      },
    }),
    async (c) => c.json(await registerBackStreet(sql, signedInViewer(c.get('viewer')), c.req.valid('json'), c.get('clientAddress')), 201),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/back-streets/{id}/sections',
      tags: ['duties'],
      summary: 'Cut a responsibility section [fromMetres, toMetres) out of a back street (audited)',
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: createSectionSchema } }, required: true } },
      responses: {
        201: jsonResponse(backStreetSectionFeatureSchema, 'Created'),
        400: errorResponse('A field is wrong'),
        404: errorResponse('No such back street'),
        422: errorResponse('section_overlap (fromMetres/toMetres), person_has_left (responsiblePersonId), section_beyond_street (toMetres)'),
      },
    }),
    async (c) => {
      const created = await createSection(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), c.get('clientAddress'));
      return c.json(created, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/back-street-sections/{id}',
      tags: ['duties'],
      summary: "Change a section's responsible person, post, duties, grade or name (audited)",
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: editSectionSchema } }, required: true } },
      responses: {
        200: jsonResponse(backStreetSectionFeatureSchema, 'Updated'),
        400: errorResponse('A field is wrong'),
        404: errorResponse('No such section'),
        422: errorResponse('person_has_left (responsiblePersonId)'),
      },
    }),
    async (c) => c.json(await editSection(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), c.get('clientAddress')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/duty-people',
      tags: ['duties'],
      summary: 'People who carry duties (station members, grid workers, contractors, property companies) and the stretch each holds',
      request: {
        query: z.object({
          communityId: communityIdQuery,
          active: z.enum(['true', 'false']).transform((text) => text === 'true').optional().openapi({ param: { name: 'active', in: 'query' }, type: 'boolean' }),
        }),
      },
      responses: { 200: jsonResponse(dutyPersonListSchema, 'People') },
    }),
    async (c) => c.json({ people: await dutyPeople(sql, c.req.valid('query')) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/duty-people/{id}/leave',
      tags: ['duties'],
      summary: 'Record that a person left; if they hold sections, acknowledgeGap must be true (audited) and the stretches become unassigned',
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: leaveSchema } }, required: true } },
      responses: {
        200: jsonResponse(dutyPersonLeftSchema, 'Recorded'),
        400: errorResponse('A field is wrong'),
        404: errorResponse('No such person'),
        409: errorResponse('duty_change_leaves_gap: the person holds sections and the gap was not acknowledged'),
      },
    }),
    async (c) => c.json(await recordPersonLeft(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), c.get('clientAddress')), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/back-street-sections/{id}/inspections',
      tags: ['duties'],
      summary: "Record a round (定期检查) or spot check (不定期巡查) with route, photos and findings; each finding becomes a case routed to the section's responsible person",
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: inspectionSchema } }, required: true } },
      responses: {
        201: jsonResponse(backStreetInspectionSchema, 'Recorded'),
        400: errorResponse('A field is wrong'),
        404: errorResponse('No such section'),
        422: errorResponse('finding_photo_required (findings.N.photos), inspector_is_responsible, incidents_unprocessable (findings.N.*)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const recorded = await recordInspection(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, body, { now: new Date(), clientAddress: c.get('clientAddress'), dataKey });
      return c.json(recorded, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/back-street-sections/{id}/inspections',
      tags: ['duties'],
      summary: "A section's recent inspections with the cases their findings became",
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(backStreetInspectionListSchema, 'Inspections') },
    }),
    async (c) => c.json({ inspections: await sectionInspections(sql, c.req.valid('param').id) }, 200),
  );

  return router;
}
