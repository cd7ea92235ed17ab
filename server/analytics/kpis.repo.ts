import type { Queryable } from '../db/connect.ts';

/**
 * The command centre's KPIs (BRIEF: reported, registered, dispatched, handled on time, overdue,
 * closed, 按期结案率, rework count, average handling time) for a period [from, to) and an area.
 *
 * Which incidents: those matching every given filter — `communityId` and `gridId` on the
 * community / grid recorded on the incident (the layout at the time of report), `workerId` on the
 * assigned grid worker, `category` a major ('01') or minor ('0101') class.
 *
 * Each KPI counts incidents whose *own* timestamp for that step falls in the period, so a case
 * reported in March and closed in April is reported in March and closed in April:
 *
 * - reported (上报数): `reported_at` in the period.
 * - registered (立案数): `registered_at` in the period.
 * - dispatched (派遣数): `dispatched_at` (the latest dispatch; a re-dispatch moves it) in the period.
 * - handledOnTime (按期处置数): `handled_at` in the period and at or before `due_at` (a case with no
 *   deadline counts as on time). `handled_at` is the latest report-back: a failed check clears it.
 * - overdue (超期数): cases whose deadline `due_at` fell in the period — and before `now` — and that
 *   had not been handled by then (`handled_at` null or later than `due_at`); rejected cases excluded.
 * - closed (结案数): `closed_at` in the period.
 * - closedOnTime: of those, `closed_at` at or before `due_at` (no deadline counts as on time).
 * - onTimeClosureRate (按期结案率): closedOnTime / closed, 0…1; null when nothing was closed.
 * - rework (返工次数): transitions into 'rework' (`incident_events.to_status = 'rework'`, one per
 *   failed check) whose time is in the period; a case reworked twice counts twice.
 * - averageHandlingHours (平均处置时长): mean of `handled_at − dispatched_at` in wall-clock hours over
 *   the cases with `handled_at` in the period and a dispatch before it; null when there are none.
 * - satisfactionRatings (评价数): residents' ratings (满意/基本满意/不满意) given in the period
 *   (`satisfaction_rated_at`), whatever the case's source.
 * - satisfactionRate (满意率): (满意 + 基本满意) / ratings, 0…1; null when nobody rated.
 */
export interface KpiFilter {
  from: Date;
  to: Date;
  communityId?: number;
  gridId?: number;
  workerId?: number;
  category?: string;
}

export interface KpiValues {
  reported: number;
  registered: number;
  dispatched: number;
  handledOnTime: number;
  overdue: number;
  closed: number;
  closedOnTime: number;
  onTimeClosureRate: number | null;
  rework: number;
  averageHandlingHours: number | null;
  satisfactionRatings: number;
  satisfactionRate: number | null;
}

export const kpiNames = [
  'reported', 'registered', 'dispatched', 'handledOnTime', 'overdue', 'closed', 'closedOnTime',
  'onTimeClosureRate', 'rework', 'averageHandlingHours', 'satisfactionRatings', 'satisfactionRate',
] as const satisfies readonly (keyof KpiValues)[];

function incidentConditions(sql: Queryable, filter: KpiFilter) {
  return sql`
    ${filter.communityId !== undefined ? sql`and i.community_id = ${filter.communityId}` : sql``}
    ${filter.gridId !== undefined ? sql`and i.grid_id = ${filter.gridId}` : sql``}
    ${filter.workerId !== undefined ? sql`and i.assigned_worker_id = ${filter.workerId}` : sql``}
    ${filter.category ? sql`and (i.category_code = ${filter.category} or category.major_code = ${filter.category})` : sql``}`;
}

