import type { Queryable } from '../db/connect.ts';
import type { GeometryHex } from '../grids/grid-editing.repo.ts';

/** SQL of draft plans (migration 0009). Geometry travels as hex EWKB, as in grid editing. */

export type PlanStatus = 'draft' | 'scheduled' | 'published' | 'discarded' | 'conflicted';

export interface PlanRow {
  id: number;
  name: string;
  note: string | null;
  status: PlanStatus;
  communityIds: number[];
  baseVersionIds: number[];
  rollsBackPlanId: number | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: Date;
  updatedAt: Date;
  effectiveAt: Date | null;
  publishedAt: Date | null;
  publishedBy: number | null;
  publishedByName: string | null;
  discardedAt: Date | null;
  statusReason: string | null;
}

/** A community as a plan sees it; `boundary` null means "as it is live". */
export interface PlanCommunity {
  communityId: number;
  isNew: boolean;
  streetId: number;
  code: string;
  name: string;
  boundary: GeometryHex | null;
  fromCommunityId: number | null;
  /** for communities the plan creates: the residents' committee's service hall */
  serviceHallAddress?: string | null;
  serviceHallHours?: string | null;
  dutyPhone?: string | null;
}

export interface PlanStepRow {
  id: number;
  planId: number;
  step: number;
  operation: string;
  at: Date;
  changedBy: number | null;
  changedByName: string | null;
  changeNote: string | null;
  versionIds: number[];
  communities: PlanCommunity[];
  undoesStep: number | null;
  details: Record<string, unknown> | null;
}

export interface LayoutVersion {
  versionId: number;
  gridId: number;
  communityId: number;
  code: string;
  name: string;
  geometry: GeometryHex;
}

const planColumns = (sql: Queryable) => sql`
  p.id, p.name, p.note, p.status, p.community_ids, p.base_version_ids::float8[] as base_version_ids, p.rolls_back_plan_id,
  p.created_by, creator.display_name as created_by_name, p.created_at, p.updated_at, p.effective_at, p.published_at,
  p.published_by, publisher.display_name as published_by_name, p.discarded_at, p.status_reason`;

