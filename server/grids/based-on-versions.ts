import type { Queryable } from '../db/connect.ts';
import { Failure, invalidRequest, problem } from '../http/failure.ts';
import { currentVersionsOfGrids, findVersions, lockCommunity, type CurrentVersion } from './grid-editing.repo.ts';

export interface ChangedGrid {
  gridId: number;
  basedOnVersionId: number;
  /** null: the grid has ceased to exist */
  currentVersionId: number | null;
}

/**
 * Optimistic concurrency for edits. An edit names the grid versions the editor showed; this locks
 * their community (edits of one community are serialised) and answers 409 `conflict` with what
 * changed if any of them is no longer current — so another planner's edit is never overwritten.
 * Returns the current versions, in the order named.
 */
export async function resolveBasedOnVersions(sql: Queryable, versionIds: number[]): Promise<CurrentVersion[]> {
  const named = await findVersions(sql, versionIds);
  const missing = versionIds.filter((id) => !named.some((version) => version.versionId === id));
  if (missing.length > 0) throw new Failure('versions_not_found', { ids: missing.join(', ') }, { versionIds: missing });
  const communityIds = [...new Set(named.map((version) => version.communityId))];
  if (communityIds.length > 1) {
    throw new Failure('grids_in_different_communities', {}, {
      geometry: null,
      communityIds,
    });
  }
  await lockCommunity(sql, communityIds[0]!);
  const gridIds = versionIds.map((id) => named.find((version) => version.versionId === id)!.gridId);
  if (new Set(gridIds).size !== gridIds.length) {
    throw invalidRequest([problem('versionIds', 'one_version_per_grid', {})]);
  }
  // read again under the lock: an edit that committed meanwhile is seen now
  const current = await currentVersionsOfGrids(sql, gridIds);
  const changed: ChangedGrid[] = gridIds.flatMap((gridId, index) => {
    const now = current.find((version) => version.gridId === gridId);
    return now?.versionId === versionIds[index] ? [] : [{ gridId, basedOnVersionId: versionIds[index]!, currentVersionId: now?.versionId ?? null }];
  });
  if (changed.length > 0) {
    throw new Failure('grids_changed_since_loaded', { count: changed.length }, { changed });
  }
  return gridIds.map((gridId) => current.find((version) => version.gridId === gridId)!);
}

/** Versions the editor showed for grids an edit may touch incidentally (neighbours): stale ones answer 409. */
export async function requireStillCurrent(sql: Queryable, versionIds: number[], touchedGridIds: number[]): Promise<void> {
  if (versionIds.length === 0) return;
  const named = await findVersions(sql, versionIds);
  const changed: ChangedGrid[] = named
    .filter((version) => touchedGridIds.includes(version.gridId) && version.currentVersionId !== version.versionId)
    .map((version) => ({ gridId: version.gridId, basedOnVersionId: version.versionId, currentVersionId: version.currentVersionId }));
  if (changed.length > 0) {
    throw new Failure('neighbour_changed_since_loaded', {}, { changed });
  }
}
