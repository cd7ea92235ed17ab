import type { Queryable } from '../db/connect.ts';
import { Failure } from '../http/failure.ts';
import { editTolerances } from './edit-tolerances.ts';
import {
  communityBoundary,
  difference,
  endAssignments,
  endCurrentVersions,
  geoJsonOf,
  hasCurrentVersion,
  householdTotals,
  insertGrid,
  insertGridEdit,
  insertGridVersion,
  lockCommunity,
  measure,
  nextGridSequence,
  normaliseGridGeometry,
  overlapsOfVersions,
  reassignHouseholds,
  reassignOpenIncidents,
  restoreAssignments,
  unionOfCurrent,
  type GeometryHex,
} from './grid-editing.repo.ts';
import { defaultGridName } from './grid-names.ts';
import type { EditPolicy, LayoutChange } from './layout-change.ts';

export interface AppliedChange {
  editId: number;
  communityId: number;
  endedVersionIds: number[];
  /** grid → new version, in the order of `change.versions` */
  created: { gridId: number; versionId: number; code: string; isNewGrid: boolean }[];
  removedGrids: { gridId: number; code: string; name: string }[];
  householdsMoved: number;
  incidentsMoved: number;
}

const rejected = (reason: string, geometry: GeoJSON.Geometry | null, extra: Record<string, unknown> = {}) =>
  new Failure('geometry_rejected', reason, { geometry, ...extra });

/**
 * The one write path of grid editing, inside the caller's transaction. It ends the current
 * versions of the affected grids and inserts new ones at the same instant (`now()`), gives new
 * grids the next free sequence, ends the assignments of grids that cease, moves households and
 * open incidents, then checks the result — valid, non-empty, inside the community, no overlap
 * with siblings, no gap, households conserved — and records the edit. Any failed check throws
 * `geometry_rejected` (422), which rolls the whole transaction back.
 */
