import type { Geometry } from '../../contract/common.ts';
import type { Queryable } from '../db/connect.ts';
import { editTolerances } from '../grids/edit-tolerances.ts';
import { overlapsOfVersions, reassignHouseholds, reassignOpenIncidents } from '../grids/grid-editing.repo.ts';
import { endAssignments } from '../workers/assignment.repo.ts';
import { Failure, problem } from '../http/failure.ts';
import { layoutProblemMessage, type LayoutProblemCode, type LayoutProblemParams } from '../messages/message-catalogue.ts';
import { liveVersionIds, lockCommunities, type PlanCommunity } from './plans.repo.ts';

export interface PlanLayout {
  planId: number;
  /** the grid versions that make up the plan's layout of its communities */
  versionIds: number[];
  communities: PlanCommunity[];
}

/**
 * A problem of a plan's layout: fatal when publishing, listed when viewing. A stable `code` with
 * its `params`; `message` is rendered from the catalogue (zh-CN here, the request's language at the
 * edge: server/messages/localise-answer.ts).
 */
export interface LayoutProblem {
  code: LayoutProblemCode;
  params: Record<string, string | number | null>;
  message: string;
  geometry: Geometry | null;
  details: Record<string, unknown>;
}

function layoutProblem<C extends LayoutProblemCode>(code: C, params: LayoutProblemParams<C>, geometry: Geometry | null, details: Record<string, unknown>): LayoutProblem {
  return { code, params: params as LayoutProblem['params'], message: layoutProblemMessage('zh-CN', code, params), geometry, details };
}

export interface MaterializedLayout {
  endedVersionIds: number[];
  insertedVersionIds: number[];
  removedGridIds: number[];
  endedAssignmentIds: number[];
  householdsMoved: number;
  incidentsMoved: number;
  problems: LayoutProblem[];
}

const precision = editTolerances.precisionDegrees;

/**
 * The one write path of plans: make a plan's layout the current one. Used two ways — inside a
 * savepoint that is rolled back (the plan's sandbox: editing, viewing and comparing run against the
 * plan's layout as if it were live, with every check of the editing write path), and committed
 * (publishing). It creates the communities the plan creates, applies changed boundaries, ends the
 * live versions the plan replaces and inserts the plan's versions with their own ids at `at`, ends
 * the assignments of grids that cease, moves households and open incidents, and checks the result:
 * no overlaps, every community covered, every household in a current grid.
 *
 * `at` null is the sandbox instant: a millisecond before `now()`, so an edit made inside the
 * sandbox (which versions at `now()`) can end the plan's versions without an empty period.
 */
export async function materializePlanLayout(
  sql: Queryable,
  layout: PlanLayout,
  options: { at: Date | null; userId: number | null; changeNote: string | null; failOnProblems: boolean },
): Promise<MaterializedLayout> {
  const existing = layout.communities.filter((community) => !community.isNew).map((community) => community.communityId);
  await lockCommunities(sql, existing);
  const at = options.at === null ? sql`now() - interval '1 millisecond'` : sql`${options.at}::timestamptz`;

  // 1. communities: new ones are created, changed boundaries applied
  for (const community of layout.communities) {
    if (community.isNew) {
      await sql`
        insert into communities (id, street_id, code, name, boundary, service_hall_address, service_hall_hours, duty_phone)
        values (${community.communityId}, ${community.streetId}, ${community.code}, ${community.name},
                ST_Multi(${community.boundary}::geometry), ${community.serviceHallAddress ?? null},
                ${community.serviceHallHours ?? null}, ${community.dutyPhone ?? null})`;
    } else if (community.boundary !== null) {
      await sql`update communities set boundary = ST_Multi(${community.boundary}::geometry) where id = ${community.communityId}`;
    }
  }

  // 2. which live versions end, which plan versions start
  const live = await liveVersionIds(sql, existing);
  const wanted = new Set(layout.versionIds);
  const toEnd = live.filter((id) => !wanted.has(id));
  const liveSet = new Set(live);
  const toInsert = layout.versionIds.filter((id) => !liveSet.has(id));
  if (toEnd.length > 0) {
    const [late] = await sql<{ code: string; validFrom: Date }[]>`
      select code, valid_from from grid_versions where id = any(${toEnd}::bigint[]) and valid_from >= ${at} order by valid_from desc limit 1`;
    if (late) {
      throw new Failure('effective_before_last_change', { code: late.code, changedAt: late.validFrom.toISOString() }, {
        fields: [problem('effectiveAt', 'not_after', { instant: late.validFrom.toISOString() })],
      });
    }
  }
  const ended = await sql<{ gridId: number }[]>`
    update grid_versions set valid_to = ${at} where id = any(${toEnd}::bigint[]) returning grid_id`;
  const stored = await sql<{ id: number }[]>`select id::float8 as id from plan_grid_versions where id = any(${toInsert}::bigint[])`;
  if (stored.length !== toInsert.length) {
    const missing = toInsert.filter((id) => !stored.some((row) => row.id === id));
    throw new Error(`plan ${layout.planId} names versions that are neither live nor its own: ${missing.join(', ')}`);
  }
  // grids the plan creates get their row now; grids moved to another community follow it
  await sql`
    insert into grids (id, community_id)
    select distinct on (grid_id) grid_id, community_id from plan_grid_versions where id = any(${toInsert}::bigint[])
    on conflict (id) do update set community_id = excluded.community_id`;
  await sql`
    insert into grid_versions (id, grid_id, community_id, code, name, geometry, valid_from, changed_by, change_note, plan_id)
    select id, grid_id, community_id, code, name, geometry, ${at}, ${options.userId}, ${options.changeNote}, plan_id
      from plan_grid_versions where id = any(${toInsert}::bigint[])`;

  // 3. grids that cease lose their worker; households and open incidents follow the new boundaries
  const allCommunityIds = layout.communities.map((community) => community.communityId);
  const currentGrids = await sql<{ gridId: number }[]>`
    select grid_id from grid_versions where community_id = any(${allCommunityIds}::int[]) and valid_to is null`;
  const currentGridIds = currentGrids.map((row) => row.gridId);
  const endedGridIds = [...new Set(ended.map((row) => row.gridId))];
  const removedGridIds = endedGridIds.filter((gridId) => !currentGridIds.includes(gridId));
  const endedAssignmentIds = removedGridIds.length > 0 ? await endAssignments(sql, removedGridIds, { code: 'grid_ceased_in_plan', params: { planId: layout.planId } }) : [];
  const householdsMoved = endedGridIds.length > 0 ? await reassignHouseholds(sql, endedGridIds, currentGridIds) : 0;
  const incidentsMoved = endedGridIds.length > 0 ? await reassignOpenIncidents(sql, endedGridIds, currentGridIds) : 0;
  if (layout.communities.some((community) => community.isNew || community.boundary !== null)) {
    // buildings and open cases belong to the community that now contains them
    await sql`
      update buildings b set community_id = c.id
        from communities c
       where c.id = any(${allCommunityIds}::int[]) and b.community_id = any(${allCommunityIds}::int[])
         and b.community_id <> c.id and ST_Intersects(c.boundary, b.location)`;
    await sql`
      update incidents i set community_id = gv.community_id
        from grid_versions gv
       where gv.grid_id = i.grid_id and gv.valid_to is null and gv.community_id = any(${allCommunityIds}::int[])
         and i.status not in ('closed', 'rejected') and i.community_id is distinct from gv.community_id`;
  }

  // 4. the checks
  const problems = await layoutProblems(sql, allCommunityIds, toInsert);
  if (options.failOnProblems && problems.length > 0) {
    throw invalidLayout(problems);
  }
  return {
    endedVersionIds: toEnd,
    insertedVersionIds: toInsert,
    removedGridIds,
    endedAssignmentIds,
    householdsMoved,
    incidentsMoved,
    problems,
  };
}

