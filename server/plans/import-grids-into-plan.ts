import type { Queryable } from '../db/connect.ts';
import { editTolerances } from '../grids/edit-tolerances.ts';
import { nextGridSequence } from '../grids/grid-editing.repo.ts';
import { Failure, invalidRequest, problem } from '../http/failure.ts';
import { invalidGeometry } from '../db/geometry-validity.ts';
import { openPlan } from './plan-lifecycle.ts';
import { clipImportedShape, insertPlanVersions, insertStep, latestStep, nextGridId, nextVersionId, type LayoutVersion } from './plans.repo.ts';

export interface ImportedGrid {
  name: string;
  /** a live grid's code: the imported shape becomes that grid's next version (same identity and worker) */
  code?: string;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

const precision = editTolerances.precisionDegrees;

/**
 * Grids imported for a community (a surveyor's shapefile, a KML) become a draft plan rather than
 * overwriting the live layout: the plan's layout is exactly the imported grids, clipped to the
 * community boundary. A grid whose code matches a live grid of the community keeps that grid's
 * identity; others are new grids numbered after the community's highest sequence; live grids not
 * matched are removed by the plan. Overlaps and gaps are not refused here — the plan lists them as
 * problems and publishing refuses them. Run inside the caller's transaction.
 */
export async function createPlanFromImportedGrids(
  sql: Queryable,
  input: { communityId: number; planName: string; grids: ImportedGrid[]; userId: number | null },
): Promise<{ planId: number }> {
  if (input.grids.length === 0) throw invalidRequest([problem('grids', 'nothing_to_import', {})]);
  if (input.grids.length > 999) throw invalidRequest([problem('grids', 'too_many_grids', { maximum: 999 })]);
  const [community] = await sql<{ id: number; code: string }[]>`select id, code from communities where id = ${input.communityId}`;
  if (!community) throw invalidRequest([problem('communityId', 'unknown_communities', { ids: String(input.communityId) })]);
  const planId = await openPlan(sql, { name: input.planName, communityIds: [input.communityId] }, { userId: input.userId });
  const opened = await latestStep(sql, planId);
  const live = await sql<{ gridId: number; code: string }[]>`
    select grid_id, code from grid_versions where community_id = ${input.communityId} and valid_to is null`;
  let sequence = await nextGridSequence(sql, input.communityId);
  const usedGridIds = new Set<number>();
  const versions: LayoutVersion[] = [];
  for (const [index, grid] of input.grids.entries()) {
    const field = `grids[${index}].geometry`;
    const shape = await clipImportedShape(sql, grid.geometry, sql`select boundary from communities where id = ${input.communityId}`, precision);
    if (!shape || shape.geometry === null || shape.valid === null) {
      throw invalidRequest([problem(field, 'geometry_unreadable', {})]);
    }
    if (shape.empty) throw invalidRequest([problem(field, 'grid_outside_community', { name: grid.name, community: community.code })]);
    if (!shape.valid) throw invalidGeometry(field, shape.reason);
    const match = grid.code ? live.find((candidate) => candidate.code === grid.code && !usedGridIds.has(candidate.gridId)) : undefined;
    let gridId: number;
    let code: string;
    if (match) {
      gridId = match.gridId;
      code = match.code;
    } else {
      if (sequence > 999) throw new Failure('grid_sequence_exhausted', { code: community.code });
      gridId = await nextGridId(sql);
      code = `${community.code}${String(sequence++).padStart(3, '0')}`;
    }
    usedGridIds.add(gridId);
    versions.push({ versionId: await nextVersionId(sql), gridId, communityId: input.communityId, code, name: grid.name.slice(0, 100) || code, geometry: shape.geometry });
  }
  await insertPlanVersions(sql, planId, versions);
  await insertStep(sql, {
    planId,
    step: 1,
    operation: 'import',
    changedBy: input.userId,
    changeNote: null,
    versionIds: versions.map((version) => version.versionId),
    communities: opened.communities,
    details: { imported: versions.length, matched: versions.filter((version) => live.some((candidate) => candidate.gridId === version.gridId)).length },
  });
  return { planId };
}
