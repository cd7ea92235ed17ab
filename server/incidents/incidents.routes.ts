import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest } from '../http/failure.ts';
import { bboxParameter, instantParameter, limitParameter } from '../http/query-parameters.ts';
import { featureCollection, pointFeature } from '../territory/grid-features.ts';
import { incidentStatuses } from './incident-statuses.ts';
import { categoryExists, listCategories, listIncidentsForMap } from './incidents.repo.ts';

const statusListParameter = z
  .string()
  .transform((text, context) => {
    const statuses = text.split(',').map((part) => part.trim()).filter(Boolean);
    const unknown = statuses.filter((status) => !(incidentStatuses as readonly string[]).includes(status));
    if (unknown.length > 0) {
      context.addIssue({ code: 'custom', message: `unknown status ${unknown.join(', ')}; use ${incidentStatuses.join(', ')}` });
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
          category: z.string().regex(/^[0-9]{2}([0-9]{2})?$/, 'category must be a 2- or 4-digit category code').optional(),
          status: statusListParameter.optional(),
          limit: limitParameter(50_000, 5_000),
        }),
      },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'GeoJSON points' } },
    }),
    async (c) => {
      const query = c.req.valid('query');
      if (query.from && query.to && query.from >= query.to) {
        throw invalidRequest([{ field: 'to', message: 'to must be later than from' }]);
      }
      if (query.category && !(await categoryExists(sql, query.category))) {
        throw invalidRequest([{ field: 'category', message: `unknown category ${query.category}` }]);
      }
      const viewer = signedInViewer(c.get('viewer'));
      const scope =
        viewer.role === 'worker' && viewer.workerId !== null
          ? { kind: 'worker' as const, workerId: viewer.workerId, gridId: viewer.currentGridId }
          : { kind: 'all' as const };
      const rows = await listIncidentsForMap(sql, { ...query, statuses: query.status, scope });
      return c.json(
        featureCollection(rows.map(pointFeature)),
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/categories',
      tags: ['incidents'],
      summary: 'The incident and component category tree',
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'Categories' } },
    }),
    async (c) => c.json({ categories: await listCategories(sql) }, 200),
  );

  return router;
}
