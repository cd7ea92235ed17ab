import { createRoute, z } from '@hono/zod-openapi';
import { householdSingleFromZoom, incidentSingleFromZoom, maximumTileZoom, tileSetSchema, vectorTileMediaType } from '../../contract/tiles.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { binaryResponse, jsonResponse } from '../http/openapi-responses.ts';
import { readDataRevision, tileLayers, type TileLayer } from './vector-tiles.repo.ts';
import { readVectorTile } from './vector-tiles.ts';

const tileNumber = (name: 'z' | 'x') =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,6})$/)
    .transform(Number)
    .openapi({ param: { name, in: 'path' }, type: 'integer', example: name === 'z' ? '14' : '13427' });

const tileParameters = z.object({
  z: tileNumber('z').refine((value) => value <= maximumTileZoom, { params: { problem: 'out_of_range', minimum: 0, maximum: maximumTileZoom } }),
  x: tileNumber('x'),
  y: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,6})\.mvt$/)
    .transform((file) => Number(file.slice(0, -'.mvt'.length)))
    .openapi({ param: { name: 'y', in: 'path' }, type: 'string', example: '6712.mvt', description: 'row, then `.mvt`' }),
});

const revisionQuery = z.object({
  revision: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/)
    .transform(Number)
    .optional()
    .openapi({ param: { name: 'revision', in: 'query' }, type: 'integer', description: 'The revision the client draws, as GET /api/tiles names it: the layout revision for communities and grids, the data revision for households and incidents' }),
});

const summaries: Record<TileLayer, string> = {
  communities: 'Community boundaries as a vector tile (public), keyed by layout revision',
  grids: 'Current grids with households, residents, worker and vacancy as a vector tile (public), keyed by layout revision',
  households: 'Household points as a vector tile (admin, planner, dispatcher), clustered below zoom 16; no personal fields',
  incidents: 'Public incidents at their public point as a vector tile (everyone), clustered below zoom 14',
};

/** GET /api/tiles/{layer}/{z}/{x}/{y}.mvt: one route per layer, so each layer has its own access rule. */
export function createTileRoutes(context: AppContext) {
  const router = createRouter();

  router.openapi(
    createRoute({
      method: 'get',
      path: '/tiles',
      tags: ['territory'],
      summary: 'The tile set: the current layout and data revisions and each layer\'s tile URL with its revision',
      responses: { 200: jsonResponse(tileSetSchema, 'The tile set') },
    }),
    async (c) => {
      await context.gridIndex.ensureFresh();
      const revision = context.gridIndex.layoutRevision;
      const dataRevision = await readDataRevision(context.database.sql);
      // asked again whenever the map starts or hears layout.changed on the live stream
      c.header('Cache-Control', 'no-cache');
      return c.json(
        {
          revision,
          dataRevision,
          minZoom: 0,
          maxZoom: maximumTileZoom,
          layers: tileLayers.map((name) => ({
            name,
            url: `/api/tiles/${name}/{z}/{x}/{y}.mvt?revision=${name === 'households' || name === 'incidents' ? dataRevision : revision}`,
            audience: name === 'households' ? ('staff' as const) : ('everyone' as const),
            singleFromZoom: name === 'households' ? householdSingleFromZoom : name === 'incidents' ? incidentSingleFromZoom : null,
          })),
        },
        200,
      );
    },
  );

  for (const layer of tileLayers) {
    router.openapi(
      createRoute({
        method: 'get',
        path: `/tiles/${layer}/{z}/{x}/{y}`,
        tags: ['territory'],
        summary: summaries[layer],
        description:
          'Mapbox Vector Tile 2.1, extent 4096, one source layer named like the layer. Encoded by ST_AsMVT on PostgreSQL and from ' +
          'the same SQL in JavaScript on the embedded database. Communities and grids: with `revision` equal to the current layout ' +
          'revision the answer is immutable; otherwise it must be revalidated (ETag). Households and incidents: clustered tiles (below ' +
          'the single-feature zoom) are kept by the data revision and immutable with the current one; otherwise a minute. ETag of the bytes. ' +
          'An empty body is an empty tile.',
        request: { params: tileParameters, query: revisionQuery },
        responses: {
          200: binaryResponse(vectorTileMediaType, 'The tile (empty when nothing falls in it)'),
          304: { description: 'Not modified: the ETag in If-None-Match still holds' },
        },
      }),
      async (c) => {
        const { z: zoom, x, y } = c.req.valid('param');
        const answer = await readVectorTile(context, {
          layer,
          address: { z: zoom, x, y },
          revision: c.req.valid('query').revision,
          ifNoneMatch: c.req.header('if-none-match'),
        });
        c.header('ETag', answer.etag);
        c.header('Cache-Control', answer.cacheControl);
        if (layer === 'households') c.header('Vary', 'Cookie');
        if (!answer.bytes) return c.body(null, 304);
        return c.body(answer.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': vectorTileMediaType });
      },
    );
  }
  return router;
}
