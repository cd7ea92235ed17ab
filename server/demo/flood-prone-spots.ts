import type { StreetModel } from './generate-territory.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * Low spots that flood in summer storms: the riverbank in the farmland and underpasses at main
 * road junctions in the southern, lower half of the town. Shared by the risk-source register
 * (flood_prone entries) and the waterlogging incidents, which cluster on them.
 */
export interface FloodProneSpot {
  column: number;
  row: number;
  u: number;
  v: number;
  name: string;
}

export function floodProneSpots(model: StreetModel, random: SeededRandom): FloodProneSpot[] {
  const { plan, lattice } = model;
  const spots: FloodProneSpot[] = [];
  const riverColumn = plan.columns.findIndex((line) => line.kind === 'river');
  if (riverColumn > 0) {
    for (const row of random.shuffle([...Array(lattice.cellRows).keys()]).slice(0, 2)) {
      spots.push({ column: riverColumn - 1, row, u: 0.96, v: 0.5, name: `${plan.riverName}沿岸低洼地` });
    }
  }
  const junctions: FloodProneSpot[] = [];
  for (let column = plan.ruralCellColumns + 1; column < lattice.cellColumns; column++) {
    for (let row = Math.floor(lattice.cellRows / 2); row < lattice.cellRows; row++) {
      const columnLine = plan.columns[column]!;
      const rowLine = plan.rows[row]!;
      const major = (kind: string) => kind === 'main' || kind === 'secondary';
      if (major(columnLine.kind) && major(rowLine.kind)) {
        junctions.push({ column, row, u: 0.03, v: 0.03, name: `${rowLine.name ?? ''}与${columnLine.name ?? ''}交口下穿通道` });
      }
    }
  }
  spots.push(...random.shuffle(junctions).slice(0, 3));
  return spots;
}