export async function applyLayoutChange(
  sql: Queryable,
  change: LayoutChange,
  context: { userId: number | null; changeNote: string | null; policy: EditPolicy },
): Promise<AppliedChange> {
  const community = await lockCommunity(sql, change.communityId);
  if (!community) throw new Failure('not_found', `community ${change.communityId} does not exist`, { community: change.communityId });

  // 1. every new geometry is snapped, then must be valid, non-empty, large enough and inside the community
  const prepared: GeometryHex[] = [];
  for (const version of change.versions) {
    const checked = await normaliseGridGeometry(sql, version.geometry, change.communityId);
    const label = version.code ?? (version.gridId === null ? 'the new grid' : `grid ${version.gridId}`);
    if (checked.geometry === null || checked.valid === null) {
      throw new Failure('empty_geometry_result', `PostGIS could not compute the new shape of ${label}`, { geometry: null });
    }
    if (checked.empty) throw rejected(`The edit leaves ${label} empty`, null);
    if (!checked.valid) throw rejected(`The new shape of ${label} is invalid: ${checked.reason}`, await geoJsonOf(sql, checked.geometry));
    if (change.enforceMinimumArea && (checked.areaSquareMetres ?? 0) < context.policy.gridMinAreaSquareMetres) {
      throw rejected(
        `The edit leaves ${label} with ${Math.round(checked.areaSquareMetres ?? 0)} m², below the minimum grid area of ${context.policy.gridMinAreaSquareMetres} m²`,
        await geoJsonOf(sql, checked.geometry),
        { areaSquareMetres: checked.areaSquareMetres, minimumSquareMetres: context.policy.gridMinAreaSquareMetres },
      );
    }
    if ((checked.outsideSquareMetres ?? 0) > editTolerances.outsideCommunitySquareMetres) {
      throw rejected(`The new shape of ${label} reaches ${Math.round(checked.outsideSquareMetres!)} m² outside its community`, checked.outside);
    }
    prepared.push(checked.geometry);
  }

  // 2. what the affected grids covered and held before
  const existingGridIds = change.versions.flatMap((version) => (version.gridId === null ? [] : [version.gridId]));
  const affectedBefore = [...new Set([...existingGridIds, ...change.removedGridIds])];
  const coveredBefore = affectedBefore.length > 0 ? await unionOfCurrentOrNull(sql, affectedBefore) : null;
  const totalsBefore = await householdTotals(sql, affectedBefore);

  // 3. end the old versions, insert the new ones at the same instant
  const ended = await endCurrentVersions(sql, affectedBefore);
  const endedByGrid = new Map(ended.map((version) => [version.gridId, version]));
  let nextSequence = await nextGridSequence(sql, change.communityId);
  const created: AppliedChange['created'] = [];
  for (const [index, version] of change.versions.entries()) {
    let gridId = version.gridId;
    let code = version.code ?? (gridId !== null ? endedByGrid.get(gridId)?.code : undefined);
    let name = version.name ?? (gridId !== null ? endedByGrid.get(gridId)?.name : undefined);
    const isNewGrid = gridId === null;
    if (gridId === null) {
      gridId = await insertGrid(sql, change.communityId);
      const sequence = nextSequence++;
      if (sequence > 999) throw new Failure('unprocessable', `Community ${community.code} has used all 999 grid sequence numbers`);
      code = `${community.code}${String(sequence).padStart(3, '0')}`;
      name ??= defaultGridName(community.name, sequence);
    }
    if (code === undefined || name === undefined) throw new Failure('conflict', `grid ${gridId} has no current version to change`, { changed: [{ gridId }] });
    const versionId = await insertGridVersion(sql, {
      gridId, communityId: change.communityId, code, name, geometry: prepared[index]!, changedBy: context.userId, changeNote: context.changeNote,
    });
    created.push({ gridId, versionId, code, isNewGrid });
  }
  const endedAssignmentIds = change.removedGridIds.length > 0 ? await endAssignments(sql, change.removedGridIds, `grid ceased (${change.operation})`) : [];
  if (change.restoreAssignmentIds && change.restoreAssignmentIds.length > 0) {
    await restoreAssignments(sql, change.restoreAssignmentIds, context.userId);
  }

  // 4. households and open incidents follow the new boundaries
  const affectedAfter = created.map((version) => version.gridId);
  const householdsMoved = affectedBefore.length > 0 ? await reassignHouseholds(sql, affectedBefore, affectedAfter) : 0;
  const incidentsMoved = affectedBefore.length > 0 ? await reassignOpenIncidents(sql, affectedBefore, affectedAfter) : 0;

  // 5. the checks
  const overlaps = await overlapsOfVersions(sql, created.map((version) => version.versionId));
  const overlap = overlaps[0];
  if (overlap) {
    throw rejected(
      overlap.areaSquareMetres === null
        ? `Could not measure the overlap of grid ${overlap.code} and grid ${overlap.otherCode}`
        : `Grid ${overlap.code} would overlap grid ${overlap.otherCode} by ${overlap.areaSquareMetres.toFixed(1)} m² (tolerance ${editTolerances.overlapSquareMetres} m²)`,
      overlap.geometry,
      { grids: [overlap.gridId, overlap.otherGridId] },
    );
  }
  if (coveredBefore !== null) {
    const coveredAfter = await unionOfCurrent(sql, affectedAfter, 'union of the edited grids');
    const gap = await difference(sql, coveredBefore, coveredAfter, 'area left uncovered by the edit');
    const measured = await measure(sql, gap);
    if (measured.areaSquareMetres > editTolerances.gapSquareMetres) {
      throw rejected(
        `The edit would leave ${measured.areaSquareMetres.toFixed(1)} m² of the community in no grid (tolerance ${editTolerances.gapSquareMetres} m²)`,
        measured.geoJson,
      );
    }
  }
  const totalsAfter = await householdTotals(sql, affectedAfter);
  if (totalsAfter.households !== totalsBefore.households || totalsAfter.residents !== totalsBefore.residents || totalsAfter.orphaned > 0) {
    throw rejected(
      `Households are not conserved: ${totalsBefore.households} before, ${totalsAfter.households} after (${totalsAfter.orphaned} in no current grid)`,
      await geoJsonOf(sql, await communityBoundary(sql, change.communityId)),
    );
  }

  // 6. the record
  const removedGrids = change.removedGridIds.map((gridId) => ({ gridId, code: endedByGrid.get(gridId)?.code ?? '', name: endedByGrid.get(gridId)?.name ?? '' }));
  const editId = await insertGridEdit(sql, {
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
  };
}

/** A grid being revived by an undo has no current version: the union of none is no coverage. */
async function unionOfCurrentOrNull(sql: Queryable, gridIds: number[]): Promise<GeometryHex | null> {
  return (await hasCurrentVersion(sql, gridIds)) ? unionOfCurrent(sql, gridIds, 'union of the grids before the edit') : null;
}
