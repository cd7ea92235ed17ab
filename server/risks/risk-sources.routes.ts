import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { bboxParameter } from '../http/query-parameters.ts';
import { featureCollection } from '../territory/grid-features.ts';
import { listRiskSources } from './risk-sources.repo.ts';

export function createRiskSourceRoutes({ database }: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/risk-sources',
      tags: ['risks'],
      summary: 'Risk sources (风险源) with level 1 重大 … 4 低 and inspection status',
      request: { query: z.object({ bbox: bboxParameter.optional() }) },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'GeoJSON' } },
    }),
    async (c) => {
      const { bbox } = c.req.valid('query');
      const rows = await listRiskSources(database.sql, bbox);
      return c.json(
        featureCollection(rows.map(({ geometry, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry, properties }))),
        200,
      );
    },
  );
  return router;
}
