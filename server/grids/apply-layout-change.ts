import type { Queryable } from '../db/connect.ts';
import { geometryProblemOf } from '../db/geometry-validity.ts';
import { requireGeometry } from '../db/require-geometry.ts';
import { Failure, notFound } from '../http/failure.ts';
import { editTolerances } from './edit-tolerances.ts';
import {
  communityBoundary,
  endCurrentVersionsWithNextSequence,
  geoJsonOf,
  householdTotals,
  insertGridWithVersion,
  insertGridEdit,
  insertGridVersion,
  lockAndPrepareLayoutChange,
  overlapsAndUncovered,
  placeHouseholds,
  reassignHouseholds,
  reassignOpenIncidents,
  type GeometryHex,
  type HouseholdFigures,
  type HouseholdTotals,
} from './grid-editing.repo.ts';
import { endAssignments, restoreAssignments } from '../workers/assignment.repo.ts';
import { defaultGridName } from './grid-names.ts';
import type { EditPolicy, LayoutChange } from './layout-change.ts';

export interface AppliedChange {
  /** null for a preview: no edit is recorded */
  editId: number | null;
  communityId: number;
  endedVersionIds: number[];
  /** grid → new version, in the order of `change.versions` */
  created: { gridId: number; versionId: number; code: string; isNewGrid: boolean }[];
  removedGrids: { gridId: number; code: string; name: string }[];
  householdsMoved: number;
  incidentsMoved: number;
  /**
   * A preview that did not move the households: each resulting grid's households, residents and
   * buildings as they would be (a grid absent holds none). null when households.grid_id was written.
   */
  placedHouseholds: ReadonlyMap<number, HouseholdFigures> | null;
  /**
   * The digest of the community's layout before the edit (grid-editing.repo.ts `layoutKeyOf`), when the
   * grids after the edit cover what the grids before covered (within `coverageUnchangedSquareMetres` both ways):
   * the community's uncovered area is the one it had. null when the covered area changed.
   */
  coverageUnchangedSince: string | null;
  /** With `placedHouseholds`: each grid's households, residents and buildings before the edit (absent: none). */
  placedHouseholdsBefore: ReadonlyMap<number, HouseholdFigures> | null;
}

/** Whether applyLayoutChange will place the households of this change by one aggregate instead of writing them. */
export function placesWithoutWriting(change: LayoutChange, preview: boolean): boolean {
  return preview && change.removedGridIds.length === 0;
}


/**
 * The one write path of grid editing, inside the caller's transaction. It ends the current
 * versions of the affected grids and inserts new ones at the same instant (`now()`), gives new
 * grids the next free sequence, ends the assignments of grids that cease, moves households and
 * open incidents, then checks the result — valid, non-empty, inside the community, no overlap
 * with siblings, no gap, households conserved — and records the edit. Any failed check throws
 * `geometry_rejected` (422), which rolls the whole transaction back.
 *
 * `preview` (the caller rolls back): the same checks, but no edit row, open incidents only counted,
 * and — unless grids cease — households are placed by one aggregate instead of being written
 * (`placedHouseholds`); every household stays in one of the grids, so community figures are unchanged.
 */
