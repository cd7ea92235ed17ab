import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { addressSuggestionsSchema, areasResultSchema } from '../../contract/residents.ts';
import { createRouter } from '../http/create-router.ts';
import { jsonResponse } from '../http/openapi-responses.ts';
import { latitudeParameter, limitParameter, longitudeParameter } from '../http/query-parameters.ts';
import { normaliseAddressQuery } from './address-query.ts';
import { nearestCommunity } from '../lookup/lookup.repo.ts';
import { communitiesContaining, searchBuildingAddresses } from './residents.repo.ts';

export function createResidentRoutes({ database, gridIndex }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/addresses',
      tags: ['residents'],
      summary: 'Address suggestions as you type ("凤梅家园 3栋"), each with its grid and worker card',
      description: 'Fuzzy (trigram) over the project\'s own building addresses; works offline. Unit and room are ignored: the answer is the building\'s grid, never a household.',
      request: {
        query: z.object({
          q: z.string().trim().min(1).max(100)
            .openapi({ param: { name: 'q', in: 'query' }, example: '凤梅家园 3栋' }),
          limit: limitParameter(20, 8),
        }),
      },
      responses: { 200: jsonResponse(addressSuggestionsSchema, 'Suggestions') },
    }),
    async (c) => {
      const { q, limit } = c.req.valid('query');
      const key = normaliseAddressQuery(q);
      const rows = key.length === 0 ? [] : await searchBuildingAddresses(sql, key, limit);
      const suggestions = await Promise.all(
        rows.map(async (row) => {
          const grid = await gridIndex.lookup(row.longitude, row.latitude);
          return {
            label: row.label,
            buildingId: row.buildingId,
            score: Math.round(row.score * 100) / 100,
            location: { lng: row.longitude, lat: row.latitude },
            community: grid ? { code: grid.community.code, name: grid.community.name } : null,
            grid: grid ? { id: grid.gridId, code: grid.code, name: grid.name } : null,
            worker: grid?.worker ?? null,
          };
        }),
      );
      return c.json({ query: q, key, suggestions }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/areas',
      tags: ['residents'],
      summary: 'Every area containing a point — street, community, grid — with codes (MapIt style)',
      request: { query: z.object({ lng: longitudeParameter, lat: latitudeParameter }) },
      responses: { 200: jsonResponse(areasResultSchema, 'Areas, largest first') },
    }),
    async (c) => {
      const { lng, lat } = c.req.valid('query');
      const grid = await gridIndex.lookup(lng, lat);
      if (grid) {
        return c.json(
          {
            inServiceArea: true,
            areas: [
              { type: 'street' as const, code: grid.street.code, name: grid.street.name },
              { type: 'community' as const, code: grid.community.code, name: grid.community.name },
              { type: 'grid' as const, code: grid.code, name: grid.name, id: grid.gridId },
            ],
          },
          200,
        );
      }
      const communities = await communitiesContaining(sql, lng, lat);
      const streets = new Map(communities.map((community) => [community.streetCode, community.streetName]));
      return c.json(
        {
          inServiceArea: communities.length > 0,
          // outside the zone: name the nearest community, so a caller can say "not ours; try …"
          ...(communities.length === 0 ? { nearestCommunity: await nearestCommunity(sql, lng, lat) } : {}),
          areas: [
            ...[...streets].map(([code, name]) => ({ type: 'street' as const, code, name })),
            ...communities.map((community) => ({ type: 'community' as const, code: community.code, name: community.name })),
          ],
        },
        200,
      );
    },
  );

  return router;
}
