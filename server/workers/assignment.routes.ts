import { createRoute, z } from '@hono/zod-openapi';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { AppContext } from '../app-context.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { readEditPolicy } from '../grids/edit-policy.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, notFound } from '../http/failure.ts';
import { idParameter } from '../http/query-parameters.ts';
import {
  endAssignment, findWorker, listAssignmentGrids, listAssignmentHistory, listUnassignedWorkers, lockGrid, lockWorker,
  openAssignmentOfGrid, openAssignmentOfWorker, startAssignment,
} from './assignment.repo.ts';
import { openCasesPerWorker, overloadedAbove, patrolAreaSquareMetres, workloadIndex, workloadWeights } from './workload-index.ts';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.any() }) }).openapi('Error');
const errorResponse = (description: string) => ({ content: { 'application/json': { schema: errorSchema } }, description });

const reasonField = z.string().trim().min(1, 'reason is required').max(200, 'reason must be at most 200 characters');
const assignRequest = z
  .object({
    workerId: z.number().int().positive(),
    reason: reasonField,
    moveFromCurrentGrid: z.boolean().optional(),
  })
  .openapi('AssignWorkerRequest');
const vacateRequest = z.object({ reason: reasonField }).openapi('VacateGridRequest');

const communityIdQuery = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'communityId must be a positive integer')
  .transform(Number)
  .optional()
  .openapi({ param: { name: 'communityId', in: 'query' }, type: 'integer' });

/**
 * Worker assignment (issue 6, part 5): one active worker per grid and one grid per worker, held by
 * the partial unique indexes on grid_assignments; these routes check first so that every refusal
 * is a clear 4xx that changes nothing. Writes bump layout_revision by trigger; this process also
 * invalidates its resident-lookup index at once.
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
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'Assignments' } },
    }),
    async (c) => {
      const { communityId } = c.req.valid('query');
      const policy = await readEditPolicy(sql);
      const [rows, unassignedWorkers] = await Promise.all([listAssignmentGrids(sql, communityId), listUnassignedWorkers(sql)]);
      const grids = rows.map((row) => {
        const workload = workloadIndex(row, policy.gridHouseholdsMax);
        return {
          ...row,
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
        200: { content: { 'application/json': { schema: z.any() } }, description: 'The new assignment and what it ended' },
        400: errorResponse('Malformed body: reason missing or longer than 200 characters, workerId not a positive integer'),
        404: errorResponse('No such grid or worker'),
        409: errorResponse('worker_has_grid: the worker serves another grid (details.currentGrid) and moveFromCurrentGrid is not true; grid_no_longer_exists: the grid has no current version'),
        422: errorResponse('The worker is not active'),
      },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id: gridId } = c.req.valid('param');
      const { workerId, reason, moveFromCurrentGrid } = c.req.valid('json');
      const result = await sql.begin(async (transaction) => {
        const grid = await lockGrid(transaction, gridId);
        if (!grid) throw notFound('grid', gridId);
        if (grid.versionId === null) {
          throw new Failure('grid_no_longer_exists', `Grid ${gridId} no longer exists in the current layout`, { field: 'id', gridId });
        }
        const worker = await lockWorker(transaction, workerId);
        if (!worker) throw new Failure('not_found', `worker ${workerId} does not exist`, { field: 'workerId', workerId });
        if (!worker.active) {
          throw new Failure('unprocessable', `Worker ${worker.name} is not active`, { field: 'workerId', workerId });
        }
        const workersGrid = await openAssignmentOfWorker(transaction, workerId);
        if (workersGrid?.gridId === gridId) {
          return { changed: false as const, assignmentId: workersGrid.id, startedAt: workersGrid.startedAt, replaced: null, movedFrom: null };
        }
        if (workersGrid && moveFromCurrentGrid !== true) {
          throw new Failure('worker_has_grid', `${worker.name} already serves grid ${workersGrid.gridCode ?? workersGrid.gridId} ${workersGrid.gridName ?? ''}`.trim(), {
            field: 'workerId',
            workerId,
            workerName: worker.name,
            currentGrid: { id: workersGrid.gridId, code: workersGrid.gridCode, name: workersGrid.gridName },
          });
        }
        if (workersGrid) await endAssignment(transaction, workersGrid.id, `moved to grid ${grid.code}: ${reason}`, viewer.userId);
        const previous = await openAssignmentOfGrid(transaction, gridId);
        if (previous) await endAssignment(transaction, previous.id, `replaced by ${worker.name}: ${reason}`, viewer.userId);
        const started = await startAssignment(transaction, { gridId, workerId, assignedBy: viewer.userId, reason });
        await recordAudit(transaction, {
          viewer,
          action: 'worker.assign',
          objectType: 'grid',
          objectId: gridId,
          result: 'ok',
          clientAddress: c.get('clientAddress'),
          details: {
            gridCode: grid.code,
            workerId,
            workerName: worker.name,
            reason,
            replacedWorkerId: previous?.workerId ?? null,
            movedFromGridId: workersGrid?.gridId ?? null,
          },
        });
        return {
          changed: true as const,
          assignmentId: started.id,
          startedAt: started.startedAt,
          replaced: previous ? { workerId: previous.workerId, workerName: previous.workerName } : null,
          movedFrom: workersGrid ? { gridId: workersGrid.gridId, code: workersGrid.gridCode, name: workersGrid.gridName } : null,
        };
      });
      if (result.changed) gridIndex.invalidate();
      return c.json({ gridId, workerId, ...result }, 200);
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
        200: { content: { 'application/json': { schema: z.any() } }, description: 'What was ended' },
        400: errorResponse('reason missing or too long'),
        404: errorResponse('No such grid'),
        409: errorResponse('grid_no_longer_exists'),
      },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id: gridId } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const ended = await sql.begin(async (transaction) => {
        const grid = await lockGrid(transaction, gridId);
        if (!grid) throw notFound('grid', gridId);
        if (grid.versionId === null) {
          throw new Failure('grid_no_longer_exists', `Grid ${gridId} no longer exists in the current layout`, { field: 'id', gridId });
        }
        const current = await openAssignmentOfGrid(transaction, gridId);
        if (!current) return null;
        await endAssignment(transaction, current.id, `vacated: ${reason}`, viewer.userId);
        await recordAudit(transaction, {
          viewer,
          action: 'worker.vacate',
          objectType: 'grid',
          objectId: gridId,
          result: 'ok',
          clientAddress: c.get('clientAddress'),
          details: { gridCode: grid.code, workerId: current.workerId, workerName: current.workerName, reason },
        });
        return { assignmentId: current.id, workerId: current.workerId, workerName: current.workerName };
      });
      if (ended) gridIndex.invalidate();
      return c.json({ gridId, vacated: ended !== null, ended }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/workers/{id}/assignments',
      tags: ['workers'],
      summary: 'A worker\'s assignment history: grid code and name at the time, started, ended, assigned by whom, reason',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'History, newest first' }, 404: errorResponse('No such worker') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const worker = await findWorker(sql, id);
      if (!worker) throw notFound('worker', id);
      return c.json({ worker, assignments: await listAssignmentHistory(sql, { workerId: id }) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/grids/{id}/assignments',
      tags: ['workers'],
      summary: 'A grid\'s assignment history: who served it, from when to when, assigned by whom and why',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'History, newest first' }, 404: errorResponse('No such grid') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const [grid] = await sql`select id from grids where id = ${id}`;
      if (!grid) throw notFound('grid', id);
      return c.json({ gridId: id, assignments: await listAssignmentHistory(sql, { gridId: id }) }, 200);
    },
  );

  return router;
}
