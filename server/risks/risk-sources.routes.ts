import { createRoute, z } from '@hono/zod-openapi';
import { signedInViewer } from '../accounts/authenticate.ts';
import {
  cctvPointCollectionSchema, emergencyEquipmentCollectionSchema, riskSourceCollectionSchema, riskSourcePageSchema, riskSourceRecordSchema,
} from '../../contract/risks.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { bboxParameter, databaseIdSchema, idParameter } from '../http/query-parameters.ts';
import { isRealDate } from '../http/strict-values.ts';
import { featureCollection } from '../territory/grid-features.ts';
import { localDate, zoneTimeZone } from '../time/zone.ts';
import { listCctvPoints, listEmergencyEquipment } from './emergency-assets.repo.ts';
import { editRiskSource, registerRiskSource, riskSourcePage } from './risk-register.ts';
import { listRiskSources, riskSourceKinds, type RiskSourceFields } from './risk-sources.repo.ts';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4);
const geometrySchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Point'), coordinates: position }),
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
  ])
  .openapi({ description: 'GeoJSON Point, Polygon or MultiPolygon in WGS84; PostGIS checks validity (422 if invalid)' });

const dateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isRealDate, { params: { problem: 'not_a_date' } });

const riskSourceFields = {
  name: z.string().trim().min(1).max(200),
  kind: z.enum(riskSourceKinds),
  level: z.number().int().min(1).max(4).openapi({ description: '1 (重大) to 4 (低)' }),
  communityId: databaseIdSchema.nullable(),
  ownerName: z.string().trim().max(100).nullable(),
  ownerPhone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).nullable(),
  inspectionCycleDays: z.number().int().min(1).max(3650).nullable(),
  lastInspectedOn: dateText.nullable(),
  emergencyPlan: z.string().trim().max(4000).nullable(),
  geometry: geometrySchema,
};

const createSchema = z.object({
  ...riskSourceFields,
  communityId: riskSourceFields.communityId.optional(),
  ownerName: riskSourceFields.ownerName.optional(),
  ownerPhone: riskSourceFields.ownerPhone.optional(),
  inspectionCycleDays: riskSourceFields.inspectionCycleDays.optional(),
  lastInspectedOn: riskSourceFields.lastInspectedOn.optional(),
  emergencyPlan: riskSourceFields.emergencyPlan.optional(),
});
const updateSchema = z
  .object(riskSourceFields)
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { params: { problem: 'nothing_to_change' } });

const booleanText = (name: string) =>
  z.enum(['true', 'false']).transform((text) => text === 'true').optional().openapi({ param: { name, in: 'query' }, type: 'boolean' });

