import type { Queryable } from '../db/connect.ts';
import { Failure, notFound } from '../http/failure.ts';
import { resolveBasedOnVersions } from './based-on-versions.ts';
import { editTolerances } from './edit-tolerances.ts';
import type { FillRequest } from './grid-edit-requests.ts';
import { communityBoundary, currentVersionsOfCommunity, difference, intersection, lockCommunity, measure, union } from './grid-editing.repo.ts';
import { geometryFromRequest } from './geometry-input.ts';
import type { LayoutChange } from './layout-change.ts';

/**
 * Fill: after a community boundary changes, part of the community may lie in no grid. The planner
 * draws roughly over it; the polygon is clipped to the community and cut against the existing
 * grids (like QGIS "avoid overlap"), and what remains is added to a named grid or becomes a new,
 * vacant grid. Refused when nothing uncovered lies under the polygon.
 */
export async function planFill(sql: Queryable, request: FillRequest): Promise<LayoutChange> {
  const into = request.intoVersionId !== undefined ? (await resolveBasedOnVersions(sql, [request.intoVersionId]))[0] : undefined;
  if (into && into.communityId !== request.communityId) {
    throw new Failure('grid_not_in_community', { code: into.code, communityId: request.communityId }, { field: 'intoVersionId', geometry: null });
  }
  if (!into && !(await lockCommunity(sql, request.communityId))) throw notFound('community', request.communityId);
  const drawn = await geometryFromRequest(sql, request.geometry, 'geometry');
  const clipped = await intersection(sql, drawn, await communityBoundary(sql, request.communityId), 'fill: polygon inside the community');
  const grids = await currentVersionsOfCommunity(sql, request.communityId);
  const covered = grids.length > 0 ? await union(sql, grids.map((grid) => grid.geometry), 'fill: grids of the community') : undefined;
  const uncovered = covered ? await difference(sql, clipped, covered, 'fill: uncovered part') : clipped;
  const measured = await measure(sql, uncovered);
  if (measured.areaSquareMetres <= editTolerances.noiseSquareMetres) {
    throw new Failure('fill_covers_nothing', {}, { field: 'geometry', geometry: request.geometry });
  }
  const versions = into
    ? [{ gridId: into.gridId, geometry: await union(sql, [into.geometry, uncovered], 'fill: grid with the filled area') }]
    : [{ gridId: null, geometry: uncovered, ...(request.name ? { name: request.name } : {}) }];
  return {
    operation: 'fill',
    communityId: request.communityId,
    versions,
    removedGridIds: [],
    enforceMinimumArea: into === undefined,
    details: { into: into?.code ?? null, filledSquareMetres: Math.round(measured.areaSquareMetres) },
  };
}