/** All KPIs of one period in one statement. `now` bounds 'overdue' (a deadline still ahead is not missed). */
export async function computeKpis(sql: Queryable, filter: KpiFilter, now: Date): Promise<KpiValues> {
  const { from, to } = filter;
  const overdueUntil = now < to ? now : to;
  const [row] = await sql<(Omit<KpiValues, 'onTimeClosureRate' | 'satisfactionRate'> & { rework: number; satisfied: number })[]>`
    with scoped as (
      select i.id, i.status, i.reported_at, i.registered_at, i.dispatched_at, i.handled_at, i.closed_at, i.due_at,
             i.satisfaction, i.satisfaction_rated_at
        from incidents i
        join incident_categories category on category.code = i.category_code
       where (i.reported_at >= ${from} and i.reported_at < ${to}
              or i.registered_at >= ${from} and i.registered_at < ${to}
              or i.dispatched_at >= ${from} and i.dispatched_at < ${to}
              or i.handled_at >= ${from} and i.handled_at < ${to}
              or i.closed_at >= ${from} and i.closed_at < ${to}
              or i.due_at >= ${from} and i.due_at < ${to}
              or i.satisfaction_rated_at >= ${from} and i.satisfaction_rated_at < ${to}
              or exists (select 1 from incident_events e
                          where e.incident_id = i.id and e.to_status = 'rework' and e.at >= ${from} and e.at < ${to}))
         -- implied by the above, and it lets the monthly partitions after the period go unread (0027): every
         -- time of a case's life follows its report (which may be stamped up to 5 minutes ahead of the
         -- server's clock; a day's margin)
         and i.reported_at < ${to}::timestamptz + interval '1 day'
         ${incidentConditions(sql, filter)}
    )
    select
      count(*) filter (where reported_at >= ${from} and reported_at < ${to})::int as reported,
      count(*) filter (where registered_at >= ${from} and registered_at < ${to})::int as registered,
      count(*) filter (where dispatched_at >= ${from} and dispatched_at < ${to})::int as dispatched,
      count(*) filter (where handled_at >= ${from} and handled_at < ${to} and (due_at is null or handled_at <= due_at))::int as handled_on_time,
      count(*) filter (where due_at >= ${from} and due_at < ${overdueUntil} and status <> 'rejected'
                         and (handled_at is null or handled_at > due_at))::int as overdue,
      count(*) filter (where closed_at >= ${from} and closed_at < ${to})::int as closed,
      count(*) filter (where closed_at >= ${from} and closed_at < ${to} and (due_at is null or closed_at <= due_at))::int as closed_on_time,
      (select count(*)::int from incident_events e
        where e.to_status = 'rework' and e.at >= ${from} and e.at < ${to}
          and e.incident_id in (select id from scoped)) as rework,
      (avg(extract(epoch from (handled_at - dispatched_at)) / 3600.0)
         filter (where handled_at >= ${from} and handled_at < ${to} and dispatched_at is not null and dispatched_at <= handled_at))::float8
         as average_handling_hours,
      count(*) filter (where satisfaction_rated_at >= ${from} and satisfaction_rated_at < ${to})::int as satisfaction_ratings,
      count(*) filter (where satisfaction_rated_at >= ${from} and satisfaction_rated_at < ${to}
                         and satisfaction in ('satisfied', 'basically_satisfied'))::int as satisfied
    from scoped`;
  const values = row!;
  return {
    reported: values.reported,
    registered: values.registered,
    dispatched: values.dispatched,
    handledOnTime: values.handledOnTime,
    overdue: values.overdue,
    closed: values.closed,
    closedOnTime: values.closedOnTime,
    onTimeClosureRate: values.closed > 0 ? values.closedOnTime / values.closed : null,
    rework: values.rework,
    averageHandlingHours: values.averageHandlingHours === null ? null : Number(values.averageHandlingHours),
    satisfactionRatings: values.satisfactionRatings,
    satisfactionRate: values.satisfactionRatings > 0 ? values.satisfied / values.satisfactionRatings : null,
  };
}

export interface HotspotGridRow {
  gridId: number;
  code: string | null;
  name: string | null;
  communityId: number | null;
  reported: number;
}

/** The N grids with the most incidents reported in the period (ties: lower grid code first). */
export async function listHotspotGrids(sql: Queryable, filter: KpiFilter, limit: number): Promise<HotspotGridRow[]> {
  return sql<HotspotGridRow[]>`
    select i.grid_id, version.code, version.name, version.community_id, count(*)::int as reported
      from incidents i
      join incident_categories category on category.code = i.category_code
      left join grid_versions version on version.grid_id = i.grid_id and version.valid_to is null
     where i.reported_at >= ${filter.from} and i.reported_at < ${filter.to} and i.grid_id is not null
       ${incidentConditions(sql, filter)}
     group by i.grid_id, version.code, version.name, version.community_id
     order by reported desc, version.code nulls last, i.grid_id
     limit ${limit}`;
}
