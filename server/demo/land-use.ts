import type { CommunityPlan, SitePlan, StreetPlan } from './zone-plan.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * What each lattice cell is used for. Residential complexes take rectangles of cells in the
 * northern two thirds of each community, with a farmers' market, schools, a park, shop streets
 * and construction sites (the complexes' next phases) beside them; the south is the industrial
 * park of the development zone; the west of the first community is farmland with villages and
 * ponds. Incident hotspots and risk sources are derived from these uses.
 */
export type LandUse =
  | 'site' // a residential complex (resettlement or commercial housing)
  | 'market'
  | 'school'
  | 'park'
  | 'shops'
  | 'construction'
  | 'service-centre'
  | 'industrial'
  | 'vacant'
  | 'farmland'
  | 'village';

export interface CellUse {
  column: number;
  row: number;
  use: LandUse;
  communityIndex: number;
  /** For 'site' cells: index into the community's sites. */
  siteIndex?: number;
  /** For 'village' cells: the village name. */
  villageName?: string;
  /** A farmland cell with a pond in it. */
  pond?: boolean;
  /** A cell on a main road where a gas station stands. */
  gasStation?: boolean;
}

export interface LandUseMap {
  cells: CellUse[][]; // [column][row]
  /** For each community, the cell rectangles its sites occupy, in plan order. */
  sitePlacements: { communityIndex: number; siteIndex: number; west: number; north: number; site: SitePlan }[];
}

const cellRows = 18;
const northernRows = 13; // complexes go in rows 0..12

export function assignLandUse(plan: StreetPlan, random: SeededRandom): LandUseMap {
  const cellColumns = plan.columns.length - 1;
  const cells: (CellUse | undefined)[][] = Array.from({ length: cellColumns }, () => Array<CellUse | undefined>(cellRows).fill(undefined));
  const sitePlacements: LandUseMap['sitePlacements'] = [];
  plan.communities.forEach((community, communityIndex) => {
    const communityRandom = random.fork(`land use ${community.code}`);
    const townWest = community.westCellColumn + community.ruralCellColumns;
    const set = (column: number, row: number, use: LandUse, extra: Partial<CellUse> = {}): void => {
      cells[column]![row] = { column, row, use, communityIndex, ...extra };
    };
    const isFree = (column: number, row: number): boolean =>
      column >= townWest && column <= community.eastCellColumn && row >= 0 && row < cellRows && cells[column]![row] === undefined;

    placeSites(community, townWest, communityRandom, isFree, (site, siteIndex, west, north) => {
      for (let column = west; column < west + site.widthCells; column++) {
        for (let row = north; row < north + site.heightCells; row++) set(column, row, 'site', { siteIndex });
      }
      sitePlacements.push({ communityIndex, siteIndex, west, north, site });
    });

    // amenities go next to the complexes they serve
    const placements = sitePlacements.filter((placement) => placement.communityIndex === communityIndex);
    const besideSites = (predicate: (placement: (typeof placements)[number]) => boolean): [number, number][] => {
      const candidates: [number, number][] = [];
      for (const placement of placements.filter(predicate)) {
        for (let column = placement.west - 1; column <= placement.west + placement.site.widthCells; column++) {
          for (let row = placement.north - 1; row <= placement.north + placement.site.heightCells; row++) {
            if (isFree(column, row)) candidates.push([column, row]);
          }
        }
      }
      return candidates;
    };
    const placeBeside = (use: LandUse, predicate: (placement: (typeof placements)[number]) => boolean): void => {
      const candidates = besideSites(predicate);
      const chosen = candidates.length > 0 ? communityRandom.pick(candidates) : anyFree(community, townWest, isFree, communityRandom);
      if (chosen) set(chosen[0], chosen[1], use);
    };
    placeBeside('market', (placement) => placement.site.kind === 'resettlement');
    placeBeside('service-centre', (placement) => placement.site.kind === 'resettlement');
    placeBeside('school', (placement) => placement.site.kind === 'resettlement');
    placeBeside('school', (placement) => placement.site.style === 'high-rise');
    placeBeside('construction', (placement) => placement.site.kind === 'commercial');
    placeBeside('construction', (placement) => placement.site.style === 'high-rise');
    placeBeside('shops', () => true);
    placeBeside('shops', () => true);
    placeBeside('park', () => true);

    for (let column = townWest; column <= community.eastCellColumn; column++) {
      for (let row = 0; row < cellRows; row++) {
        if (!isFree(column, row)) continue;
        const use: LandUse =
          row >= northernRows
            ? communityRandom.weighted<LandUse>([['industrial', 0.8], ['vacant', 0.15], ['construction', 0.05]])
            : communityRandom.weighted<LandUse>([['industrial', 0.3], ['vacant', 0.3], ['park', 0.1], ['shops', 0.2], ['construction', 0.1]]);
        set(column, row, use);
      }
    }
    placeGasStation(plan, community, townWest, cells, communityRandom);

    if (community.ruralCellColumns > 0) {
      assignFarmland(community, communityIndex, cells, communityRandom);
    }
  });
  return {
    cells: cells.map((column, columnIndex) =>
      column.map((cell, rowIndex) => {
        if (!cell) throw new Error(`cell ${columnIndex},${rowIndex} belongs to no community`);
        return cell;
      }),
    ),
    sitePlacements,
  };
}

function placeSites(
  community: CommunityPlan,
  townWest: number,
  random: SeededRandom,
  isFree: (column: number, row: number) => boolean,
  place: (site: SitePlan, siteIndex: number, west: number, north: number) => void,
): void {
  // largest first so the big complexes always find room; keep a free ring around each complex
  // where possible so schools and markets can sit beside it
  const order = community.sites.map((site, siteIndex) => ({ site, siteIndex })).sort((a, b) => b.site.widthCells * b.site.heightCells - a.site.widthCells * a.site.heightCells);
  for (const { site, siteIndex } of order) {
    const fits = (west: number, north: number, margin: number): boolean => {
      for (let column = west - margin; column < west + site.widthCells + margin; column++) {
        for (let row = north - margin; row < north + site.heightCells + margin; row++) {
          const inside = column >= west && column < west + site.widthCells && row >= north && row < north + site.heightCells;
          const outOfCommunity = column < townWest || column > community.eastCellColumn || row < 0 || row >= northernRows;
          if (inside && !isFree(column, row)) return false;
          if (!inside && !outOfCommunity && !isFree(column, row)) return false;
        }
      }
      return true;
    };
    let chosen: [number, number] | undefined;
    for (const margin of [1, 0]) {
      const candidates: [number, number][] = [];
      for (let west = townWest; west + site.widthCells - 1 <= community.eastCellColumn; west++) {
        for (let north = 0; north + site.heightCells <= northernRows; north++) {
          if (fits(west, north, margin)) candidates.push([west, north]);
        }
      }
      if (candidates.length > 0) {
        chosen = random.pick(candidates);
        break;
      }
    }
    if (!chosen) throw new Error(`no room for ${site.name} in ${community.name}`);
    place(site, siteIndex, chosen[0], chosen[1]);
  }
}

function anyFree(community: CommunityPlan, townWest: number, isFree: (column: number, row: number) => boolean, random: SeededRandom): [number, number] | undefined {
  const candidates: [number, number][] = [];
  for (let column = townWest; column <= community.eastCellColumn; column++) {
    for (let row = 0; row < cellRows; row++) if (isFree(column, row)) candidates.push([column, row]);
  }
  return candidates.length > 0 ? random.pick(candidates) : undefined;
}

/** One gas station per community, in an industrial or vacant cell on a main road. */
function placeGasStation(plan: StreetPlan, community: CommunityPlan, townWest: number, cells: (CellUse | undefined)[][], random: SeededRandom): void {
  const candidates: CellUse[] = [];
  for (let column = townWest; column <= community.eastCellColumn; column++) {
    for (let row = 0; row < cellRows; row++) {
      const cell = cells[column]![row];
      if (!cell || (cell.use !== 'industrial' && cell.use !== 'vacant')) continue;
      const onMainRoad =
        plan.columns[column]!.kind === 'main' || plan.columns[column + 1]!.kind === 'main' ||
        plan.rows[row]!.kind === 'main' || plan.rows[row + 1]!.kind === 'main';
      if (onMainRoad) candidates.push(cell);
    }
  }
  if (candidates.length > 0) random.pick(candidates).gasStation = true;
}

/** The agricultural area: fields, twelve villages scattered so no two touch, and a few ponds. */
function assignFarmland(community: CommunityPlan, communityIndex: number, cells: (CellUse | undefined)[][], random: SeededRandom): void {
  const west = community.westCellColumn;
  const east = west + community.ruralCellColumns - 1;
  for (let column = west; column <= east; column++) {
    for (let row = 0; row < cellRows; row++) cells[column]![row] = { column, row, use: 'farmland', communityIndex };
  }
  const positions: [number, number][] = [];
  for (let column = west; column <= east; column++) for (let row = 0; row < cellRows; row++) positions.push([column, row]);
  const villageCells: [number, number][] = [];
  for (const [column, row] of random.shuffle(positions)) {
    if (villageCells.length >= community.villageNames.length) break;
    const touches = villageCells.some(([otherColumn, otherRow]) => Math.abs(otherColumn - column) <= 1 && Math.abs(otherRow - row) <= 1);
    if (touches) continue;
    villageCells.push([column, row]);
  }
  // name villages north→south so the list reads like a map
  villageCells.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
  villageCells.forEach(([column, row], index) => {
    cells[column]![row] = { column, row, use: 'village', communityIndex, villageName: community.villageNames[index]! };
  });
  let ponds = 0;
  for (const [column, row] of random.shuffle(positions)) {
    if (ponds >= 5) break;
    const cell = cells[column]![row]!;
    if (cell.use !== 'farmland') continue;
    cell.pond = true;
    ponds++;
  }
}
