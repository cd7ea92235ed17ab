import { quadrilateralSize, subQuadrilateral, type Quadrilateral } from './cell-geometry.ts';
import type { CellUse } from './land-use.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { BuildingStyle } from './zone-plan.ts';

/**
 * Building footprints inside one block. Footprints are laid out in the block's own u/v
 * parameter space (u west→east, v north→south) and mapped through the block quadrilateral, so
 * every footprint is a convex quadrilateral that lies inside the block and never overlaps
 * another. Residential slabs run east–west, as Chinese flats face south.
 */
export type BuildingKind = 'residential' | 'resettlement' | 'commercial' | 'village' | 'public' | 'industrial';

export interface BuildingSketch {
  footprint: Quadrilateral;
  kind: BuildingKind;
  floors: number;
  /** 单元 (stairwells); 0 for a house with no units. */
  units: number;
  /** Flats per floor in each unit; 0 for buildings with no homes. */
  flatsPerFloor: number;
  /** What the building is, for non-residential ones: 'market', 'school', 'factory', … */
  purpose: string;
}

interface SlabLayout {
  columns: number;
  rows: number;
  lengthMetres: number;
  depthMetres: number;
}

const residentialLayouts: Record<BuildingStyle, SlabLayout & { floors: [number, number]; units: number; flatsPerFloor: number }> = {
  'mid-rise': { columns: 3, rows: 3, lengthMetres: 36, depthMetres: 12, floors: [6, 6], units: 2, flatsPerFloor: 2 },
  'small-high-rise': { columns: 2, rows: 2, lengthMetres: 32, depthMetres: 15, floors: [14, 18], units: 2, flatsPerFloor: 2 },
  'high-rise': { columns: 2, rows: 3, lengthMetres: 34, depthMetres: 16, floors: [18, 26], units: 2, flatsPerFloor: 2 },
};

export function layoutBuildings(block: Quadrilateral, cell: CellUse, style: BuildingStyle | undefined, kind: 'resettlement' | 'commercial' | undefined, random: SeededRandom): BuildingSketch[] {
  const size = quadrilateralSize(block);
  switch (cell.use) {
    case 'site': {
      const layout = residentialLayouts[style ?? 'mid-rise'];
      return slabs(block, size, layout, random).map((footprint) => ({
        footprint,
        kind: kind === 'resettlement' ? 'resettlement' : 'residential',
        floors: random.integer(layout.floors[0], layout.floors[1]),
        units: layout.units,
        flatsPerFloor: layout.flatsPerFloor,
        purpose: 'homes',
      }));
    }
    case 'industrial': {
      const sheds = slabs(block, size, { columns: random.integer(1, 2), rows: 2, lengthMetres: 70, depthMetres: 32 }, random);
      const buildings: BuildingSketch[] = sheds.map((footprint, index) => ({
        footprint, kind: 'industrial', floors: index === 0 ? random.integer(2, 4) : 1, units: 0, flatsPerFloor: 0, purpose: index === 0 ? 'factory office' : 'factory',
      }));
      // a third of the factories house their workers on site (职工宿舍): the only homes in the industrial park
      if (random.chance(0.35)) {
        buildings.push({ footprint: centred(block, size, 40, 12, 0.85, 0.08), kind: 'residential', floors: 5, units: 2, flatsPerFloor: 3, purpose: 'dormitory' });
      }
      return buildings;
    }
    case 'market':
      return [
        { footprint: centred(block, size, 80, 50, 0.5, 0.45), kind: 'public', floors: 2, units: 0, flatsPerFloor: 0, purpose: 'market' },
        { footprint: centred(block, size, 60, 12, 0.5, 0.88), kind: 'commercial', floors: 3, units: 0, flatsPerFloor: 0, purpose: 'shops' },
      ];
    case 'school':
      return [
        { footprint: centred(block, size, 60, 15, 0.3, 0.2), kind: 'public', floors: 5, units: 0, flatsPerFloor: 0, purpose: 'school' },
        { footprint: centred(block, size, 60, 15, 0.3, 0.45), kind: 'public', floors: 4, units: 0, flatsPerFloor: 0, purpose: 'school' },
        { footprint: centred(block, size, 30, 20, 0.3, 0.75), kind: 'public', floors: 2, units: 0, flatsPerFloor: 0, purpose: 'school canteen' },
      ];
    case 'service-centre':
      return [{ footprint: centred(block, size, 40, 20, 0.5, 0.35), kind: 'public', floors: 3, units: 0, flatsPerFloor: 0, purpose: 'community service centre' }];
    case 'shops':
      return slabs(block, size, { columns: 3, rows: 2, lengthMetres: 40, depthMetres: 14 }, random).map((footprint) => ({
        footprint, kind: 'commercial', floors: random.integer(2, 5), units: 0, flatsPerFloor: 0, purpose: 'shops',
      }));
    case 'vacant':
      return random.chance(0.4) ? [{ footprint: centred(block, size, 20, 10, random.between(0.2, 0.8), random.between(0.2, 0.8)), kind: 'commercial', floors: 1, units: 0, flatsPerFloor: 0, purpose: 'temporary shed' }] : [];
    case 'village':
      return villageHouses(block, size, random);
    case 'farmland':
      return scatteredFarmhouses(block, size, random, cell.pond === true);
    case 'park':
    case 'construction':
      return [];
  }
}

