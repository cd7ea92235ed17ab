import { createRoute, z } from '@hono/zod-openapi';
import { capAlertSchema, publicWarningListSchema, warningAcknowledgementSchema, warningListSchema, warningSchema } from '../../contract/emergency.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest, problem } from '../http/failure.ts';
import { errorResponse, jsonResponse, textResponse } from '../http/openapi-responses.ts';
import { idParameter, latitudeParameter, longitudeParameter } from '../http/query-parameters.ts';
import { capXml } from './cap-format.ts';
import { instantText } from './emergency-inputs.ts';
import {
  acknowledgeEmergencyWarning, cancelEmergencyWarning, capAlert, publicWarnings, publishWarning, staffWarnings,
} from './warnings.ts';

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4).max(2000);
const drawnArea = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1).max(50) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1).max(50)).min(1).max(50) }),
  ])
  .openapi({ description: 'The area drawn on the map (WGS84); PostGIS checks it' });

const warningBody = z.object({
  level: z.enum(['blue', 'yellow', 'orange', 'red']),
  eventKind: z.string().regex(/^[0-9]{4}$/).optional(),
  headline: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(4000),
  area: drawnArea.optional(),
  gridIds: z.array(z.number().int().positive()).max(500).optional(),
  communityIds: z.array(z.number().int().positive()).max(100).optional(),
  validFrom: instantText.optional(),
  validTo: instantText,
});

const identifierQuery = z
  .string()
  .regex(/^[A-Za-z0-9.-]{1,100}$/)
  .optional()
  .openapi({ param: { name: 'id', in: 'query' }, description: 'The warning identifier (CAP identifier); without it, the most severe warning in force' });

/** Warnings (预警): published by the command centre, read by residents without an account and by other systems as CAP. */
export function createWarningRoutes({ database, liveEvents }: AppContext, options: { clock?: () => Date } = {}) {
  const router = createRouter();
  const { sql } = database;
  const clock = options.clock ?? (() => new Date());

  router.openapi(
    createRoute({
      method: 'get', path: '/warnings', tags: ['emergency'], summary: 'Warnings for staff: in force (default) or all recent, with acknowledgements',
      request: { query: z.object({ active: z.enum(['true', 'false']).optional().openapi({ param: { name: 'active', in: 'query' } }) }) },
      responses: { 200: jsonResponse(warningListSchema, 'Warnings, most severe first') },
    }),
    async (c) => c.json({ warnings: await staffWarnings(sql, signedInViewer(c.get('viewer')), clock(), c.req.valid('query').active !== 'false') }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/warnings', tags: ['emergency'],
      summary: 'Publish a warning: level, area (drawn, or grids / communities), text, validity; workers of the grids under it are told live',
      request: { body: { content: { 'application/json': { schema: warningBody } }, required: true } },
      responses: {
        201: jsonResponse(warningSchema, 'Published'),
        400: errorResponse('area_required, empty_area, valid_to_in_past, not_after_from, unknown_grids, unknown_communities'),
        422: errorResponse('geometry_unreadable, geometry_invalid (details.fields[0].field = area)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const { warning, gridIds } = await publishWarning(sql, signedInViewer(c.get('viewer')), { ...body, area: body.area as GeoJSON.Polygon | GeoJSON.MultiPolygon | undefined }, {
        now: clock(), clientAddress: c.get('clientAddress'),
      });
      const payload = { id: warning.id, identifier: warning.identifier, level: warning.level, headline: warning.headline, validTo: warning.validTo };
      // one event per grid under the area, so each grid's worker gets it on the phone; the centre sees them all
      await liveEvents.publishMany(
        gridIds.length > 0
          ? gridIds.map((gridId) => ({ type: 'warning.published' as const, payload, area: { gridId } }))
          : [{ type: 'warning.published' as const, payload, area: {} }],
      );
      return c.json(warning, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/warnings/{id}/cancel', tags: ['emergency'], summary: 'Cancel a warning before it expires (CAP answers a Cancel for it)',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(warningSchema, 'Cancelled'), 404: errorResponse('No such warning') },
    }),
    async (c) => c.json(await cancelEmergencyWarning(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, { now: clock(), clientAddress: c.get('clientAddress') }), 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/warnings/{id}/acknowledge', tags: ['emergency'], summary: 'A grid worker confirms they saw the warning',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(warningAcknowledgementSchema, 'Acknowledged'), 404: errorResponse('No such warning') },
    }),
    async (c) => c.json(await acknowledgeEmergencyWarning(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, { now: clock(), clientAddress: c.get('clientAddress') }), 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/public/warnings', tags: ['emergency'],
      summary: 'Warnings in force for residents (no account): those covering lng/lat, or all',
      request: { query: z.object({ lng: longitudeParameter.optional(), lat: latitudeParameter.optional() }) },
      responses: { 200: jsonResponse(publicWarningListSchema, 'Warnings in force, most severe first'), 400: errorResponse('lng and lat go together') },
    }),
    async (c) => {
      const { lng, lat } = c.req.valid('query');
      if ((lng === undefined) !== (lat === undefined)) throw invalidRequest([problem(lng === undefined ? 'lng' : 'lat', 'lat_and_long_together', {})]);
      const point = lng !== undefined && lat !== undefined ? { longitude: lng, latitude: lat } : undefined;
      return c.json({ warnings: await publicWarnings(sql, clock(), point) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/public/warnings.cap', tags: ['emergency'], summary: 'A warning as CAP 1.2 XML (urn:oasis:names:tc:emergency:cap:1.2)',
      request: { query: z.object({ id: identifierQuery }) },
      responses: { 200: textResponse('application/xml', 'CAP 1.2 alert'), 400: errorResponse('A malformed id'), 404: errorResponse('No such warning (or none in force)') },
    }),
    async (c) => c.body(capXml(await capAlert(sql, clock(), c.req.valid('query').id)), 200, { 'Content-Type': 'application/xml; charset=utf-8' }),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/public/warnings.cap.json', tags: ['emergency'], summary: 'The same CAP 1.2 alert as JSON',
      request: { query: z.object({ id: identifierQuery }) },
      responses: { 200: jsonResponse(capAlertSchema, 'CAP 1.2 alert'), 400: errorResponse('A malformed id'), 404: errorResponse('No such warning (or none in force)') },
    }),
    async (c) => c.json(await capAlert(sql, clock(), c.req.valid('query').id), 200),
  );

  return router;
}
