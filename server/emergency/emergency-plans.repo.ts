import type { Queryable } from '../db/connect.ts';
import { zoneTodaySql } from '../time/zone.ts';

/** SQL of the plans (预案), their risk sources, versions and drills (migration 0019). */

export interface PlanFields {
  title: string;
  level: 'street' | 'community' | 'site';
  communityId: number | null;
  status: 'draft' | 'current';
  eventKinds: string[];
  coversRiskSourceIds: number[];
  triggerConditions: string;
  responseLevels: { level: 'I' | 'II' | 'III' | 'IV'; actions: string[] }[];
  roles: { role: string; name: string; phone: string | null }[];
  resources: { kind: 'shelter' | 'assembly_point' | 'equipment_store'; name: string; point: [number, number] }[];
  reviewedOn: string;
}

export interface PlanRow extends Omit<PlanFields, 'status'> {
  id: number;
  status: 'draft' | 'current' | 'retired';
  version: number;
  reviewDue: string;
  reviewOverdue: boolean;
  lastDrillOn: string | null;
  drillOverdue: boolean;
  updatedAt: Date;
}

export async function readPolicyInteger(sql: Queryable, key: string, fallback: number): Promise<number> {
  const [row] = await sql<{ value: unknown }[]>`select value from policy where key = ${key}`;
  const value = Number(row?.value);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export async function listPlans(sql: Queryable, filter: { id?: number; includeRetired?: boolean } = {}): Promise<PlanRow[]> {
  const drillMonths = await readPolicyInteger(sql, 'emergency_drill_period_months', 12);
  return sql<PlanRow[]>`
    select p.id, p.title, p.level, p.community_id, p.status, p.version, p.event_kinds, p.trigger_conditions,
           p.response_levels, p.roles, p.resources,
           to_char(p.reviewed_on, 'YYYY-MM-DD') as reviewed_on, to_char(p.review_due_on, 'YYYY-MM-DD') as review_due,
           p.status = 'current' and p.review_due_on < ${zoneTodaySql(sql)} as review_overdue,
           to_char(drill.last_on, 'YYYY-MM-DD') as last_drill_on,
           p.status = 'current' and (drill.last_on is null or drill.last_on < ${zoneTodaySql(sql)} - make_interval(months => ${drillMonths})) as drill_overdue,
           coalesce((select array_agg(c.risk_source_id order by c.risk_source_id) from emergency_plan_risk_sources c where c.plan_id = p.id), '{}') as covers_risk_source_ids,
           p.updated_at
      from emergency_plans p
      left join lateral (select max(d.held_on) as last_on from emergency_drills d where d.plan_id = p.id) drill on true
     where true
       ${filter.id !== undefined ? sql`and p.id = ${filter.id}` : sql``}
       ${filter.includeRetired ? sql`` : sql`and p.status <> 'retired'`}
     order by p.id`;
}

/** Risk source ids among `ids` that do not exist. */
export async function unknownRiskSources(sql: Queryable, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await sql<{ id: number }[]>`
    select wanted.id from unnest(${ids}::int[]) as wanted (id)
     where not exists (select 1 from risk_sources r where r.id = wanted.id)`;
  return rows.map((row) => row.id);
}

export async function unknownCategories(sql: Queryable, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await sql<{ code: string }[]>`
    select wanted.code from unnest(${codes}::text[]) as wanted (code)
     where not exists (select 1 from incident_categories c where c.code = wanted.code and c.major_code is not null)`;
  return rows.map((row) => row.code);
}

export async function communityExists(sql: Queryable, id: number): Promise<boolean> {
  const [row] = await sql`select 1 from communities where id = ${id}`;
  return Boolean(row);
}

export async function lockPlan(sql: Queryable, id: number): Promise<{ id: number; status: string; version: number } | undefined> {
  const [row] = await sql<{ id: number; status: string; version: number }[]>`select id, status, version from emergency_plans where id = ${id} for update`;
  return row;
}

export async function insertPlan(sql: Queryable, fields: PlanFields, reviewMonths: number, userId: number): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into emergency_plans (title, level, community_id, status, event_kinds, trigger_conditions, response_levels, roles, resources,
                                 reviewed_on, review_due_on, updated_by)
    values (${fields.title}, ${fields.level}, ${fields.communityId}, ${fields.status}, ${fields.eventKinds}::text[], ${fields.triggerConditions},
            ${JSON.stringify(fields.responseLevels)}::text::jsonb, ${JSON.stringify(fields.roles)}::text::jsonb, ${JSON.stringify(fields.resources)}::text::jsonb,
            ${fields.reviewedOn}::date, (${fields.reviewedOn}::date + make_interval(months => ${reviewMonths}))::date, ${userId})
    returning id`;
  await replaceCoverage(sql, row!.id, fields.coversRiskSourceIds);
  return row!.id;
}

/** A new version of the plan: the row takes the new fields, the version number goes up. */
export async function updatePlan(sql: Queryable, id: number, fields: PlanFields, reviewMonths: number, userId: number): Promise<void> {
  await sql`
    update emergency_plans
       set title = ${fields.title}, level = ${fields.level}, community_id = ${fields.communityId}, status = ${fields.status},
           event_kinds = ${fields.eventKinds}::text[], trigger_conditions = ${fields.triggerConditions},
           response_levels = ${JSON.stringify(fields.responseLevels)}::text::jsonb, roles = ${JSON.stringify(fields.roles)}::text::jsonb,
           resources = ${JSON.stringify(fields.resources)}::text::jsonb, reviewed_on = ${fields.reviewedOn}::date,
           review_due_on = (${fields.reviewedOn}::date + make_interval(months => ${reviewMonths}))::date,
           version = version + 1, updated_at = now(), updated_by = ${userId}
     where id = ${id}`;
  await replaceCoverage(sql, id, fields.coversRiskSourceIds);
}

async function replaceCoverage(sql: Queryable, planId: number, riskSourceIds: number[]): Promise<void> {
  await sql`delete from emergency_plan_risk_sources where plan_id = ${planId}`;
  if (riskSourceIds.length > 0) {
    await sql`insert into emergency_plan_risk_sources (plan_id, risk_source_id) select ${planId}, unnest(${riskSourceIds}::int[])`;
  }
}

export async function retirePlan(sql: Queryable, id: number, at: Date, userId: number): Promise<void> {
  await sql`update emergency_plans set status = 'retired', retired_at = ${at}, updated_at = ${at}, updated_by = ${userId} where id = ${id}`;
}

export async function insertPlanVersion(sql: Queryable, planId: number, version: number, snapshot: unknown, userId: number): Promise<void> {
  await sql`
    insert into emergency_plan_versions (plan_id, version, snapshot, saved_by)
    values (${planId}, ${version}, ${JSON.stringify(snapshot)}::text::jsonb, ${userId})`;
}

export async function listPlanVersions(sql: Queryable, planId: number) {
  return sql<{ version: number; savedAt: Date; savedBy: number | null; snapshot: Record<string, unknown> }[]>`
    select version, saved_at, saved_by, snapshot from emergency_plan_versions where plan_id = ${planId} order by version`;
}

export async function insertDrill(sql: Queryable, drill: { planId: number; heldOn: string; participants: number; findings: string }, userId: number) {
  const [row] = await sql<{ id: number; planId: number; heldOn: string; participants: number; findings: string; recordedAt: Date }[]>`
    insert into emergency_drills (plan_id, held_on, participants, findings, recorded_by)
    values (${drill.planId}, ${drill.heldOn}::date, ${drill.participants}, ${drill.findings}, ${userId})
    returning id, plan_id, to_char(held_on, 'YYYY-MM-DD') as held_on, participants, findings, recorded_at`;
  return row!;
}

export async function listDrills(sql: Queryable, planId: number) {
  return sql<{ id: number; planId: number; heldOn: string; participants: number; findings: string; recordedAt: Date }[]>`
    select id, plan_id, to_char(held_on, 'YYYY-MM-DD') as held_on, participants, findings, recorded_at
      from emergency_drills where plan_id = ${planId} order by held_on desc, id desc`;
}

/** Risk sources of level 重大 (1) or 较大 (2) that no current plan covers. */
export async function uncoveredRiskSources(sql: Queryable) {
  return sql<{ id: number; name: string; kind: string; level: number; communityId: number | null }[]>`
    select r.id, r.name, r.kind, r.level, r.community_id
      from risk_sources r
     where r.level <= 2
       and not exists (
         select 1 from emergency_plan_risk_sources c join emergency_plans p on p.id = c.plan_id
          where c.risk_source_id = r.id and p.status = 'current')
     order by r.level, r.id`;
}