/** Overlaps among the inserted versions and their siblings, uncovered parts of communities, orphaned households. */
async function layoutProblems(sql: Queryable, communityIds: number[], insertedVersionIds: number[]): Promise<LayoutProblem[]> {
  const problems: LayoutProblem[] = [];
  const overlaps = insertedVersionIds.length > 0 ? await overlapsOfVersions(sql, insertedVersionIds) : [];
  const seen = new Set<string>();
  for (const overlap of overlaps) {
    const key = [overlap.gridId, overlap.otherGridId].sort().join('-');
    if (seen.has(key)) continue;
    seen.add(key);
    const areaSquareMetres = Number((overlap.areaSquareMetres ?? 0).toFixed(1));
    problems.push(layoutProblem('overlap', { code: overlap.code, otherCode: overlap.otherCode, areaSquareMetres }, overlap.geometry, {
      grids: [overlap.code, overlap.otherCode], areaSquareMetres: overlap.areaSquareMetres,
    }));
  }
  const coverage = await sql<{ communityId: number; code: string; name: string; gridCount: number; uncovered: number | null; gap: Geometry | null }[]>`
    with covered as (
      select community_id, count(*)::int as grid_count, ST_UnaryUnion(ST_Collect(geometry), ${precision}) as geometry
        from grid_versions where community_id = any(${communityIds}::int[]) and valid_to is null group by community_id
    ),
    gaps as (
      select c.id, c.code, c.name, coalesce(v.grid_count, 0) as grid_count,
             case when v.geometry is null then c.boundary
                  else ST_CollectionExtract(ST_Difference(c.boundary, v.geometry, ${precision}), 3) end as gap
        from communities c left join covered v on v.community_id = c.id
       where c.id = any(${communityIds}::int[])
    )
    select id as community_id, code, name, grid_count, area_square_metres(gap)::float8 as uncovered,
           ST_AsGeoJSON(gap, 9)::json as gap
      from gaps`;
  for (const community of coverage) {
    if (community.gridCount === 0) {
      problems.push(layoutProblem('community_without_grids', { name: community.name, code: community.code }, community.gap, { communityId: community.communityId }));
    } else if ((community.uncovered ?? 0) > editTolerances.gapSquareMetres) {
      problems.push(layoutProblem('gap', {
        name: community.name, code: community.code, areaSquareMetres: Number((community.uncovered ?? 0).toFixed(1)), toleranceSquareMetres: editTolerances.gapSquareMetres,
      }, community.gap, { communityId: community.communityId, areaSquareMetres: community.uncovered }));
    }
  }
  const [orphaned] = await sql<{ count: number }[]>`
    select count(*)::int as count
      from households h join buildings b on b.id = h.building_id
     where b.community_id = any(${communityIds}::int[])
       and not exists (select 1 from grid_versions gv where gv.grid_id = h.grid_id and gv.valid_to is null)`;
  if ((orphaned?.count ?? 0) > 0) {
    problems.push(layoutProblem('households_orphaned', { households: orphaned!.count }, null, { households: orphaned!.count }));
  }
  return problems;
}

/** 422 `plan_layout_invalid`: the layout breaks the rules publishing enforces; every problem in details.problems. */
export function invalidLayout(problems: LayoutProblem[]): Failure {
  return new Failure('plan_layout_invalid', { count: problems.length }, { geometry: problems[0]?.geometry ?? null, problems });
}
