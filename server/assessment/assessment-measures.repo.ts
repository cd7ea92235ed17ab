import type { AssessmentLevel } from '../../contract/assessment.ts';
import type { Queryable } from '../db/connect.ts';

/**
 * The rows the assessment counts, read from the system's own records for one period and level.
 * Each loader returns rows with the subject they belong to; counting happens in
 * score-computation.ts, so the score and its sources (the rows behind an item) cannot disagree.
 */

export interface SubjectRow {
  id: number;
  nameZh: string;
  gridId: number | null;
  gridCode: string | null;
  gridName: string | null;
  communityId: number;
  communityName: string;
  grids: number;
  households: number;
  householdsChecked: number;
  areaKm2: number;
}

export interface CaseDueRow { id: number; trackingCode: string; subjectId: number; major: string; dueAt: Date; handledAt: Date | null }
export interface ReworkRow { id: number; incidentId: number; trackingCode: string; subjectId: number; at: Date }
export interface PatrolRow { id: number; trackingCode: string; subjectId: number; reportedAt: Date }
export interface RatingRow { id: number; trackingCode: string; subjectId: number; satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; ratedAt: Date }
export interface HouseholdRow { id: number; subjectId: number; label: string; infoCheckedOn: string | null }

export interface Window {
  start: Date;
  asOf: Date;
  /** the households' information counts as current when checked on or after this local day */
  checkedSince: string;
}

/** Who is assessed at a level: active workers who served a grid in the period; every community (and its station). */
export async function loadSubjects(sql: Queryable, level: AssessmentLevel, window: Window): Promise<SubjectRow[]> {
  // households are counted once per grid and joined, not counted per subject row
  const householdsByGrid = sql`
    select h.grid_id, count(*)::int as households, (count(*) filter (where h.info_checked_on >= ${window.checkedSince}::date))::int as checked
      from households h group by h.grid_id`;
  if (level === 'worker') {
    return sql<SubjectRow[]>`
      with hh as (${householdsByGrid})
      select distinct on (w.id)
             w.id, w.name as name_zh, a.grid_id, gv.code as grid_code, gv.name as grid_name,
             g.community_id, c.name as community_name, 1 as grids,
             coalesce(hh.households, 0) as households, coalesce(hh.checked, 0) as households_checked,
             coalesce(round((ST_Area(gv.geometry::geography) / 1e6)::numeric, 3)::float8, 0) as area_km2
        from workers w
        join grid_assignments a on a.worker_id = w.id
        join grids g on g.id = a.grid_id
        join communities c on c.id = g.community_id
        left join hh on hh.grid_id = a.grid_id
        left join lateral (
          select v.code, v.name, v.geometry from grid_versions v
           where v.grid_id = a.grid_id and v.plan_id is null and v.valid_from < ${window.asOf}
           order by v.valid_from desc limit 1) gv on true
       where w.active and a.started_at < ${window.asOf} and (a.ended_at is null or a.ended_at > ${window.start})
       order by w.id, a.started_at desc`;
  }
  return sql<SubjectRow[]>`
    with hh as (${householdsByGrid}),
    by_community as (
      select g.community_id, sum(hh.households)::int as households, sum(hh.checked)::int as checked
        from hh join grids g on g.id = hh.grid_id group by g.community_id),
    grid_counts as (
      select v.community_id, count(*)::int as grids from grid_versions v
       where v.plan_id is null and v.valid_from <= ${window.asOf} and (v.valid_to is null or v.valid_to > ${window.asOf})
       group by v.community_id)
    select c.id, c.name as name_zh, null::int as grid_id, null::text as grid_code, null::text as grid_name,
           c.id as community_id, c.name as community_name, coalesce(gc.grids, 0) as grids,
           coalesce(b.households, 0) as households, coalesce(b.checked, 0) as households_checked,
           round((ST_Area(c.boundary::geography) / 1e6)::numeric, 3)::float8 as area_km2
      from communities c
      left join by_community b on b.community_id = c.id
      left join grid_counts gc on gc.community_id = c.id
     order by c.id`;
}

const subjectColumn = (sql: Queryable, level: AssessmentLevel) => (level === 'worker' ? sql`i.assigned_worker_id` : sql`i.community_id`);
const majorFilter = (sql: Queryable, majors: readonly string[] | undefined) =>
  majors ? sql`and left(i.category_code, 2) = any(${majors as string[]}::text[])` : sql``;

