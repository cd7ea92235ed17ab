import type { Queryable } from '../db/connect.ts';
import { Failure } from '../http/failure.ts';
import { resolveBasedOnVersions } from './based-on-versions.ts';
import { editTolerances } from './edit-tolerances.ts';
import { isConnected } from './grid-adjacency.ts';
import type { MergeRequest } from './grid-edit-requests.ts';
import { geoJsonOf, sharedBoundaryMetres, union } from './grid-editing.repo.ts';
import type { LayoutChange } from './layout-change.ts';

/**
 * Merge: two or more neighbouring grids of one community become one — when grids are too small,
 * or a worker leaves and the area is folded into the next grid. The first grid named keeps its
 * identity, code, name and worker; the others cease and their assignments end. Refused unless the
 * grids form one group joined by shared boundaries of positive length.
 */
export async function planMerge(sql: Queryable, request: MergeRequest): Promise<LayoutChange> {
  const grids = await resolveBasedOnVersions(sql, request.versionIds);
  const edges: [number, number][] = [];
  for (let a = 0; a < grids.length; a++) {
    for (let b = a + 1; b < grids.length; b++) {
      if ((await sharedBoundaryMetres(sql, grids[a]!.geometry, grids[b]!.geometry)) >= editTolerances.sharedBoundaryMetres) edges.push([a, b]);
    }
  }
  if (!isConnected(grids.length, edges)) {
    const all = await union(sql, grids.map((grid) => grid.geometry), 'merge: the grids named');
    throw new Failure('grids_not_adjacent', { codes: grids.map((grid) => grid.code).join(', ') }, { field: 'versionIds', geometry: await geoJsonOf(sql, all) });
  }
  const merged = await union(sql, grids.map((grid) => grid.geometry), 'merge');
  const [survivor, ...absorbed] = grids;
  return {
    operation: 'merge',
    communityId: survivor!.communityId,
    versions: [{ gridId: survivor!.gridId, geometry: merged }],
    removedGridIds: absorbed.map((grid) => grid.gridId),
    enforceMinimumArea: true,
    details: { gridId: survivor!.gridId, code: survivor!.code, absorbed: absorbed.map((grid) => grid.code) },
  };
}
