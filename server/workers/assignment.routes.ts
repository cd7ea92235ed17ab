import { createRoute, z } from '@hono/zod-openapi';
import {
  assignmentOverviewSchema, assignmentResultSchema, gridAssignmentHistorySchema, vacancyResultSchema, workerAssignmentHistorySchema,
} from '../../contract/workers.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { AppContext } from '../app-context.ts';
import { readEditPolicy } from '../grids/edit-policy.ts';
import { createRouter } from '../http/create-router.ts';
import { notFound } from '../http/failure.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { databaseIdSchema, idParameter } from '../http/query-parameters.ts';
import { assignWorker, vacateGrid } from './assign-worker.ts';
import { assignmentEndMessage, type Locale } from '../messages/message-catalogue.ts';
import { findWorker, listAssignmentGrids, listAssignmentHistory, listUnassignedWorkers, type AssignmentHistoryRow } from './assignment.repo.ts';
import { openCasesPerWorker, overloadedAbove, patrolAreaSquareMetres, workloadIndex, workloadWeights } from './workload-index.ts';
import { databaseIdPattern } from '../http/strict-values.ts';

const reasonField = z.string().trim().min(1).max(200);
const assignRequest = z
  .object({
    workerId: databaseIdSchema,
    reason: reasonField,
    moveFromCurrentGrid: z.boolean().optional(),
  })
  .openapi('AssignWorkerRequest');
const vacateRequest = z.object({ reason: reasonField }).openapi('VacateGridRequest');

const communityIdQuery = z
  .string()
  .regex(databaseIdPattern)
  .transform(Number)
  .optional()
  .openapi({ param: { name: 'communityId', in: 'query' }, type: 'integer' });

const historyView = (locale: Locale) => ({ endParams, ...row }: AssignmentHistoryRow) => ({
  ...row,
  startedAt: row.startedAt.toISOString(),
  endedAt: row.endedAt?.toISOString() ?? null,
  endSummary: row.endCode ? assignmentEndMessage(locale, row.endCode, endParams ?? {}) : null,
});

/**
 * Worker assignment (issue 6, part 5): the table of grids with their workers and workload, assign
 * and vacate (use cases in assign-worker.ts), and the history of a worker or a grid. Writes bump
 * layout_revision by trigger; this process also invalidates its resident-lookup index at once.
 */
export function createAssignmentRoutes({ database, gridIndex }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/assignments',
      tags: ['workers'],
      summary: 'Every current grid with its worker (or vacant), households, open cases, area and workload index; vacancies, overloaded grids, unassigned workers',
      description:
        `workloadIndex = ${workloadWeights.households} × households / grid_households_max + ${workloadWeights.openCases} × openCases / ${openCasesPerWorker}` +
        ` + ${workloadWeights.area} × area / ${patrolAreaSquareMetres} m²; overloaded above ${overloadedAbove}.`,
      request: { query: z.object({ communityId: communityIdQuery }) },
      responses: { 200: jsonResponse(assignmentOverviewSchema, 'Assignments') },
    }),
    async (c) => {
      const { communityId } = c.req.valid('query');
      const policy = await readEditPolicy(sql);
      const [rows, unassignedWorkers] = await Promise.all([listAssignmentGrids(sql, communityId), listUnassignedWorkers(sql)]);
      const grids = rows.map((row) => {
        const workload = workloadIndex(row, policy.gridHouseholdsMax);
        return {
          ...row,
          assignedSince: row.assignedSince?.toISOString() ?? null,
          workloadIndex: workload.index,
          workloadParts: workload.parts,
          vacant: row.workerId === null,
          overloaded: workload.overloaded,
        };
      });
      const summary = (grid: (typeof grids)[number]) => ({
        gridId: grid.gridId, code: grid.code, name: grid.name, communityName: grid.communityName,
        workerId: grid.workerId, workerName: grid.workerName, workloadIndex: grid.workloadIndex,
      });
      return c.json(
        {
          formula: {
            weights: workloadWeights,
            householdsMax: policy.gridHouseholdsMax,
            householdsMin: policy.gridHouseholdsMin,
            openCasesPerWorker,
            patrolAreaSquareMetres,
            overloadedAbove,
          },
          grids,
          vacancies: grids.filter((grid) => grid.vacant).map(summary),
          overloaded: grids.filter((grid) => grid.overloaded).sort((a, b) => b.workloadIndex - a.workloadIndex).map(summary),
          unassignedWorkers,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'put',
      path: '/grids/{id}/worker',
      tags: ['workers'],
      summary: 'Assign a worker to a grid; the grid\'s previous worker (if any) is relieved; moveFromCurrentGrid moves a worker who serves another grid',
      request: {
        params: z.object({ id: idParameter }),
        body: { content: { 'application/json': { schema: assignRequest } }, required: true },
      },
      responses: {
        200: jsonResponse(assignmentResultSchema, 'The new assignment and what it ended'),
        400: errorResponse('Malformed body: reason missing or longer than 200 characters, workerId not a positive integer'),
        404: errorResponse('No such grid or worker'),
        409: errorResponse('worker_has_grid: the worker serves another grid (details.currentGrid) and moveFromCurrentGrid is not true; grid_no_longer_exists: the grid has no current version'),
        422: errorResponse('worker_inactive: the worker is not active'),
      },
    }),
    async (c) => {
      const { id: gridId } = c.req.valid('param');
      const result = await assignWorker(sql, signedInViewer(c.get('viewer')), { gridId, ...c.req.valid('json'), clientAddress: c.get('clientAddress') });
      if (result.changed) gridIndex.invalidate();
      return c.json(result, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete',
      path: '/grids/{id}/worker',
      tags: ['workers'],
      summary: 'Relieve a grid\'s worker: the grid becomes vacant (a grid already vacant answers vacated: false)',
      request: {
        params: z.object({ id: idParameter }),
        body: { content: { 'application/json': { schema: vacateRequest } }, required: true },
      },
      responses: {
        200: jsonResponse(vacancyResultSchema, 'What was ended'),
        400: errorResponse('reason missing or too long'),
        404: errorResponse('No such grid'),
        409: errorResponse('grid_no_longer_exists'),
      },
    }),
    async (c) => {
      const { id: gridId } = c.req.valid('param');
      const result = await vacateGrid(sql, signedInViewer(c.get('viewer')), { gridId, reason: c.req.valid('json').reason, clientAddress: c.get('clientAddress') });
      if (result.vacated) gridIndex.invalidate();
      return c.json(result, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/workers/{id}/assignments',
      tags: ['workers'],
      summary: 'A worker\'s assignment history: grid code and name at the time, started, ended, assigned by whom, reason',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(workerAssignmentHistorySchema, 'History, newest first'), 404: errorResponse('No such worker') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const worker = await findWorker(sql, id);
      if (!worker) throw notFound('worker', id);
      return c.json({ worker, assignments: (await listAssignmentHistory(sql, { workerId: id })).map(historyView(c.get('locale'))) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/grids/{id}/assignments',
      tags: ['workers'],
      summary: 'A grid\'s assignment history: who served it, from when to when, assigned by whom and why',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(gridAssignmentHistorySchema, 'History, newest first'), 404: errorResponse('No such grid') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const [grid] = await sql`select id from grids where id = ${id}`;
      if (!grid) throw notFound('grid', id);
      return c.json({ gridId: id, assignments: (await listAssignmentHistory(sql, { gridId: id })).map(historyView(c.get('locale'))) }, 200);
    },
  );

  return router;
}