export async function applyLayoutChange(
  sql: Queryable,
  change: LayoutChange,
  context: { userId: number | null; changeNote: string | null; policy: EditPolicy; preview?: boolean },
): Promise<AppliedChange> {
  const preview = context.preview === true;
  // households of a grid that ceases leave the current layout: the community's figures must see them moved
  const writeHouseholds = !placesWithoutWriting(change, preview);
  // the affected grids: what they covered before is read with the lock and the new geometries' checks (one statement,
  // one snapshot: every operation has locked the community while planning — based-on-versions.ts, undo, fill-gap —
  // so that snapshot is already taken under the lock)
  const existingGridIds = change.versions.flatMap((version) => (version.gridId === null ? [] : [version.gridId]));
  const affectedBefore = [...new Set([...existingGridIds, ...change.removedGridIds])];
  const { community, normalised, coverage } = await lockAndPrepareLayoutChange(
    sql, change.communityId, change.versions.map((version) => version.geometry), affectedBefore,
  );
  if (!community) throw notFound('community', change.communityId);

  // 1. every new geometry is snapped, then must be valid, non-empty, large enough and inside the community
  const prepared: GeometryHex[] = [];
  for (const [index, version] of change.versions.entries()) {
    const checked = normalised[index]!;
    // the grid's code, or null for a grid the edit creates
    const grid = version.code ?? (version.gridId === null ? null : String(version.gridId));
    if (checked.geometry === null || checked.valid === null) throw new Failure('empty_geometry_result', {}, { geometry: null });
    if (checked.empty) throw new Failure('edit_leaves_grid_empty', { grid }, { geometry: null });
    if (!checked.valid) {
      const { code } = geometryProblemOf(checked.reason);
      throw new Failure('edit_result_invalid', { grid, problem: code }, { geometry: await geoJsonOf(sql, checked.geometry), problem: code });
    }
    if (change.enforceMinimumArea && (checked.areaSquareMetres ?? 0) < context.policy.gridMinAreaSquareMetres) {
      throw new Failure(
        'grid_below_minimum_area',
        { grid, areaSquareMetres: Math.round(checked.areaSquareMetres ?? 0), minimumSquareMetres: context.policy.gridMinAreaSquareMetres },
        { geometry: await geoJsonOf(sql, checked.geometry), areaSquareMetres: checked.areaSquareMetres, minimumSquareMetres: context.policy.gridMinAreaSquareMetres },
      );
    }
    if ((checked.outsideSquareMetres ?? 0) > editTolerances.outsideCommunitySquareMetres) {
      throw new Failure('grid_outside_community', { grid, areaSquareMetres: Math.round(checked.outsideSquareMetres!) }, { geometry: checked.outside });
    }
    prepared.push(checked.geometry);
  }

  // 2. what the affected grids covered (read above) and held before
  // a grid being revived by an undo has no current version: the union of none is no coverage
  const coveredBefore = coverage ? requireGeometry([coverage], 'geometry', 'union of the grids before the edit').geometry! : null;
  const totalsBefore: HouseholdTotals | null = writeHouseholds ? await householdTotals(sql, affectedBefore) : null;

  // 3. end the old versions, insert the new ones at the same instant
  const { ended, nextSequence: firstSequence } = await endCurrentVersionsWithNextSequence(sql, affectedBefore, change.communityId);
  const endedByGrid = new Map(ended.map((version) => [version.gridId, version]));
  let nextSequence = firstSequence;
  const created: AppliedChange['created'] = [];
  for (const [index, version] of change.versions.entries()) {
    const written = { communityId: change.communityId, geometry: prepared[index]!, changedBy: context.userId, changeNote: context.changeNote };
    if (version.gridId === null) {
      // a new grid: the next free sequence, the grid and its first version in one statement
      const sequence = nextSequence++;
      if (sequence > 999) throw new Failure('grid_sequence_exhausted', { code: community.code });
      const code = `${community.code}${String(sequence).padStart(3, '0')}`;
      const name = version.name ?? defaultGridName(community.name, sequence);
      const { gridId, versionId } = await insertGridWithVersion(sql, { ...written, code, name });
      created.push({ gridId, versionId, code, isNewGrid: true });
      continue;
    }
    const gridId = version.gridId;
    const code = version.code ?? endedByGrid.get(gridId)?.code;
    const name = version.name ?? endedByGrid.get(gridId)?.name;
    if (code === undefined || name === undefined) throw new Failure('grid_has_no_current_version', { gridId }, { changed: [{ gridId }] });
    const versionId = await insertGridVersion(sql, { ...written, gridId, code, name });
    created.push({ gridId, versionId, code, isNewGrid: false });
  }
  const endedAssignmentIds = change.removedGridIds.length > 0 ? await endAssignments(sql, change.removedGridIds, { code: 'grid_ceased', params: { operation: change.operation } }) : [];
  if (change.restoreAssignmentIds && change.restoreAssignmentIds.length > 0) {
    await restoreAssignments(sql, change.restoreAssignmentIds, context.userId);
  }

  // 4. households and open incidents follow the new boundaries
  const affectedAfter = created.map((version) => version.gridId);
  // placed without writing (a preview): the open incidents that would move are counted by the same statement
  const placement = writeHouseholds ? null : await placeHouseholds(sql, affectedBefore, affectedAfter, affectedBefore.length > 0);
  const householdsMoved = placement ? placement.moved : affectedBefore.length > 0 ? await reassignHouseholds(sql, affectedBefore, affectedAfter) : 0;
  const incidentsMoved = placement ? placement.incidentsMoved
    : affectedBefore.length > 0 ? await reassignOpenIncidents(sql, affectedBefore, affectedAfter, preview) : 0;

  // 5. the checks
  // both checks in one statement; an overlap is answered before a gap
  const checks = await overlapsAndUncovered(sql, created.map((version) => version.versionId), coveredBefore, affectedAfter, editTolerances.gapSquareMetres);
  const overlap = checks.overlaps[0];
  if (overlap) {
    throw new Failure(
      'grids_would_overlap',
      { code: overlap.code, otherCode: overlap.otherCode, areaSquareMetres: overlap.areaSquareMetres === null ? null : Number(overlap.areaSquareMetres.toFixed(1)) },
      { geometry: overlap.geometry, grids: [overlap.gridId, overlap.otherGridId] },
    );
  }
  let coverageUnchangedSince: string | null = null;
  if (coveredBefore !== null) {
    const measured = checks.uncovered();
    if (measured.areaSquareMetres > editTolerances.gapSquareMetres) {
      throw new Failure('edit_leaves_gap', { areaSquareMetres: Number(measured.areaSquareMetres.toFixed(1)) }, { geometry: measured.geoJson });
    }
    const unchanged = measured.areaSquareMetres <= editTolerances.coverageUnchangedSquareMetres
      && measured.gainedSquareMetres !== null && measured.gainedSquareMetres <= editTolerances.coverageUnchangedSquareMetres;
    if (unchanged) coverageUnchangedSince = coverage!.layoutKey;
  }
  // every grid of affectedAfter has a current version now: placed households are never orphaned
  const before = placement ? placement.before : totalsBefore!;
  const totalsAfter = placement ? { ...placement.after, orphaned: 0 } : await householdTotals(sql, affectedAfter);
  if (totalsAfter.households !== before.households || totalsAfter.residents !== before.residents || totalsAfter.orphaned > 0) {
    throw new Failure(
      'households_not_conserved',
      { before: before.households, after: totalsAfter.households, orphaned: totalsAfter.orphaned },
      { geometry: await geoJsonOf(sql, await communityBoundary(sql, change.communityId)) },
    );
  }

  // 6. the record
  const removedGrids = change.removedGridIds.map((gridId) => ({ gridId, code: endedByGrid.get(gridId)?.code ?? '', name: endedByGrid.get(gridId)?.name ?? '' }));
  const editId = preview ? null : await insertGridEdit(sql, {
    operation: change.operation,
    communityId: change.communityId,
    changedBy: context.userId,
    changeNote: context.changeNote,
    endedVersionIds: ended.map((version) => Number(version.versionId)),
    createdVersionIds: created.map((version) => version.versionId),
    endedAssignmentIds,
    undoesEditId: change.undoesEditId ?? null,
    details: { ...change.details, householdsMoved, incidentsMoved, removedGrids: removedGrids.map((grid) => grid.code) },
  });
  return {
    editId,
    communityId: change.communityId,
    endedVersionIds: ended.map((version) => Number(version.versionId)),
    created,
    removedGrids,
    householdsMoved,
    incidentsMoved,
    placedHouseholds: placement?.byGrid ?? null,
    placedHouseholdsBefore: placement?.byGridBefore ?? null,
    coverageUnchangedSince,
  };
}
