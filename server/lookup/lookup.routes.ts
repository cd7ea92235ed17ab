import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { lookupResultSchema } from '../../contract/residents.ts';
import { createRouter } from '../http/create-router.ts';
import { jsonResponse } from '../http/openapi-responses.ts';
import { latitudeParameter, longitudeParameter } from '../http/query-parameters.ts';
import { nearestCommunity } from './lookup.repo.ts';

export function createLookupRoutes({ database, gridIndex }: AppContext) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/lookup',
      tags: ['residents'],
      summary: "Which grid a point is in, and its grid worker's public card",
      description:
        'Answered from an in-memory spatial index. A point on an edge shared by two grids is given to the grid with the ' +
        'lower code. Outside every grid: `grid` is null and the nearest community is named.',
      request: { query: z.object({ lng: longitudeParameter, lat: latitudeParameter }) },
      responses: { 200: jsonResponse(lookupResultSchema, 'The grid or null') },
    }),
    async (c) => {
      const { lng, lat } = c.req.valid('query');
      const grid = await gridIndex.lookup(lng, lat);
      if (!grid) {
        return c.json(
          { inServiceArea: false as const, grid: null, community: null, worker: null, nearestCommunity: await nearestCommunity(database.sql, lng, lat) },
          200,
        );
      }
      return c.json(
        {
          inServiceArea: true as const,
          street: grid.street,
          community: grid.community,
          grid: { id: grid.gridId, code: grid.code, name: grid.name },
          worker: grid.worker,
          nearestCommunity: null,
        },
        200,
      );
    },
  );

  return router;
}