export function createRiskSourceRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/risk-sources',
      tags: ['risks'],
      summary: 'Risk sources (风险源) with level 1 重大 … 4 低 and inspection status',
      request: {
        query: z.object({
          bbox: bboxParameter.optional(),
          level: z.enum(['1', '2', '3', '4']).transform(Number).optional().openapi({ param: { name: 'level', in: 'query' }, type: 'integer' }),
          kind: z.enum(riskSourceKinds).optional().openapi({ param: { name: 'kind', in: 'query' } }),
          overdue: booleanText('overdue'),
        }),
      },
      responses: { 200: jsonResponse(riskSourceCollectionSchema, 'GeoJSON') },
    }),
    async (c) => {
      const rows = await listRiskSources(sql, c.req.valid('query'));
      return c.json(
        featureCollection(rows.map(({ geometry, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry, properties: { ...properties, kind: properties.kind } }))),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/risk-sources/{id}',
      tags: ['risks'],
      summary: "A risk source's page: details, owner (masked unless admin/dispatcher) and incidents nearby",
      request: {
        params: z.object({ id: idParameter }),
        query: z.object({
          radius: z
            .string()
            .regex(/^[1-9][0-9]{0,3}$/)
            .transform(Number)
            .refine((value) => value <= 2000, { params: { problem: 'out_of_range', minimum: 1, maximum: 2000 } })
            .optional()
            .openapi({ param: { name: 'radius', in: 'query' }, type: 'integer', example: '300' }),
          days: z
            .string()
            .regex(/^[1-9][0-9]{0,2}$/)
            .transform(Number)
            .refine((value) => value <= 366, { params: { problem: 'out_of_range', minimum: 1, maximum: 366 } })
            .optional()
            .openapi({ param: { name: 'days', in: 'query' }, type: 'integer', example: '90' }),
        }),
      },
      responses: { 200: jsonResponse(riskSourcePageSchema, 'GeoJSON Feature with nearby incidents'), 404: errorResponse('No such risk source') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { radius = 300, days = 90 } = c.req.valid('query');
      const page = await riskSourcePage(sql, signedInViewer(c.get('viewer')), { id, radiusMetres: radius, days, now: new Date(), clientAddress: c.get('clientAddress') });
      return c.json(page, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/risk-sources',
      tags: ['risks'],
      summary: 'Register a risk source (audited)',
      request: { body: { content: { 'application/json': { schema: createSchema } }, required: true } },
      responses: {
        201: jsonResponse(riskSourceRecordSchema, 'Created'),
        400: errorResponse('A field is wrong (lastInspectedOn in the future: in_future)'),
        422: errorResponse('geometry_unreadable, geometry_empty, geometry_invalid (details.problem, details.geometry) or risk_geometry_type'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const created = await registerRiskSource(sql, signedInViewer(c.get('viewer')), { ...body, geometry: body.geometry as GeoJSON.Geometry }, {
        today: localDate(new Date(), await zoneTimeZone(sql)), clientAddress: c.get('clientAddress'),
      });
      return c.json(created, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/risk-sources/{id}',
      tags: ['risks'],
      summary: 'Edit a risk source: only the fields given change (audited)',
      request: {
        params: z.object({ id: idParameter }),
        body: { content: { 'application/json': { schema: updateSchema } }, required: true },
      },
      responses: {
        200: jsonResponse(riskSourceRecordSchema, 'Updated'),
        400: errorResponse('A field is wrong, or nothing_to_change'),
        404: errorResponse('No such risk source'),
        422: errorResponse('geometry_unreadable, geometry_empty, geometry_invalid or risk_geometry_type'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const updated = await editRiskSource(sql, signedInViewer(c.get('viewer')), id, c.req.valid('json') as RiskSourceFields, {
        today: localDate(new Date(), await zoneTimeZone(sql)), clientAddress: c.get('clientAddress'),
      });
      return c.json(updated, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/emergency-equipment',
      tags: ['risks'],
      summary: 'Emergency equipment layer (extinguishers with expiry dates: expired / expiresSoon flags)',
      request: { query: z.object({ bbox: bboxParameter.optional(), expired: booleanText('expired') }) },
      responses: { 200: jsonResponse(emergencyEquipmentCollectionSchema, 'GeoJSON points') },
    }),
    async (c) => {
      const rows = await listEmergencyEquipment(sql, c.req.valid('query'));
      return c.json(
        featureCollection(
          rows.map(({ longitude, latitude, ...properties }) => ({
            type: 'Feature' as const, id: properties.id, geometry: { type: 'Point' as const, coordinates: [longitude, latitude] }, properties,
          })),
        ),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cctv-points',
      tags: ['risks'],
      summary: 'CCTV points layer (car parks, stairwells, gates, markets, schools)',
      request: { query: z.object({ bbox: bboxParameter.optional() }) },
      responses: { 200: jsonResponse(cctvPointCollectionSchema, 'GeoJSON points') },
    }),
    async (c) => {
      const rows = await listCctvPoints(sql, c.req.valid('query'));
      return c.json(
        featureCollection(
          rows.map(({ longitude, latitude, ...properties }) => ({
            type: 'Feature' as const, id: properties.id, geometry: { type: 'Point' as const, coordinates: [longitude, latitude] }, properties,
          })),
        ),
        200,
      );
    },
  );

  return router;
}