export async function insertPlan(
  sql: Queryable,
  plan: { name: string; note: string | null; communityIds: number[]; baseVersionIds: number[]; createdBy: number | null; rollsBackPlanId?: number | null },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into plans (name, note, community_ids, base_version_ids, created_by, rolls_back_plan_id)
    values (${plan.name}, ${plan.note}, ${plan.communityIds}::int[], ${plan.baseVersionIds}::bigint[], ${plan.createdBy},
            ${plan.rollsBackPlanId ?? null})
    returning id`;
  return row!.id;
}

export async function findPlan(sql: Queryable, planId: number, lock = false): Promise<PlanRow | undefined> {
  if (lock) await sql`select id from plans where id = ${planId} for update`;
  const [row] = await sql<PlanRow[]>`
    select ${planColumns(sql)}
      from plans p
      left join users creator on creator.id = p.created_by
      left join users publisher on publisher.id = p.published_by
     where p.id = ${planId}`;
  return row;
}

export interface PlanListRow extends PlanRow {
  communityNames: string[];
  stepCount: number;
  lastChangeAt: Date;
  /** the live layout of its communities moved on since the plan's base */
  stale: boolean;
}

export async function listPlans(sql: Queryable, filter: { status?: PlanStatus; communityId?: number; limit: number }): Promise<PlanListRow[]> {
  return sql<PlanListRow[]>`
    select ${planColumns(sql)},
           (select array_agg(c.name order by c.code) from communities c where c.id = any(p.community_ids)) as community_names,
           (select count(*)::int from plan_steps s where s.plan_id = p.id) as step_count,
           (select max(s.at) from plan_steps s where s.plan_id = p.id) as last_change_at,
           p.status in ('draft', 'scheduled') and exists (
             select 1 from grid_versions gv
              where gv.community_id = any(p.community_ids) and gv.valid_to is null and not (gv.id = any(p.base_version_ids))
             union all
             select 1 from grid_versions gv
              where gv.id = any(p.base_version_ids) and gv.valid_to is not null) as stale
      from plans p
      left join users creator on creator.id = p.created_by
      left join users publisher on publisher.id = p.published_by
     where true
       ${filter.status ? sql`and p.status = ${filter.status}` : sql``}
       ${filter.communityId !== undefined ? sql`and ${filter.communityId} = any(p.community_ids)` : sql``}
     order by p.id desc
     limit ${filter.limit}`;
}

export async function setPlanStatus(
  sql: Queryable,
  planId: number,
  change: { status: PlanStatus; effectiveAt?: Date | null; publishedBy?: number | null; reason?: string | null },
): Promise<void> {
  await sql`
    update plans set status = ${change.status}, updated_at = now(),
           effective_at = ${change.effectiveAt === undefined ? sql`effective_at` : change.effectiveAt},
           published_by = ${change.publishedBy === undefined ? sql`published_by` : change.publishedBy},
           published_at = ${change.status === 'published' ? sql`now()` : sql`null`},
           discarded_at = ${change.status === 'discarded' ? sql`now()` : sql`discarded_at`},
           status_reason = ${change.reason ?? null}
     where id = ${planId}`;
}

export async function setPlanBase(sql: Queryable, planId: number, baseVersionIds: number[]): Promise<void> {
  await sql`update plans set base_version_ids = ${baseVersionIds}::bigint[], updated_at = now() where id = ${planId}`;
}

export async function touchPlan(sql: Queryable, planId: number): Promise<void> {
  await sql`update plans set updated_at = now() where id = ${planId}`;
}

const stepColumns = (sql: Queryable) => sql`
  s.id, s.plan_id, s.step, s.operation, s.at, s.changed_by, u.display_name as changed_by_name, s.change_note,
  s.version_ids::float8[] as version_ids, s.communities, s.undoes_step, s.details`;

export async function latestStep(sql: Queryable, planId: number): Promise<PlanStepRow> {
  const [row] = await sql<PlanStepRow[]>`
    select ${stepColumns(sql)} from plan_steps s left join users u on u.id = s.changed_by
     where s.plan_id = ${planId} order by s.step desc limit 1`;
  if (!row) throw new Error(`plan ${planId} has no steps`);
  return row;
}

export async function findStep(sql: Queryable, planId: number, step: number): Promise<PlanStepRow | undefined> {
  const [row] = await sql<PlanStepRow[]>`
    select ${stepColumns(sql)} from plan_steps s left join users u on u.id = s.changed_by
     where s.plan_id = ${planId} and s.step = ${step}`;
  return row;
}

export async function listSteps(sql: Queryable, planId: number): Promise<Omit<PlanStepRow, 'versionIds' | 'communities'>[]> {
  return sql`
    select s.id, s.plan_id, s.step, s.operation, s.at, s.changed_by, u.display_name as changed_by_name, s.change_note,
           s.undoes_step, s.details
      from plan_steps s left join users u on u.id = s.changed_by
     where s.plan_id = ${planId} order by s.step`;
}

export async function insertStep(
  sql: Queryable,
  step: {
    planId: number;
    step: number;
    operation: string;
    changedBy: number | null;
    changeNote: string | null;
    versionIds: number[];
    communities: PlanCommunity[];
    undoesStep?: number | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await sql`
    insert into plan_steps (plan_id, step, operation, changed_by, change_note, version_ids, communities, undoes_step, details)
    values (${step.planId}, ${step.step}, ${step.operation}, ${step.changedBy}, ${step.changeNote}, ${step.versionIds}::bigint[],
            ${JSON.stringify(step.communities)}::text::jsonb, ${step.undoesStep ?? null},
            ${step.details ? sql`${JSON.stringify(step.details)}::text::jsonb` : null})`;
}

/** Current (live) version ids of the given communities. */
export async function liveVersionIds(sql: Queryable, communityIds: number[]): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`
    select id::float8 as id from grid_versions where community_id = any(${communityIds}::int[]) and valid_to is null order by id`;
  return rows.map((row) => row.id);
}

/** The current layout of communities as rows (inside a sandbox: the plan's layout). */
export async function currentLayout(sql: Queryable, communityIds: number[]): Promise<LayoutVersion[]> {
  return sql<LayoutVersion[]>`
    select id::float8 as version_id, grid_id, community_id, code, name, ST_AsHEXEWKB(geometry) as geometry
      from grid_versions where community_id = any(${communityIds}::int[]) and valid_to is null order by code`;
}

/** Which of these ids the plan stores as its own versions. */
export async function planVersionIdsAmong(sql: Queryable, planId: number, versionIds: number[]): Promise<Set<number>> {
  const rows = await sql<{ id: number }[]>`
    select id::float8 as id from plan_grid_versions where plan_id = ${planId} and id = any(${versionIds}::bigint[])`;
  return new Set(rows.map((row) => row.id));
}

export async function insertPlanVersions(sql: Queryable, planId: number, versions: LayoutVersion[]): Promise<void> {
  for (const version of versions) {
    await sql`
      insert into plan_grid_versions (id, plan_id, grid_id, community_id, code, name, geometry)
      values (${version.versionId}, ${planId}, ${version.gridId}, ${version.communityId}, ${version.code}, ${version.name},
              ${version.geometry}::geometry)`;
  }
}

/** Rows of versions wherever they live: the plan's own or grid_versions (live or past). */
export async function versionRows(sql: Queryable, versionIds: number[]): Promise<LayoutVersion[]> {
  return sql<LayoutVersion[]>`
    select id::float8 as version_id, grid_id, community_id, code, name, ST_AsHEXEWKB(geometry) as geometry
      from plan_grid_versions where id = any(${versionIds}::bigint[])
    union all
    select id::float8, grid_id, community_id, code, name, ST_AsHEXEWKB(geometry)
      from grid_versions gv
     where id = any(${versionIds}::bigint[]) and not exists (select 1 from plan_grid_versions p where p.id = gv.id)
     order by code`;
}

export async function nextVersionId(sql: Queryable): Promise<number> {
  const [row] = await sql<{ id: number }[]>`select nextval('grid_versions_id_seq')::float8 as id`;
  return row!.id;
}

export async function nextGridId(sql: Queryable): Promise<number> {
  const [row] = await sql<{ id: number }[]>`select nextval('grids_id_seq')::int as id`;
  return row!.id;
}

export async function nextCommunityId(sql: Queryable): Promise<number> {
  const [row] = await sql<{ id: number }[]>`select nextval('communities_id_seq')::int as id`;
  return row!.id;
}

export interface CommunityRow {
  id: number;
  streetId: number;
  code: string;
  name: string;
}

export async function findCommunities(sql: Queryable, communityIds: number[]): Promise<CommunityRow[]> {
  return sql<CommunityRow[]>`select id, street_id, code, name from communities where id = any(${communityIds}::int[]) order by code`;
}

/** Lock the communities a plan touches, in id order (no deadlock between two publishers). */
export async function lockCommunities(sql: Queryable, communityIds: number[]): Promise<void> {
  await sql`select id from communities where id = any(${communityIds}::int[]) order by id for update`;
}

export interface LiveChange {
  gridId: number;
  code: string;
  name: string;
  /** 'changed': a new live version; 'removed': no live version any more; 'added': a live grid the plan never saw */
  kind: 'changed' | 'removed' | 'added';
  changedAt: Date | null;
  changedByName: string | null;
  changeNote: string | null;
}

/** What happened to the live layout since the plan's base: the conflict summary. */
export async function liveChangesSince(sql: Queryable, communityIds: number[], baseVersionIds: number[]): Promise<LiveChange[]> {
  return sql<LiveChange[]>`
    with base as (
      select gv.grid_id, gv.code, gv.name from grid_versions gv where gv.id = any(${baseVersionIds}::bigint[]) and gv.valid_to is not null
    ),
    live as (
      select gv.id, gv.grid_id, gv.code, gv.name, gv.valid_from, gv.changed_by, gv.change_note
        from grid_versions gv
       where gv.community_id = any(${communityIds}::int[]) and gv.valid_to is null and not (gv.id = any(${baseVersionIds}::bigint[]))
    )
    select coalesce(l.grid_id, b.grid_id) as grid_id, coalesce(l.code, b.code) as code, coalesce(l.name, b.name) as name,
           case when l.grid_id is null then 'removed' when b.grid_id is null then 'added' else 'changed' end as kind,
           coalesce(l.valid_from, (select max(e.valid_to) from grid_versions e where e.grid_id = b.grid_id)) as changed_at,
           u.display_name as changed_by_name, l.change_note
      from live l
      full join base b on b.grid_id = l.grid_id
      left join users u on u.id = l.changed_by
     order by 2`;
}

export interface ClippedImportShape {
  geometry: string | null;
  valid: boolean | null;
  reason: string | null;
  empty: boolean | null;
}

/**
 * An imported polygon as a plan stores it: made valid at the editor's precision and clipped to a
 * territory (the community's boundary for grids, the street's for communities). The callers refuse
 * an unreadable, empty or invalid result — PGlite's PostGIS reports GEOS trouble as nulls, not errors.
 */
export async function clipImportedShape(
  sql: Queryable,
  geometry: GeoJSON.Geometry,
  territory: ReturnType<Queryable>,
  precision: number,
): Promise<ClippedImportShape | undefined> {
  const [shape] = await sql<ClippedImportShape[]>`
    with input as (
      select ST_MakeValid(ST_ReducePrecision(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326), ${precision})) as g
    ),
    clipped as (
      select ST_Multi(ST_CollectionExtract(ST_Intersection(input.g, (${territory}), ${precision}), 3)) as g from input
    )
    select ST_AsHEXEWKB(g) as geometry, ST_IsValid(g) as valid, ST_IsValidReason(g) as reason, ST_IsEmpty(g) as empty from clipped`;
  return shape;
}
