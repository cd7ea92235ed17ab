import type { Queryable } from '../db/connect.ts';

/**
 * SQL of worker assignment: one open assignment per grid and per worker (partial unique indexes).
 * The only module that writes `grid_assignments`: the assignment routes, grid edits (a grid that
 * ceases loses its worker, undo offers it back) and plans all come through here.
 */

export interface AssignmentGridRow {
  gridId: number;
  versionId: number;
  code: string;
  name: string;
  communityId: number;
  communityName: string;
  workerId: number | null;
  workerName: string | null;
  assignmentId: number | null;
  assignedSince: Date | null;
  households: number;
  residents: number;
  openCases: number;
  areaSquareMetres: number;
}

/** Every current grid (of one community, or all) with its worker, households, residents, open cases and area. */
export async function listAssignmentGrids(sql: Queryable, communityId: number | undefined): Promise<AssignmentGridRow[]> {
  return sql<AssignmentGridRow[]>`
    select gv.grid_id, gv.id as version_id, gv.code, gv.name, gv.community_id, c.name as community_name,
           worker.id as worker_id, worker.name as worker_name, worker.assignment_id, worker.started_at as assigned_since,
           coalesce(figures.households, 0)::int as households,
           coalesce(figures.residents, 0)::int as residents,
           coalesce(cases.open_cases, 0)::int as open_cases,
           round(area_square_metres(gv.geometry))::float8 as area_square_metres
      from grid_versions gv
      join communities c on c.id = gv.community_id
      left join lateral (
        select w.id, w.name, ga.id as assignment_id, ga.started_at
          from grid_assignments ga join workers w on w.id = ga.worker_id
         where ga.grid_id = gv.grid_id and ga.ended_at is null
      ) worker on true
      left join lateral (
        select count(*) as households, sum(h.resident_count) as residents from households h where h.grid_id = gv.grid_id
      ) figures on true
      left join lateral (
        select count(*) as open_cases from incidents i
         where i.grid_id = gv.grid_id and i.status not in ('closed', 'rejected')
      ) cases on true
     where gv.valid_to is null
       ${communityId !== undefined ? sql`and gv.community_id = ${communityId}` : sql``}
     order by gv.code`;
}

export interface WorkerSummaryRow {
  id: number;
  name: string;
  gender: string | null;
  dutyPhone: string | null;
  active: boolean;
}

/** Active workers with no open assignment. */
export async function listUnassignedWorkers(sql: Queryable): Promise<WorkerSummaryRow[]> {
  return sql<WorkerSummaryRow[]>`
    select w.id, w.name, w.gender, w.duty_phone, w.active
      from workers w
     where w.active
       and not exists (select 1 from grid_assignments ga where ga.worker_id = w.id and ga.ended_at is null)
     order by w.name, w.id`;
}

export interface LockedGrid {
  gridId: number;
  communityId: number;
  /** null: the grid was merged away or otherwise retired — it no longer exists in the layout */
  versionId: number | null;
  code: string | null;
  name: string | null;
}

/** The grid row locked for the rest of the transaction, with its current version if it has one. */
export async function lockGrid(sql: Queryable, gridId: number): Promise<LockedGrid | undefined> {
  const [row] = await sql<LockedGrid[]>`
    select g.id as grid_id, g.community_id, gv.id as version_id, gv.code, gv.name
      from grids g
      left join grid_versions gv on gv.grid_id = g.id and gv.valid_to is null
     where g.id = ${gridId}
       for update of g`;
  return row;
}

export async function lockWorker(sql: Queryable, workerId: number): Promise<WorkerSummaryRow | undefined> {
  const [row] = await sql<WorkerSummaryRow[]>`
    select id, name, gender, duty_phone, active from workers where id = ${workerId} for update`;
  return row;
}

export interface OpenAssignment {
  id: number;
  gridId: number;
  workerId: number;
  workerName: string;
  gridCode: string | null;
  gridName: string | null;
  startedAt: Date;
}

export async function openAssignmentOfWorker(sql: Queryable, workerId: number): Promise<OpenAssignment | undefined> {
  const [row] = await sql<OpenAssignment[]>`
    select ga.id, ga.grid_id, ga.worker_id, w.name as worker_name, gv.code as grid_code, gv.name as grid_name, ga.started_at
      from grid_assignments ga
      join workers w on w.id = ga.worker_id
      left join grid_versions gv on gv.grid_id = ga.grid_id and gv.valid_to is null
     where ga.worker_id = ${workerId} and ga.ended_at is null`;
  return row;
}

export async function openAssignmentOfGrid(sql: Queryable, gridId: number): Promise<OpenAssignment | undefined> {
  const [row] = await sql<OpenAssignment[]>`
    select ga.id, ga.grid_id, ga.worker_id, w.name as worker_name, gv.code as grid_code, gv.name as grid_name, ga.started_at
      from grid_assignments ga
      join workers w on w.id = ga.worker_id
      left join grid_versions gv on gv.grid_id = ga.grid_id and gv.valid_to is null
     where ga.grid_id = ${gridId} and ga.ended_at is null`;
  return row;
}

/** Ends an open assignment now, recording why and by whom (`reason`/`assigned_by` stay why and by whom it began). */
/** Why an assignment ended: a code rendered in the reader's language (catalogue `assignmentEnds`), with its params. */
export type AssignmentEnd =
  | { code: 'moved'; params: { gridCode: string } }
  | { code: 'replaced'; params: { workerName: string } }
  | { code: 'vacated'; params: Record<string, never> };

