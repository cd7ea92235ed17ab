import { createRoute, z } from '@hono/zod-openapi';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { UserViewer } from '../accounts/roles.ts';
import type { AppContext } from '../app-context.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest, notFound } from '../http/failure.ts';
import { bboxParameter, idParameter } from '../http/query-parameters.ts';
import { maskName, maskPhone } from '../personal-data/masking.ts';
import { featureCollection } from '../territory/grid-features.ts';
import { listCctvPoints, listEmergencyEquipment } from './emergency-assets.repo.ts';
import {
  checkRiskGeometry,
  findRiskSource,
  insertRiskSource,
  listIncidentsNear,
  listRiskSources,
  riskSourceKinds,
  updateRiskSource,
  type RiskSourceFields,
} from './risk-sources.repo.ts';

/** Who sees a risk source owner's name and phone in full: the command centre. */
const contactRoles = ['admin', 'dispatcher'] as const;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4, 'a polygon ring needs at least 4 positions');
const geometrySchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Point'), coordinates: position }),
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
  ])
  .openapi({ description: 'GeoJSON Point, Polygon or MultiPolygon in WGS84; PostGIS checks validity (422 if invalid)' });

const dateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((text) => !Number.isNaN(new Date(`${text}T00:00:00Z`).getTime()) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'is not a real date');

const riskSourceFields = {
  name: z.string().trim().min(1, 'name is required').max(200),
  kind: z.enum(riskSourceKinds),
  level: z.number().int('level must be 1, 2, 3 or 4').min(1, 'level must be 1 (重大) to 4 (低)').max(4, 'level must be 1 (重大) to 4 (低)'),
  communityId: z.number().int().positive().nullable(),
  ownerName: z.string().trim().max(100).nullable(),
  ownerPhone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'ownerPhone must be a phone number').nullable(),
  inspectionCycleDays: z.number().int().min(1, 'inspectionCycleDays must be at least 1').max(3650).nullable(),
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
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');

const booleanText = (name: string) =>
  z.enum(['true', 'false']).transform((text) => text === 'true').optional().openapi({ param: { name, in: 'query' }, type: 'boolean' });

function scopeOf(viewer: UserViewer) {
  return viewer.role === 'worker'
    ? { kind: 'worker' as const, workerId: viewer.workerId, gridId: viewer.currentGridId }
    : { kind: 'all' as const };
}

function zoneToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

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
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'GeoJSON' } },
    }),
    async (c) => {
      const rows = await listRiskSources(sql, c.req.valid('query'));
      return c.json(
        featureCollection(rows.map(({ geometry, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry, properties }))),
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
            .regex(/^[1-9][0-9]{0,3}$/, 'radius must be 1 to 2000 metres')
            .transform(Number)
            .refine((value) => value <= 2000, 'radius must be 1 to 2000 metres')
            .optional()
            .openapi({ param: { name: 'radius', in: 'query' }, type: 'integer', example: '300' }),
          days: z
            .string()
            .regex(/^[1-9][0-9]{0,2}$/, 'days must be 1 to 366')
            .transform(Number)
            .refine((value) => value <= 366, 'days must be 1 to 366')
            .optional()
            .openapi({ param: { name: 'days', in: 'query' }, type: 'integer', example: '90' }),
        }),
      },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'GeoJSON Feature with nearby incidents' } },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { radius = 300, days = 90 } = c.req.valid('query');
      const viewer = signedInViewer(c.get('viewer'));
      const source = await findRiskSource(sql, id);
      if (!source) throw notFound('risk_source', id);
      const showContact = (contactRoles as readonly string[]).includes(viewer.role);
      if (showContact && (source.ownerName || source.ownerPhone)) {
        await recordAudit(sql, {
          viewer, action: 'risk_source.view_contact', objectType: 'risk_source', objectId: id, result: 'ok', clientAddress: c.get('clientAddress'),
        });
      }
      const since = new Date(Date.now() - days * 86_400_000);
      const nearby = await listIncidentsNear(sql, id, { radiusMetres: radius, since, scope: scopeOf(viewer) });
      const { geometry, ownerName, ownerPhone, ...properties } = source;
      return c.json(
        {
          type: 'Feature' as const,
          id,
          geometry,
          properties: {
            ...properties,
            ownerName: showContact ? ownerName : maskName(ownerName),
            ownerPhone: showContact ? ownerPhone : maskPhone(ownerPhone),
            contactMasked: !showContact,
          },
          nearbyIncidents: { radiusMetres: radius, since: since.toISOString(), count: nearby.length, incidents: nearby },
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/risk-sources',
      tags: ['risks'],
      summary: 'Register a risk source (audited)',
      request: { body: { content: { 'application/json': { schema: createSchema } }, required: true } },
      responses: { 201: { content: { 'application/json': { schema: z.any() } }, description: 'Created' } },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const viewer = signedInViewer(c.get('viewer'));
      if (body.lastInspectedOn && body.lastInspectedOn > zoneToday()) {
        throw invalidRequest([{ field: 'lastInspectedOn', message: 'lastInspectedOn cannot be in the future' }]);
      }
      await checkRiskGeometry(sql, body.geometry as GeoJSON.Geometry);
      const id = await sql.begin(async (transaction) => {
        const created = await insertRiskSource(transaction, { ...body, geometry: body.geometry as GeoJSON.Geometry }, viewer.userId);
        await recordAudit(transaction, {
          viewer, action: 'risk_source.create', objectType: 'risk_source', objectId: created, result: 'ok', clientAddress: c.get('clientAddress'),
          details: { name: body.name, kind: body.kind, level: body.level },
        });
        return created;
      });
      const source = await findRiskSource(sql, id);
      const { geometry, ...properties } = source!;
      return c.json({ type: 'Feature' as const, id, geometry, properties }, 201);
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
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'Updated' } },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const viewer = signedInViewer(c.get('viewer'));
      if (body.lastInspectedOn && body.lastInspectedOn > zoneToday()) {
        throw invalidRequest([{ field: 'lastInspectedOn', message: 'lastInspectedOn cannot be in the future' }]);
      }
      if (body.geometry) await checkRiskGeometry(sql, body.geometry as GeoJSON.Geometry);
      const updated = await sql.begin(async (transaction) => {
        const found = await updateRiskSource(transaction, id, body as RiskSourceFields, viewer.userId);
        if (!found) return false;
        await recordAudit(transaction, {
          viewer, action: 'risk_source.update', objectType: 'risk_source', objectId: id, result: 'ok', clientAddress: c.get('clientAddress'),
          details: { fields: Object.keys(body) },
        });
        return true;
      });
      if (!updated) throw notFound('risk_source', id);
      const source = await findRiskSource(sql, id);
      const { geometry, ...properties } = source!;
      return c.json({ type: 'Feature' as const, id, geometry, properties }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/emergency-equipment',
      tags: ['risks'],
      summary: 'Emergency equipment layer (extinguishers with expiry dates: expired / expiresSoon flags)',
      request: { query: z.object({ bbox: bboxParameter.optional(), expired: booleanText('expired') }) },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'GeoJSON points' } },
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
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'GeoJSON points' } },
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
