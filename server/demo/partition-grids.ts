import type { CellRectangle } from './cell-geometry.ts';

/**
 * Cut a rectangle of cells into `count` grids along lattice lines (so along roads), balancing
 * households: recursive bisection, each cut chosen where the households on either side come
 * closest to the share of grids each side will hold, preferring cuts that keep grids compact.
 * Cells without homes still weigh a little, so empty industrial land is shared out by area
 * rather than lumped into one giant grid.
 */
export interface PartitionInput {
  rectangle: CellRectangle;
  count: number;
  households(column: number, row: number): number;
  /** Approximate width and height of a cell in metres, for compactness. */
  cellSize(column: number, row: number): { width: number; height: number };
}

/** Households a cell with no homes counts as, so that land is shared out too. */
const emptyCellWeight = 3;

export function partitionIntoGrids(input: PartitionInput): CellRectangle[] {
  const weight = (column: number, row: number): number => input.households(column, row) + emptyCellWeight;
  return bisect(input.rectangle, input.count, weight, input.cellSize);
}

function bisect(
  rectangle: CellRectangle,
  count: number,
  weight: (column: number, row: number) => number,
  cellSize: PartitionInput['cellSize'],
): CellRectangle[] {
  const columns = rectangle.east - rectangle.west + 1;
  const rows = rectangle.south - rectangle.north + 1;
  if (columns * rows < count) throw new Error(`cannot cut ${columns}×${rows} cells into ${count} grids`);
  if (count === 1) return [rectangle];
  const total = sumWeight(rectangle, weight);
  let best: { score: number; first: CellRectangle; second: CellRectangle; firstCount: number } | undefined;
  const consider = (first: CellRectangle, second: CellRectangle): void => {
    const share = sumWeight(first, weight) / total;
    // give each side the number of grids closest to its share of households, within what its
    // cells allow (a side needs at least one cell per grid)
    const lowest = Math.max(1, count - cellCount(second));
    const highest = Math.min(count - 1, cellCount(first));
    const proportional = Math.round(share * count);
    for (const candidate of new Set([proportional - 1, proportional, proportional + 1, Math.floor(count / 2), Math.ceil(count / 2)])) {
      const countOnFirst = Math.min(highest, Math.max(lowest, candidate));
      if (countOnFirst < lowest || countOnFirst > highest) continue;
      const countOnSecond = count - countOnFirst;
      const imbalance = Math.abs(share - countOnFirst / count);
      const elongation = Math.max(elongationOf(first, countOnFirst, cellSize), elongationOf(second, countOnSecond, cellSize));
      const score = imbalance + 0.04 * elongation;
      if (!best || score < best.score - 1e-12) best = { score, first, second, firstCount: countOnFirst };
    }
  };
  for (let column = rectangle.west; column < rectangle.east; column++) {
    consider({ ...rectangle, east: column }, { ...rectangle, west: column + 1 });
  }
  for (let row = rectangle.north; row < rectangle.south; row++) {
    consider({ ...rectangle, south: row }, { ...rectangle, north: row + 1 });
  }
  if (!best) throw new Error('no valid cut');
  const chosen: { first: CellRectangle; second: CellRectangle; firstCount: number } = best;
  return [
    ...bisect(chosen.first, chosen.firstCount, weight, cellSize),
    ...bisect(chosen.second, count - chosen.firstCount, weight, cellSize),
  ];
}

function cellCount(rectangle: CellRectangle): number {
  return (rectangle.east - rectangle.west + 1) * (rectangle.south - rectangle.north + 1);
}

function sumWeight(rectangle: CellRectangle, weight: (column: number, row: number) => number): number {
  let sum = 0;
  for (let column = rectangle.west; column <= rectangle.east; column++) {
    for (let row = rectangle.north; row <= rectangle.south; row++) sum += weight(column, row);
  }
  return sum;
}

/**
 * How far the grids a part will become stray from square: the part is cut into `count` grids,
 * so what matters is its aspect ratio relative to a strip of `count` squares.
 */
function elongationOf(rectangle: CellRectangle, count: number, cellSize: PartitionInput['cellSize']): number {
  const { width, height } = cellSize(rectangle.west, rectangle.north);
  const widthMetres = (rectangle.east - rectangle.west + 1) * width;
  const heightMetres = (rectangle.south - rectangle.north + 1) * height;
  const shortSide = Math.min(widthMetres, heightMetres);
  const longSide = Math.max(widthMetres, heightMetres);
  // a part destined for one grid should be square; a part for several grids only needs to be
  // at least as wide as one square grid, or its grids would all come out as thin strips
  if (count === 1) return longSide / shortSide - 1;
  const squareSide = Math.sqrt((widthMetres * heightMetres) / count);
  return Math.max(0, squareSide / shortSide - 1);
}