export async function endAssignment(sql: Queryable, assignmentId: number, end: AssignmentEnd, endReason: string, endedBy: number | null): Promise<void> {
  await sql`
    update grid_assignments set ended_at = now(), end_code = ${end.code}, end_params = ${sql.json(end.params)}, end_reason = ${endReason}, ended_by = ${endedBy}
     where id = ${assignmentId} and ended_at is null`;
}

export async function startAssignment(
  sql: Queryable,
  assignment: { gridId: number; workerId: number; assignedBy: number; reason: string },
): Promise<{ id: number; startedAt: Date }> {
  const [row] = await sql<{ id: number; startedAt: Date }[]>`
    insert into grid_assignments (grid_id, worker_id, assigned_by, reason)
    values (${assignment.gridId}, ${assignment.workerId}, ${assignment.assignedBy}, ${assignment.reason})
    returning id, started_at`;
  return row!;
}

export interface AssignmentHistoryRow {
  id: number;
  gridId: number;
  workerId: number;
  workerName: string;
  /** the grid's code and name when the assignment began (or the earliest version after, for older rows) */
  gridCode: string | null;
  gridName: string | null;
  startedAt: Date;
  endedAt: Date | null;
  assignedById: number | null;
  assignedByName: string | null;
  reason: string | null;
  endedByName: string | null;
  endReason: string | null;
  endCode: string | null;
  endParams: Record<string, unknown>;
}

/** Assignments of a worker or of a grid, newest first. */
export async function listAssignmentHistory(sql: Queryable, filter: { workerId: number } | { gridId: number }): Promise<AssignmentHistoryRow[]> {
  return sql<AssignmentHistoryRow[]>`
    select ga.id, ga.grid_id, ga.worker_id, w.name as worker_name, version.code as grid_code, version.name as grid_name,
           ga.started_at, ga.ended_at, ga.assigned_by as assigned_by_id, u.display_name as assigned_by_name, ga.reason,
           ender.display_name as ended_by_name, ga.end_reason, ga.end_code, ga.end_params
      from grid_assignments ga
      join workers w on w.id = ga.worker_id
      left join users u on u.id = ga.assigned_by
      left join users ender on ender.id = ga.ended_by
      left join lateral (
        select gv.code, gv.name from grid_versions gv
         where gv.grid_id = ga.grid_id
         order by (gv.valid_from <= ga.started_at and (gv.valid_to is null or gv.valid_to > ga.started_at)) desc, gv.valid_from
         limit 1
      ) version on true
     where ${'workerId' in filter ? sql`ga.worker_id = ${filter.workerId}` : sql`ga.grid_id = ${filter.gridId}`}
     order by ga.started_at desc, ga.id desc`;
}

export async function findWorker(sql: Queryable, workerId: number): Promise<WorkerSummaryRow | undefined> {
  const [row] = await sql<WorkerSummaryRow[]>`select id, name, gender, duty_phone, active from workers where id = ${workerId}`;
  return row;
}

/** Ends the open assignments of grids that cease to exist (an edit or a plan removed them). */
export async function endAssignments(
  sql: Queryable,
  gridIds: number[],
  end: { code: 'grid_ceased'; params: { operation: string } } | { code: 'grid_ceased_in_plan'; params: { planId: number } },
): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    update grid_assignments set ended_at = now(), end_code = ${end.code}, end_params = ${sql.json(end.params)}
     where grid_id = any(${gridIds}::int[]) and ended_at is null
    returning id`;
  return rows.map((row) => Number(row.id));
}

/** Give back ended assignments to grids that exist again, where grid and worker are both free. */
export async function restoreAssignments(sql: Queryable, assignmentIds: number[], changedBy: number | null): Promise<number> {
  const rows = await sql`
    insert into grid_assignments (grid_id, worker_id, assigned_by, reason)
    select a.grid_id, a.worker_id, ${changedBy}, 'restored by undo'
      from grid_assignments a
      join workers w on w.id = a.worker_id and w.active
     where a.id = any(${assignmentIds}::bigint[])
       and exists (select 1 from grid_versions gv where gv.grid_id = a.grid_id and gv.valid_to is null)
       and not exists (select 1 from grid_assignments b where b.grid_id = a.grid_id and b.ended_at is null)
       and not exists (select 1 from grid_assignments b where b.worker_id = a.worker_id and b.ended_at is null)
    returning id`;
  return rows.length;
}

export interface WorkerWithGridRow {
  id: number;
  name: string;
  gender: string | null;
  phone: string | null;
  dutyPhone: string | null;
  dutyHours: string | null;
  active: boolean;
  gridId: number | null;
  gridCode: string | null;
  gridName: string | null;
  idNumberHash: string | null;
}

/** Every worker with the grid they serve now (if any), in grid-code order: the staff list. */
export async function listWorkersWithGrids(sql: Queryable): Promise<WorkerWithGridRow[]> {
  return sql<WorkerWithGridRow[]>`
    select w.id, w.name, w.gender, w.phone, w.duty_phone, w.duty_hours, w.active, w.id_number_hash,
           ga.grid_id, gv.code as grid_code, gv.name as grid_name
      from workers w
      left join grid_assignments ga on ga.worker_id = w.id and ga.ended_at is null
      left join grid_versions gv on gv.grid_id = ga.grid_id and gv.valid_to is null
     order by gv.code nulls last, w.id`;
}
