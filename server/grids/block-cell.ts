import type { Queryable } from '../db/connect.ts';
import { facesAlongRoads } from './auto-split.repo.ts';
import { editTolerances } from './edit-tolerances.ts';
import { union, type GeometryHex } from './grid-editing.repo.ts';

/**
 * The cell of a block within its grid: the pieces of the grid, cut along the roads through it,
 * that the block overlaps (a block stands back from the streets around it; its cell reaches their
 * centre lines, where grid boundaries run). When no road cuts the grid the cell is the block itself
 * (within the grid); a block whose pieces are the whole grid has the whole grid for its cell (and
 * move-block refuses it as the whole grid). Used by move-block.
 */
export async function cellOfBlock(sql: Queryable, grid: GeometryHex, blockInGrid: GeometryHex): Promise<GeometryHex> {
  const faces = await facesAlongRoads(sql, grid);
  if (faces.length < 2) return blockInGrid;
  const overlapping = await sql<{ position: number }[]>`
    select t.position::int as position
      from unnest(${faces.map((face) => face.geometry)}::text[]) with ordinality as t(hex, position)
     where area_square_metres(ST_Intersection(t.hex::geometry, ${blockInGrid}::geometry)) > ${editTolerances.noiseSquareMetres}`;
  if (overlapping.length === 0) return blockInGrid;
  return union(sql, overlapping.map((row) => faces[row.position - 1]!.geometry), 'move block: the cell of the block');
}
