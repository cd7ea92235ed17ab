import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { notFound } from '../http/failure.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { communityCollectionSchema, gridCollectionSchema, gridDetailSchema } from '../../contract/territory.ts';
import { bboxParameter, idParameter, instantParameter } from '../http/query-parameters.ts';
import { communityFeature, featureCollection, gridFeature, gridVersion } from './grid-features.ts';
import { currentWorkerCard, listCommunities, listGrids, listGridVersions } from './territory.repo.ts';


export function createTerritoryRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/communities',
      tags: ['territory'],
      summary: 'Communities with their boundaries and current totals',
      responses: { 200: jsonResponse(communityCollectionSchema, 'GeoJSON') },
    }),
    async (c) => c.json(featureCollection((await listCommunities(sql)).map(communityFeature)), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/grids',
      tags: ['territory'],
      summary: 'Grids in a bounding box, as the layout was at a date (default: now)',
      request: { query: z.object({ bbox: bboxParameter.optional(), at: instantParameter('at').optional() }) },
      responses: {
        200: jsonResponse(gridCollectionSchema, 'GeoJSON'),
        400: errorResponse('A malformed bbox or date'),
      },
    }),
    async (c) => {
      const { bbox, at } = c.req.valid('query');
      const rows = await listGrids(sql, { bbox, at });
      return c.json(featureCollection(rows.map(gridFeature)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/grids/{id}',
      tags: ['territory'],
      summary: 'One grid: current version, worker card and version history',
      request: { params: z.object({ id: idParameter }) },
      responses: {
        200: jsonResponse(gridDetailSchema, 'The grid'),
        404: errorResponse('No such grid'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const [row] = await listGrids(sql, { gridId: id });
      if (!row) throw notFound('grid', id);
      const [worker, versions] = await Promise.all([currentWorkerCard(sql, id), listGridVersions(sql, id)]);
      return c.json({ ...gridFeature(row), worker, versions: versions.map(gridVersion) }, 200);
    },
  );

  return router;
}
