import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest, problem } from '../http/failure.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { categoryListSchema, incidentCollectionSchema } from '../../contract/incidents.ts';
import { bboxParameter, instantParameter, limitParameter } from '../http/query-parameters.ts';
import { featureCollection } from '../territory/grid-features.ts';
import { incidentStatuses } from './incident-statuses.ts';
import { categoryExists, listCategories, listIncidentsForMap, type IncidentMapRow } from './incidents.repo.ts';

/** An incident row → the map's point feature (no personal fields). */
export function incidentFeature({ longitude, latitude, ...row }: IncidentMapRow) {
  return {
    type: 'Feature' as const,
    id: row.id,
    geometry: { type: 'Point' as const, coordinates: [longitude, latitude] },
    properties: { ...row, reportedAt: row.reportedAt.toISOString(), dueAt: row.dueAt?.toISOString() ?? null, closedAt: row.closedAt?.toISOString() ?? null },
  };
}

const statusListParameter = z
  .string()
  .transform((text, context) => {
    const statuses = text.split(',').map((part) => part.trim()).filter(Boolean);
    const unknown = statuses.filter((status) => !(incidentStatuses as readonly string[]).includes(status));
    if (unknown.length > 0) {
      context.addIssue({ code: 'custom', params: { problem: 'unknown_status', statuses: unknown.join(', ') } });
      return z.NEVER;
    }
    return statuses;
  })
  .openapi({ param: { name: 'status', in: 'query' }, type: 'string', example: 'registered,dispatched' });

export function createIncidentRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/incidents',
      tags: ['incidents'],
      summary: 'Incidents for the map, newest first',
      request: {
        query: z.object({
          bbox: bboxParameter.optional(),
          from: instantParameter('from').optional(),
          to: instantParameter('to').optional(),
          category: z.string().regex(/^[0-9]{2}([0-9]{2})?$/).optional(),
          status: statusListParameter.optional(),
          limit: limitParameter(50_000, 5_000),
        }),
      },
      responses: { 200: jsonResponse(incidentCollectionSchema, 'GeoJSON points'), 400: errorResponse('A malformed or unknown filter') },
    }),
    async (c) => {
      const query = c.req.valid('query');
      if (query.from && query.to && query.from >= query.to) {
        throw invalidRequest([problem('to', 'not_after_from', {})]);
      }
      if (query.category && !(await categoryExists(sql, query.category))) {
        throw invalidRequest([problem('category', 'unknown_category', { code: query.category })]);
      }
      const viewer = signedInViewer(c.get('viewer'));
      const scope =
        viewer.role === 'worker' && viewer.workerId !== null
          ? { kind: 'worker' as const, workerId: viewer.workerId, gridId: viewer.currentGridId }
          : { kind: 'all' as const };
      const rows = await listIncidentsForMap(sql, { ...query, statuses: query.status, scope });
      return c.json(featureCollection(rows.map(incidentFeature)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/categories',
      tags: ['incidents'],
      summary: 'The incident and component category tree',
      responses: { 200: jsonResponse(categoryListSchema, 'Categories') },
    }),
    async (c) => c.json({ categories: await listCategories(sql) }, 200),
  );

  return router;
}
