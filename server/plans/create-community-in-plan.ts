import type { Queryable } from '../db/connect.ts';
import { requireGeometry } from '../db/require-geometry.ts';
import { editTolerances } from '../grids/edit-tolerances.ts';
import { defaultGridName } from '../grids/grid-names.ts';
import { Failure, invalidRequest, problem } from '../http/failure.ts';
import type { SandboxOutcome } from './run-plan-step.ts';
import { nextCommunityId, type PlanCommunity, type PlanStepRow } from './plans.repo.ts';

export interface CreateCommunityRequest {
  name: string;
  versionIds: number[];
  serviceHallAddress?: string;
  serviceHallHours?: string;
  dutyPhone?: string;
}

export interface CreatedCommunity {
  communityId: number;
  code: string;
  name: string;
  fromCommunityId: number;
  grids: { gridId: number; code: string; name: string; previousCode: string }[];
}

const precision = editTolerances.precisionDegrees;

/**
 * Community change inside a plan: some grids of one community become a new community (e.g. give a
 * large resettlement complex its own residents' committee). The new community gets the next free
 * 3-digit code in its street, its boundary is the union of its grids and is cut out of the old
 * community; its grids keep their identity (and worker) but are renumbered under the new code.
 * Runs in the plan's sandbox (server/plans/run-plan-step.ts); publishing creates it for real.
 */
export async function createCommunityInPlan(
  sandbox: Queryable,
  step: PlanStepRow,
  request: CreateCommunityRequest,
): Promise<SandboxOutcome<CreatedCommunity>> {
  const grids = await sandbox<{ versionId: number; gridId: number; communityId: number; code: string; name: string }[]>`
    select id::float8 as version_id, grid_id, community_id, code, name
      from grid_versions where id = any(${request.versionIds}::bigint[]) and valid_to is null order by code`;
  const missing = request.versionIds.filter((id) => !grids.some((grid) => grid.versionId === id));
  if (missing.length > 0) {
    throw new Failure('versions_not_in_plan', { ids: missing.join(', ') }, { versionIds: missing });
  }
  const sourceIds = [...new Set(grids.map((grid) => grid.communityId))];
  if (sourceIds.length !== 1) {
    throw invalidRequest([problem('versionIds', 'grids_of_one_community', {})]);
  }
  const sourceId = sourceIds[0]!;
  const source = step.communities.find((community) => community.communityId === sourceId);
  if (!source) throw invalidRequest([problem('versionIds', 'grid_of_plan_communities', {})]);
  const [left] = await sandbox<{ remaining: number }[]>`
    select count(*)::int as remaining from grid_versions where community_id = ${sourceId} and valid_to is null
       and not (id = any(${request.versionIds}::bigint[]))`;
  if (left!.remaining === 0) {
    throw invalidRequest([problem('versionIds', 'community_would_keep_no_grid', { name: source.name })]);
  }
  const [clash] = await sandbox`select code from communities where street_id = ${source.streetId} and name = ${request.name}`;
  if (clash) {
    throw new Failure('community_name_taken', { name: request.name }, { fields: [problem('name', 'already_used', {})] });
  }

  const [street] = await sandbox<{ code: string; highest: number }[]>`
    select s.code, coalesce(max(substr(c.code, 10, 3)::int), 0) as highest
      from streets s left join communities c on c.street_id = s.id where s.id = ${source.streetId} group by s.code`;
  const sequence = street!.highest + 1;
  if (sequence > 999) throw new Failure('community_sequence_exhausted', {});
  const code = `${street!.code}${String(sequence).padStart(3, '0')}`;
  const communityId = await nextCommunityId(sandbox);

  const boundaries = requireGeometry(
    await sandbox<{ created: string | null; remainder: string | null; valid: boolean | null }[]>`
      with created as (
        select ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(geometry), ${precision}), 3)) as g
          from grid_versions where id = any(${request.versionIds}::bigint[])
      ),
      remainder as (
        select ST_Multi(ST_CollectionExtract(ST_Difference(c.boundary, created.g, ${precision}), 3)) as g
          from communities c, created where c.id = ${sourceId}
      )
      select ST_AsHEXEWKB(created.g) as created, ST_AsHEXEWKB(remainder.g) as remainder,
             ST_IsValid(created.g) and ST_IsValid(remainder.g) and not ST_IsEmpty(remainder.g) as valid
        from created, remainder`,
    'created',
    'new community boundary',
  );
  if (!boundaries.valid || boundaries.remainder === null) {
    throw new Failure('community_cut_failed', {}, { geometry: null });
  }

  await sandbox`
    insert into communities (id, street_id, code, name, boundary, service_hall_address, service_hall_hours, duty_phone)
    values (${communityId}, ${source.streetId}, ${code}, ${request.name}, ${boundaries.created}::geometry,
            ${request.serviceHallAddress ?? null}, ${request.serviceHallHours ?? null}, ${request.dutyPhone ?? null})`;
  await sandbox`update communities set boundary = ${boundaries.remainder}::geometry where id = ${sourceId}`;
  const gridIds = grids.map((grid) => grid.gridId);
  await sandbox`update grids set community_id = ${communityId} where id = any(${gridIds}::int[])`;
  const renumbered: CreatedCommunity['grids'] = [];
  await sandbox`update grid_versions set valid_to = now() where id = any(${request.versionIds}::bigint[])`;
  for (const [index, grid] of grids.entries()) {
    const gridCode = `${code}${String(index + 1).padStart(3, '0')}`;
    const name = defaultGridName(request.name, index + 1);
    await sandbox`
      insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from)
      select grid_id, ${communityId}, ${gridCode}, ${name}, geometry, now() from grid_versions where id = ${grid.versionId}`;
    renumbered.push({ gridId: grid.gridId, code: gridCode, name, previousCode: grid.code });
  }

  const created: PlanCommunity = {
    communityId,
    isNew: true,
    streetId: source.streetId,
    code,
    name: request.name,
    boundary: boundaries.created,
    fromCommunityId: sourceId,
    serviceHallAddress: request.serviceHallAddress ?? null,
    serviceHallHours: request.serviceHallHours ?? null,
    dutyPhone: request.dutyPhone ?? null,
  };
  const communities = [
    ...step.communities.map((community) => (community.communityId === sourceId ? { ...community, boundary: boundaries.remainder } : community)),
    created,
  ];
  return {
    answer: { communityId, code, name: request.name, fromCommunityId: sourceId, grids: renumbered },
    communities,
    details: { communityId, code, name: request.name, fromCommunityId: sourceId, grids: renumbered.map((grid) => grid.code) },
  };
}
