import type { AssignmentResult, VacancyResult } from '../../contract/workers.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Failure, notFound } from '../http/failure.ts';
import { endAssignment, lockGrid, lockWorker, openAssignmentOfGrid, openAssignmentOfWorker, startAssignment } from './assignment.repo.ts';

/**
 * Worker assignment as use cases: each locks the grid (and the worker) in one transaction, checks,
 * writes through assignment.repo.ts and the audit row together. One active worker per grid and one
 * grid per worker are held by the partial unique indexes; these checks come first so that every
 * refusal is a clear 4xx that changes nothing.
 */

async function lockCurrentGrid(transaction: Queryable, gridId: number) {
  const grid = await lockGrid(transaction, gridId);
  if (!grid) throw notFound('grid', gridId);
  if (grid.versionId === null) throw new Failure('grid_no_longer_exists', { gridId }, { field: 'id', gridId });
  return grid;
}

/** Assign a worker to a grid; the grid's previous worker is relieved; `moveFromCurrentGrid` moves a worker who serves another grid. */
export async function assignWorker(
  sql: Sql,
  viewer: UserViewer,
  request: { gridId: number; workerId: number; reason: string; moveFromCurrentGrid?: boolean | undefined; clientAddress: string },
): Promise<AssignmentResult> {
  const { gridId, workerId, reason, moveFromCurrentGrid } = request;
  return sql.begin(async (transaction) => {
    const grid = await lockCurrentGrid(transaction, gridId);
    const worker = await lockWorker(transaction, workerId);
    if (!worker) throw new Failure('not_found', { what: 'worker', id: workerId }, { field: 'workerId', workerId });
    if (!worker.active) throw new Failure('worker_inactive', { name: worker.name }, { field: 'workerId', workerId });
    const workersGrid = await openAssignmentOfWorker(transaction, workerId);
    if (workersGrid?.gridId === gridId) {
      return {
        gridId, workerId, changed: false, assignmentId: workersGrid.id, startedAt: workersGrid.startedAt.toISOString(), replaced: null, movedFrom: null,
      };
    }
    if (workersGrid && moveFromCurrentGrid !== true) {
      throw new Failure('worker_has_grid', { name: worker.name, gridCode: workersGrid.gridCode ?? String(workersGrid.gridId), gridName: workersGrid.gridName ?? '' }, {
        field: 'workerId',
        workerId,
        workerName: worker.name,
        currentGrid: { id: workersGrid.gridId, code: workersGrid.gridCode, name: workersGrid.gridName },
      });
    }
    if (workersGrid) await endAssignment(transaction, workersGrid.id, { code: 'moved', params: { gridCode: grid.code ?? String(gridId) } }, reason, viewer.userId);
    const previous = await openAssignmentOfGrid(transaction, gridId);
    if (previous) await endAssignment(transaction, previous.id, { code: 'replaced', params: { workerName: worker.name } }, reason, viewer.userId);
    const started = await startAssignment(transaction, { gridId, workerId, assignedBy: viewer.userId, reason });
    await recordAudit(transaction, {
      viewer, action: 'worker.assign', objectType: 'grid', objectId: gridId, result: 'ok', clientAddress: request.clientAddress,
      details: {
        gridCode: grid.code, workerId, workerName: worker.name, reason,
        replacedWorkerId: previous?.workerId ?? null, movedFromGridId: workersGrid?.gridId ?? null,
      },
    });
    return {
      gridId,
      workerId,
      changed: true,
      assignmentId: started.id,
      startedAt: started.startedAt.toISOString(),
      replaced: previous ? { workerId: previous.workerId, workerName: previous.workerName } : null,
      movedFrom: workersGrid ? { gridId: workersGrid.gridId, code: workersGrid.gridCode, name: workersGrid.gridName } : null,
    };
  });
}

/** Relieve a grid's worker: the grid becomes vacant (a grid already vacant answers vacated: false). */
export async function vacateGrid(
  sql: Sql,
  viewer: UserViewer,
  request: { gridId: number; reason: string; clientAddress: string },
): Promise<VacancyResult> {
  const { gridId, reason } = request;
  const ended = await sql.begin(async (transaction) => {
    const grid = await lockCurrentGrid(transaction, gridId);
    const current = await openAssignmentOfGrid(transaction, gridId);
    if (!current) return null;
    await endAssignment(transaction, current.id, { code: 'vacated', params: {} }, reason, viewer.userId);
    await recordAudit(transaction, {
      viewer, action: 'worker.vacate', objectType: 'grid', objectId: gridId, result: 'ok', clientAddress: request.clientAddress,
      details: { gridCode: grid.code, workerId: current.workerId, workerName: current.workerName, reason },
    });
    return { assignmentId: current.id, workerId: current.workerId, workerName: current.workerName };
  });
  return { gridId, vacated: ended !== null, ended };
}