/** Cases whose deadline fell in the period (so far): handled by it, or not. Rejected reports are not cases. */
export async function loadCasesDue(sql: Queryable, level: AssessmentLevel, window: Window, majors?: readonly string[]): Promise<CaseDueRow[]> {
  return sql<CaseDueRow[]>`
    select i.id::int, i.tracking_code, ${subjectColumn(sql, level)} as subject_id, left(i.category_code, 2) as major, i.due_at, i.handled_at
      from incidents i
     where i.due_at >= ${window.start} and i.due_at < ${window.asOf} and i.status <> 'rejected'
       and ${subjectColumn(sql, level)} is not null ${majorFilter(sql, majors)}
     order by i.id`;
}

/** Failed checks (返工) in the period on the subject's cases. */
export async function loadRework(sql: Queryable, level: AssessmentLevel, window: Window, majors?: readonly string[]): Promise<ReworkRow[]> {
  return sql<ReworkRow[]>`
    select e.id::int, e.incident_id::int, i.tracking_code, ${subjectColumn(sql, level)} as subject_id, e.at
      from incident_events e join incidents i on i.id = e.incident_id
     where e.to_status = 'rework' and e.at >= ${window.start} and e.at < ${window.asOf}
       and ${subjectColumn(sql, level)} is not null ${majorFilter(sql, majors)}
     order by e.id`;
}

/**
 * Patrol reports (巡查上报) in the period, not rejected: a worker's are those found in the grid they
 * served at that moment; a community's, all found inside it.
 */
export async function loadPatrolReports(sql: Queryable, level: AssessmentLevel, window: Window, majors?: readonly string[]): Promise<PatrolRow[]> {
  if (level === 'worker') {
    return sql<PatrolRow[]>`
      select i.id::int, i.tracking_code, a.worker_id as subject_id, i.reported_at
        from incidents i
        join grid_assignments a on a.grid_id = i.grid_id and a.started_at <= i.reported_at and (a.ended_at is null or a.ended_at > i.reported_at)
       where i.source = 'patrol' and i.status <> 'rejected' and i.reported_at >= ${window.start} and i.reported_at < ${window.asOf}
         ${majorFilter(sql, majors)}
       order by i.id`;
  }
  return sql<PatrolRow[]>`
    select i.id::int, i.tracking_code, i.community_id as subject_id, i.reported_at
      from incidents i
     where i.source = 'patrol' and i.status <> 'rejected' and i.reported_at >= ${window.start} and i.reported_at < ${window.asOf}
       and i.community_id is not null ${majorFilter(sql, majors)}
     order by i.id`;
}

/** Residents' satisfaction ratings given in the period on the subject's cases. */
export async function loadRatings(sql: Queryable, level: AssessmentLevel, window: Window, majors?: readonly string[]): Promise<RatingRow[]> {
  return sql<RatingRow[]>`
    select i.id::int, i.tracking_code, ${subjectColumn(sql, level)} as subject_id, i.satisfaction, i.satisfaction_rated_at as rated_at
      from incidents i
     where i.satisfaction_rated_at >= ${window.start} and i.satisfaction_rated_at < ${window.asOf}
       and ${subjectColumn(sql, level)} is not null ${majorFilter(sql, majors)}
     order by i.id`;
}

/**
 * The households of the subject's grid (worker) or community, with the day their information was
 * last checked. Households are not versioned: the grid's households today stand for the period's.
 */
export async function loadHouseholds(sql: Queryable, level: AssessmentLevel, gridIds: Map<number, number>, subjectId?: number): Promise<HouseholdRow[]> {
  if (level === 'worker') {
    const pairs = [...gridIds].filter(([worker]) => subjectId === undefined || worker === subjectId);
    if (pairs.length === 0) return [];
    return sql<HouseholdRow[]>`
      select h.id, p.worker_id as subject_id, concat_ws('', b.complex_name, b.number, '栋', h.unit, '单元', h.room, '室') as label,
             to_char(h.info_checked_on, 'YYYY-MM-DD') as info_checked_on
        from households h
        join buildings b on b.id = h.building_id
        join (select unnest(${pairs.map(([worker]) => worker)}::int[]) as worker_id, unnest(${pairs.map(([, grid]) => grid)}::int[]) as grid_id) p
          on p.grid_id = h.grid_id
       order by h.id`;
  }
  return sql<HouseholdRow[]>`
    select h.id, g.community_id as subject_id, concat_ws('', b.complex_name, b.number, '栋', h.unit, '单元', h.room, '室') as label,
           to_char(h.info_checked_on, 'YYYY-MM-DD') as info_checked_on
      from households h join grids g on g.id = h.grid_id join buildings b on b.id = h.building_id
     where ${subjectId === undefined ? sql`true` : sql`g.community_id = ${subjectId}`}
     order by h.id`;
}