/** Rows and columns of equal slabs, each nudged a little inside its slot. */
function slabs(block: Quadrilateral, size: { width: number; height: number }, layout: SlabLayout, random: SeededRandom): Quadrilateral[] {
  const footprints: Quadrilateral[] = [];
  const slotWidth = 1 / layout.columns;
  const slotHeight = 1 / layout.rows;
  const halfLength = Math.min(layout.lengthMetres / size.width, slotWidth * 0.8) / 2;
  const halfDepth = Math.min(layout.depthMetres / size.height, slotHeight * 0.6) / 2;
  for (let column = 0; column < layout.columns; column++) {
    for (let row = 0; row < layout.rows; row++) {
      const slackU = slotWidth / 2 - halfLength;
      const slackV = slotHeight / 2 - halfDepth;
      const u = slotWidth * (column + 0.5) + random.between(-0.3, 0.3) * slackU;
      const v = slotHeight * (row + 0.5) + random.between(-0.3, 0.3) * slackV;
      footprints.push(subQuadrilateral(block, u - halfLength, u + halfLength, v - halfDepth, v + halfDepth));
    }
  }
  return footprints;
}

function centred(block: Quadrilateral, size: { width: number; height: number }, lengthMetres: number, depthMetres: number, u: number, v: number): Quadrilateral {
  const halfLength = Math.min(lengthMetres / size.width, 0.9) / 2;
  const halfDepth = Math.min(depthMetres / size.height, 0.9) / 2;
  const centreU = Math.min(Math.max(u, halfLength + 0.02), 0.98 - halfLength);
  const centreV = Math.min(Math.max(v, halfDepth + 0.02), 0.98 - halfDepth);
  return subQuadrilateral(block, centreU - halfLength, centreU + halfLength, centreV - halfDepth, centreV + halfDepth);
}

/** A cluster of two- and three-storey houses on a jittered plot grid, most plots built on. */
function villageHouses(block: Quadrilateral, size: { width: number; height: number }, random: SeededRandom): BuildingSketch[] {
  const houses: BuildingSketch[] = [];
  const plotColumns = Math.max(1, Math.floor((size.width * 0.7) / 26));
  const plotRows = Math.max(1, Math.floor((size.height * 0.8) / 28));
  const clusterWest = random.between(0.05, 0.25);
  const clusterNorth = 0.1;
  const plotWidth = 0.7 / plotColumns;
  const plotHeight = 0.8 / plotRows;
  const halfLength = Math.min(13 / size.width, plotWidth * 0.8) / 2;
  const halfDepth = Math.min(10 / size.height, plotHeight * 0.7) / 2;
  for (let column = 0; column < plotColumns; column++) {
    for (let row = 0; row < plotRows; row++) {
      if (!random.chance(0.82)) continue;
      const u = clusterWest + plotWidth * (column + 0.5) + random.between(-0.25, 0.25) * (plotWidth / 2 - halfLength);
      const v = clusterNorth + plotHeight * (row + 0.5) + random.between(-0.25, 0.25) * (plotHeight / 2 - halfDepth);
      houses.push({
        footprint: subQuadrilateral(block, u - halfLength, u + halfLength, v - halfDepth, v + halfDepth),
        kind: 'village', floors: random.integer(2, 3), units: 0, flatsPerFloor: 0, purpose: 'homes',
      });
    }
  }
  return houses;
}

/** A few farmhouses along the northern edge of a field (the pond, if any, sits in the south). */
function scatteredFarmhouses(block: Quadrilateral, size: { width: number; height: number }, random: SeededRandom, _hasPond: boolean): BuildingSketch[] {
  const count = random.weighted([[0, 0.45], [1, 0.35], [2, 0.2]] as const);
  const houses: BuildingSketch[] = [];
  for (let index = 0; index < count; index++) {
    const u = (index + 0.5) / count + random.between(-0.1, 0.1) / count;
    houses.push({
      footprint: centred(block, size, 13, 10, u, 0.1),
      kind: 'village', floors: random.integer(1, 2), units: 0, flatsPerFloor: 0, purpose: 'homes',
    });
  }
  return houses;
}

/** The part of a farmland block given to its pond, in u/v space (kept clear of farmhouses). */
export const pondArea = { u0: 0.3, u1: 0.75, v0: 0.45, v1: 0.85 };
