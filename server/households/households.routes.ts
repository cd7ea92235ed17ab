import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { bboxParameter } from '../http/query-parameters.ts';
import { featureCollection } from '../territory/grid-features.ts';
import { listHouseholdLocations } from './households.repo.ts';

export function createHouseholdRoutes({ database }: AppContext) {
  const router = createRouter();
  router.openapi(
    createRoute({
      method: 'get',
      path: '/households/locations',
      tags: ['households'],
      summary: 'Household locations for the clustered map layer (no personal data)',
      request: { query: z.object({ bbox: bboxParameter.optional() }) },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'GeoJSON points' } },
    }),
    async (c) => {
      const { bbox } = c.req.valid('query');
      const rows = await listHouseholdLocations(database.sql, bbox);
      return c.json(
        featureCollection(
          rows.map(({ longitude, latitude, ...properties }) => ({
            type: 'Feature' as const,
            id: properties.id,
            geometry: { type: 'Point' as const, coordinates: [longitude, latitude] },
            properties,
          })),
        ),
        200,
      );
    },
  );
  return router;
}
