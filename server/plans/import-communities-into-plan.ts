import type { Queryable } from '../db/connect.ts';
import { invalidGeometry } from '../db/geometry-validity.ts';
import { editTolerances } from '../grids/edit-tolerances.ts';
import { defaultGridName } from '../grids/grid-names.ts';
import { Failure, problem } from '../http/failure.ts';
import { openPlan } from './plan-lifecycle.ts';
import { clipImportedShape, insertPlanVersions, insertStep, latestStep, nextCommunityId, nextGridId, nextVersionId, type LayoutVersion, type PlanCommunity } from './plans.repo.ts';

export interface ImportedCommunity {
  name: string;
  /** a 12-digit code under the street's code; absent: the next free sequence of the street */
  code?: string;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

const precision = editTolerances.precisionDegrees;

/** The street's territory: its boundary, or — for a street drawn without one — the union of its communities. */
export function streetTerritorySql(sql: Queryable, streetId: number) {
  return sql`(select coalesce(s.boundary, (select ST_Multi(ST_UnaryUnion(ST_Collect(c.boundary))) from communities c where c.street_id = s.id))
                from streets s where s.id = ${streetId})`;
}

/**
 * Codes given in an imported communities file that cannot be used: not under the street's code, or
 * already a community's. Part of the import's validation (the same rules the writer below relies on).
 */
export async function communityCodeClashes(
  sql: Queryable,
  rows: { row: number; code: string }[],
  streetId: number,
): Promise<{ row: number; code: string; streetCode: string; reason: 'other_street' | 'taken' }[]> {
  if (rows.length === 0) return [];
  const [street] = await sql<{ code: string }[]>`select code from streets where id = ${streetId}`;
  const taken = new Set((await sql<{ code: string }[]>`select code from communities where code in ${sql(rows.map((row) => row.code))}`).map((row) => row.code));
  const streetCode = street?.code ?? '';
  return rows.flatMap((row): { row: number; code: string; streetCode: string; reason: 'other_street' | 'taken' }[] => {
    if (!row.code.startsWith(streetCode)) return [{ ...row, streetCode, reason: 'other_street' as const }];
    if (taken.has(row.code)) return [{ ...row, streetCode, reason: 'taken' as const }];
    return [];
  });
}

/**
 * Communities imported for a street (a boundary file of residents' committees) become a draft plan
 * rather than live communities: each is a new community of the plan (as create-community-in-plan.ts
 * makes one), clipped to the street's territory, and starts as ONE grid covering it — every
 * community is tiled by its grids, so the plan can be split into grids, compared and published
 * through the normal plan lifecycle, which creates the communities for real and records history.
 * The import's validation has already clipped the shapes and refused those wholly outside; here the
 * same clip is repeated (a no-op unless the territory moved) and an empty result is refused.
 * Run inside the caller's transaction.
 */
export async function createPlanFromImportedCommunities(
  sql: Queryable,
  input: { streetId: number; planName: string; communities: ImportedCommunity[]; userId: number | null },
): Promise<{ planId: number; communityIds: number[] }> {
  if (input.communities.length === 0) throw new Failure('import_nothing_ready', {}, { field: 'rows' });
  const [street] = await sql<{ id: number; code: string; name: string; highest: number | null; hasTerritory: boolean }[]>`
    select s.id, s.code, s.name, (select max(substr(c.code, 10, 3)::int) from communities c where c.street_id = s.id) as highest,
           ${streetTerritorySql(sql, input.streetId)} is not null as has_territory
      from streets s where s.id = ${input.streetId}`;
  if (!street) throw new Failure('unknown_reference', {}, { fields: [problem('streetId', 'referenced_object_missing', {})] });
  if (!street.hasTerritory) throw new Failure('import_street_without_territory', { name: street.name }, { field: 'streetId' });
  const planId = await openPlan(sql, { name: input.planName, communityIds: [] }, { userId: input.userId });
  const opened = await latestStep(sql, planId);
  let sequence = (street.highest ?? 0) + 1;
  const usedCodes = new Set<string>();
  const created: PlanCommunity[] = [];
  const versions: LayoutVersion[] = [];
  for (const [index, community] of input.communities.entries()) {
    const field = `communities[${index}].geometry`;
    const shape = await clipImportedShape(sql, community.geometry, sql`select ${streetTerritorySql(sql, input.streetId)}`, precision);
    if (!shape || shape.geometry === null || shape.valid === null) throw new Failure('geometry_unreadable', { field }, { field });
    if (shape.empty) throw new Failure('community_outside_street', { name: community.name, street: street.name }, { field });
    if (!shape.valid) throw invalidGeometry(field, shape.reason);
    let code = community.code;
    if (!code) {
      while (usedCodes.has(`${street.code}${String(sequence).padStart(3, '0')}`)) sequence++;
      if (sequence > 999) throw new Failure('community_sequence_exhausted', {});
      code = `${street.code}${String(sequence++).padStart(3, '0')}`;
    }
    usedCodes.add(code);
    const communityId = await nextCommunityId(sql);
    const name = community.name.slice(0, 100) || code;
    created.push({ communityId, isNew: true, streetId: street.id, code, name, boundary: shape.geometry, fromCommunityId: null });
    versions.push({
      versionId: await nextVersionId(sql), gridId: await nextGridId(sql), communityId, code: `${code}001`, name: defaultGridName(name, 1), geometry: shape.geometry,
    });
  }
  const [clash] = await sql<{ code: string }[]>`select code from communities where code in ${sql([...usedCodes])} limit 1`;
  if (clash) throw new Failure('community_code_taken', { code: clash.code }, { field: 'code' });
  await insertPlanVersions(sql, planId, versions);
  await insertStep(sql, {
    planId,
    step: 1,
    operation: 'import',
    changedBy: input.userId,
    changeNote: null,
    versionIds: [...opened.versionIds.map(Number), ...versions.map((version) => version.versionId)],
    communities: [...opened.communities, ...created],
    details: { imported: created.length, communities: created.map((community) => community.code) },
  });
  return { planId, communityIds: created.map((community) => community.communityId) };
}
