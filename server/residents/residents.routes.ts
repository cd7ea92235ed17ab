import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { addressSuggestionsSchema, areasResultSchema } from '../../contract/residents.ts';
import { createRouter } from '../http/create-router.ts';
import { jsonResponse } from '../http/openapi-responses.ts';
import { latitudeParameter, limitParameter, longitudeParameter } from '../http/query-parameters.ts';
import { searchAddresses } from './address-search.ts';
import { EstateNameIndex } from './estate-name-index.ts';
import { nearestCommunity } from '../lookup/lookup.repo.ts';
import { communitiesContaining } from './residents.repo.ts';

export function createResidentRoutes({ database, gridIndex }: AppContext) {
  const router = createRouter();
  const { sql } = database;
  // estate names with their pinyin, computed when a name is first loaded, never per keystroke
  const estateNames = new EstateNameIndex(sql);

  router.openapi(
    createRoute({
      method: 'get',
      path: '/addresses',
      tags: ['residents'],
      summary: 'Address suggestions as you type ("凤梅家园 3栋", "凤梅3", "fmjy"), each with its grid and worker card',
      description: 'Estate names match by characters, full pinyin or pinyin initials; the exact building number ranks first and numbers compare as numbers. A query naming an estate without a number also lists the estate with every grid it spans. Unknown names fall back to trigram similarity (typos); works offline. Unit and room are ignored: the answer is the building\'s grid, never a household.',
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
      return c.json(await searchAddresses({ sql, gridIndex, estateNames }, q, limit), 200);
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
