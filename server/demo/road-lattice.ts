import type { PlanePoint } from './local-projection.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * The road network as a lattice: north–south lines (columns, west→east) and east–west lines
 * (rows, north→south), every line a road or a river along its whole length. Each lattice cell
 * is one block between roads, so any union of whole cells has a boundary that follows roads —
 * the rule "以街巷道路地缘为主" holds by construction. Nodes bend gently (a smooth wave per line)
 * so the map does not look like graph paper; a node's position depends only on its indexes,
 * so neighbouring cells share their corners exactly.
 */
export type RoadClass = 'main' | 'secondary' | 'alley' | 'rural';
export type LineKind = RoadClass | 'river';

export interface LineSpecification {
  /** Metres: x for a column line, y for a row line. */
  position: number;
  kind: LineKind;
  name: string | null;
}

export interface LatticeLine extends LineSpecification {
  index: number;
  /** Half the carriageway (or river) width in metres: blocks are set back by this much. */
  halfWidth: number;
  waveAmplitude: number;
  wavePhase: number;
}

export interface RoadLattice {
  columns: LatticeLine[];
  rows: LatticeLine[];
  /** Number of cells west→east and north→south. */
  cellColumns: number;
  cellRows: number;
  node(column: number, row: number): PlanePoint;
  /** What runs along the edge of a cell: a column line between rows `row` and `row + 1`. */
  verticalSegmentKind(column: number, row: number): LineKind;
  /** A row line between columns `column` and `column + 1`. */
  horizontalSegmentKind(row: number, column: number): LineKind;
}

const halfWidthByKind: Record<LineKind, number> = { main: 16, secondary: 10, alley: 5, rural: 3, river: 18 };
const waveAmplitudeByKind: Record<LineKind, number> = { main: 5, secondary: 8, alley: 11, rural: 14, river: 45 };
const waveLengthMetres = 1400;

export function createRoadLattice(
  columnSpecifications: LineSpecification[],
  rowSpecifications: LineSpecification[],
  isRuralCellColumn: (column: number) => boolean,
  random: SeededRandom,
): RoadLattice {
  const toLine = (specification: LineSpecification, index: number, count: number): LatticeLine => {
    const outerEdge = index === 0 || index === count - 1;
    return {
      ...specification,
      index,
      halfWidth: halfWidthByKind[specification.kind],
      // outer edges stay straight so copies of the zone placed side by side meet cleanly
      waveAmplitude: outerEdge ? 0 : waveAmplitudeByKind[specification.kind] * random.between(0.6, 1),
      wavePhase: random.between(0, 2 * Math.PI),
    };
  };
  const columns = columnSpecifications.map((line, index) => toLine(line, index, columnSpecifications.length));
  const rows = rowSpecifications.map((line, index) => toLine(line, index, rowSpecifications.length));
  const ruralKind = (kind: LineKind): LineKind => (kind === 'alley' ? 'rural' : kind);
  return {
    columns,
    rows,
    cellColumns: columns.length - 1,
    cellRows: rows.length - 1,
    node(column, row) {
      const columnLine = columns[column]!;
      const rowLine = rows[row]!;
      return {
        x: columnLine.position + columnLine.waveAmplitude * Math.sin(rowLine.position / waveLengthMetres * 2 * Math.PI + columnLine.wavePhase),
        y: rowLine.position + rowLine.waveAmplitude * Math.sin(columnLine.position / waveLengthMetres * 2 * Math.PI + rowLine.wavePhase),
      };
    },
    verticalSegmentKind(column) {
      const line = columns[column]!;
      // a column line inside the rural area (both neighbours rural) is a farm track
      const ruralOnBothSides = isRuralCellColumn(column - 1) && isRuralCellColumn(column);
      return ruralOnBothSides ? ruralKind(line.kind) : line.kind;
    },
    horizontalSegmentKind(row, column) {
      const line = rows[row]!;
      return isRuralCellColumn(column) ? ruralKind(line.kind) : line.kind;
    },
  };
}

export function halfWidthOf(kind: LineKind): number {
  return halfWidthByKind[kind];
}
