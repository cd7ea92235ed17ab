import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import {
  communityLayoutMetricsSchema, infoGridsAnswerSchema, planMetricsSchema, populationAnswerSchema, residentsGroupsAnswerSchema,
} from '../../contract/population.ts';
import { idParameter } from '../http/query-parameters.ts';
import { communityLayoutMetrics, planMetrics } from './layout-metrics-view.ts';
import { infoGridsOfGrid } from './info-grids-view.ts';
import { populationFigures } from './population-figures.ts';
import { residentsGroupsView } from './residents-groups.ts';

const monthParameter = z
  .string()
  .regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/)
  .openapi({ param: { name: 'month', in: 'query' }, example: '2026-05', description: 'the month of the movement figures (default: this month)' });

const gridIdParameter = z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number)
  .openapi({ param: { name: 'gridId', in: 'query' }, type: 'integer' });

export function createPopulationRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/population',
      tags: ['population'],
      summary: 'Population figures by grid or community: registered, resident, floating, 人户分离 both ways, special care, moves in and out',
      request: {
        query: z.object({
          level: z.enum(['grid', 'community']).default('grid').openapi({ param: { name: 'level', in: 'query' } }),
          month: monthParameter.optional(),
        }),
      },
      responses: { 200: jsonResponse(populationAnswerSchema, 'Figures per grid or community and their totals'), 400: errorResponse('A bad level or month') },
    }),
    async (c) => {
      const { level, month } = c.req.valid('query');
      return c.json(await populationFigures(sql, level, month), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/residents-groups',
      tags: ['population'],
      summary: "Residents' groups (居民小组) and each community's status under the 500 / 1,500 / 2,000 household rule",
      responses: { 200: jsonResponse(residentsGroupsAnswerSchema, "The rule, the communities' status and the groups") },
    }),
    async (c) => c.json(await residentsGroupsView(sql, c.get('locale')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/info-grids',
      tags: ['population'],
      summary: 'Population information grids (about ten buildings, one 人口信息员 each) inside a grid',
      request: { query: z.object({ gridId: gridIdParameter }) },
      responses: {
        200: jsonResponse(infoGridsAnswerSchema, 'The information grids of the grid\'s current version'),
        400: errorResponse('gridId missing or malformed'),
        404: errorResponse('No such grid'),
      },
    }),
    async (c) => c.json(await infoGridsOfGrid(sql, c.req.valid('query').gridId), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/plans/{id}/metrics',
      tags: ['plans'],
      summary: 'Plan metrics before and after: household deviation, Polsby–Popper, convex-hull ratio, contiguity, boundary on roads, workload spread',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(planMetricsSchema, 'The metrics of the live layout the plan started from and of the plan'), 404: errorResponse('No such plan') },
    }),
    async (c) => c.json(await sql.begin((transaction) => planMetrics(transaction, c.req.valid('param').id)), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/communities/{id}/layout-metrics',
      tags: ['territory'],
      summary: 'The same metrics for the live layout of a community',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(communityLayoutMetricsSchema, 'The metrics of the community\'s grids'), 404: errorResponse('No such community') },
    }),
    async (c) => c.json(await communityLayoutMetrics(sql, c.req.valid('param').id), 200),
  );

  return router;
}
