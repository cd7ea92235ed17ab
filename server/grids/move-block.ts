import type { Queryable } from '../db/connect.ts';
import { Failure, invalidRequest, notFound, problem } from '../http/failure.ts';
import { resolveBasedOnVersions } from './based-on-versions.ts';
import { editTolerances } from './edit-tolerances.ts';
import type { MoveBlockRequest } from './grid-edit-requests.ts';
import { difference, findBlock, geoJsonOf, intersection, isTouching, measure, union } from './grid-editing.repo.ts';
import type { LayoutChange } from './layout-change.ts';
import { cellOfBlock } from './block-cell.ts';

/**
 * Move block: the planner clicks a block of buildings (a basemap 'block' polygon, bounded by
 * streets) and hands it from its grid to a neighbouring grid — the quickest way to rebalance
 * household counts. What moves is the block's whole cell: the pieces of the grid, cut along the
 * roads through it, that the block lies in, out to the roads' centre lines — so a block across a
 * road from the neighbour borders it (the grid edge is that road's centre line), and the new
 * boundary follows roads. A grid no road crosses moves the block itself. Refused when the block is
 * not in the first grid, its cell does not border the second, or it is all that is left of the first.
 */
export async function planMoveBlock(sql: Queryable, request: MoveBlockRequest): Promise<LayoutChange> {
  if (request.fromVersionId === request.toVersionId) {
    throw invalidRequest([problem('toVersionId', 'same_grid_twice', {})]);
  }
  const [from, to] = await resolveBasedOnVersions(sql, [request.fromVersionId, request.toVersionId]);
  const block = await findBlock(sql, request.blockId);
  if (!block) throw notFound('block', request.blockId);
  const inGrid = await intersection(sql, block.geometry, from!.geometry, 'move block: the block within its grid');
  if ((await measure(sql, inGrid)).areaSquareMetres <= editTolerances.noiseSquareMetres) {
    throw new Failure('block_not_in_grid', { block: block.name ?? String(block.id), code: from!.code }, { field: 'blockId', geometry: await geoJsonOf(sql, block.geometry) });
  }
  const moved = await cellOfBlock(sql, from!.geometry, inGrid);
  const movedArea = await measure(sql, moved);
  if (!(await isTouching(sql, moved, to!.geometry))) {
    throw new Failure('block_not_adjacent', { block: block.name ?? String(block.id), code: to!.code }, { field: 'toVersionId', geometry: movedArea.geoJson });
  }
  const remaining = await difference(sql, from!.geometry, moved, 'move block: the grid without the block');
  if ((await measure(sql, remaining)).areaSquareMetres <= editTolerances.noiseSquareMetres) {
    throw new Failure('block_is_whole_grid', { block: block.name ?? String(block.id), code: from!.code }, { field: 'blockId', geometry: movedArea.geoJson });
  }
  return {
    operation: 'move_block',
    communityId: from!.communityId,
    versions: [
      { gridId: from!.gridId, geometry: remaining },
      { gridId: to!.gridId, geometry: await union(sql, [to!.geometry, moved], 'move block: the receiving grid with the block') },
    ],
    removedGridIds: [],
    enforceMinimumArea: true,
    details: { blockId: block.id, blockName: block.name, from: from!.code, to: to!.code, movedSquareMetres: Math.round(movedArea.areaSquareMetres) },
  };
}
