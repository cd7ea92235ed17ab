import { layoutBuildings } from './building-layout.ts';
import { blockInCell, cellCorners, quadrilateralSize, rectangleOutline, type CellRectangle, type Quadrilateral } from './cell-geometry.ts';
import type { AssignmentRow, BuildingRow, CommunityRow, GridRow, HouseholdRow, StreetRow, WorkerRow } from './demo-rows.ts';
import { birthDateForAge, fakeDutyLandline, fakeIdNumber, fakeMobile, fakeName, type Gender } from './fake-identity.ts';
import { householdsInBuilding } from './generate-households.ts';
import { multiPolygonFromRing, pointAt, polygonFromQuadrilateral, quadrilateralCentre } from './geojson-shapes.ts';
import { gridCode, gridName, numberingOrder } from './grid-numbering.ts';
import { assignLandUse, type CellUse, type LandUseMap } from './land-use.ts';
import { createLocalProjection, type LocalProjection } from './local-projection.ts';
import { partitionIntoGrids } from './partition-grids.ts';
import { createRoadLattice, type RoadLattice } from './road-lattice.ts';
import type { SeededRandom } from './seeded-random.ts';
import { demoStartOfDay } from './working-time.ts';
import type { StreetPlan } from './zone-plan.ts';

/**
 * The territory of one street office: roads, land use, buildings and households, the grids cut
 * along roads to balance households, their codes, and the grid workers. Returns the rows and
 * the in-memory model (lattice, which grid each cell is in, who worked where when) that the
 * incident, risk-source and basemap generators build on.
 */
export interface GridModel {
  code: string;
  communityCode: string;
  communityIndex: number;
  rectangle: CellRectangle;
  rural: boolean;
  households: number;
  /** Who covered the grid over time, oldest first; a gap after the last is a vacancy. */
  tenures: { workerKey: string; from: Date; to: Date | null }[];
  /** The worker who covers the grid while it is vacant (a neighbouring grid's worker). */
  coverWorkerKey: string | null;
}

export interface StreetModel {
  plan: StreetPlan;
  projection: LocalProjection;
  lattice: RoadLattice;
  landUse: LandUseMap;
  /** Grid index for each cell, [column][row]. */
  gridIndexByCell: number[][];
  grids: GridModel[];
  communityCodes: string[];
  /** Block quadrilateral of each cell, [column][row]. */
  blocks: Quadrilateral[][];
  workerNames: Map<string, string>;
  validFrom: Date;
}

export const serviceHallHours = '周一至周五 8:30–12:00、14:00–17:30；周六 9:00–12:00 值班';
export const workerDutyHours = '周一至周五 8:30–12:00、14:00–17:30；节假日轮值';

export function generateTerritory(plan: StreetPlan, now: Date, random: SeededRandom) {
  const projection = createLocalProjection(plan.origin);
  const lattice = createRoadLattice(plan.columns, plan.rows, (column) => column >= 0 && column < plan.ruralCellColumns, random.fork('lattice'));
  const landUse = assignLandUse(plan, random.fork('land use'));
  const communityCodes = plan.communities.map((community) => plan.code + community.code);
  // the layout in force for about two years, starting at a local midnight
  const validFrom = demoStartOfDay(new Date(now.getTime() - 730 * 86_400_000));

  // buildings and households first: grids are cut to balance the households
  const blocks: Quadrilateral[][] = [];
  const cellBuildings: { cell: CellUse; sketches: ReturnType<typeof layoutBuildings>; households: ReturnType<typeof householdsInBuilding>[] }[][] = [];
  for (let column = 0; column < lattice.cellColumns; column++) {
    blocks.push([]);
    cellBuildings.push([]);
    for (let row = 0; row < lattice.cellRows; row++) {
      const cell = landUse.cells[column]![row]!;
      const block = blockInCell(lattice, column, row);
      blocks[column]!.push(block);
      const site = cell.siteIndex === undefined ? undefined : plan.communities[cell.communityIndex]!.sites[cell.siteIndex];
      const cellRandom = random.fork(`cell ${column},${row}`);
      const sketches = layoutBuildings(block, cell, site?.style, site?.kind, cellRandom.fork('buildings'));
      const occupancy = site?.occupancy ?? 1;
      const households = sketches.map((sketch, index) => householdsInBuilding(sketch, occupancy, plan.countyCode, now, cellRandom.fork(`households ${index}`)));
      cellBuildings[column]!.push({ cell, sketches, households });
    }
  }

  // grids: bisect each community's town and farmland parts, then number by the documented rule
  const grids: GridModel[] = [];
  const gridRows: GridRow[] = [];
  const gridIndexByCell: number[][] = Array.from({ length: lattice.cellColumns }, () => Array<number>(lattice.cellRows).fill(-1));
  const communityRows: CommunityRow[] = [];
  plan.communities.forEach((community, communityIndex) => {
    const communityCode = communityCodes[communityIndex]!;
    const householdsIn = (column: number, row: number): number =>
      cellBuildings[column]![row]!.households.reduce((sum, list) => sum + list.length, 0);
    const cellSize = (column: number, row: number) => quadrilateralSize(cellCorners(lattice, column, row));
    const townWest = community.westCellColumn + community.ruralCellColumns;
    const rectangles: { rectangle: CellRectangle; rural: boolean }[] = partitionIntoGrids({
      rectangle: { west: townWest, east: community.eastCellColumn, north: 0, south: lattice.cellRows - 1 },
      count: community.townGridCount,
      households: householdsIn,
      cellSize,
    }).map((rectangle) => ({ rectangle, rural: false }));
    if (community.ruralCellColumns > 0) {
      rectangles.push(
        ...partitionIntoGrids({
          rectangle: { west: community.westCellColumn, east: townWest - 1, north: 0, south: lattice.cellRows - 1 },
          count: community.ruralGridCount,
          households: householdsIn,
          cellSize,
        }).map((rectangle) => ({ rectangle, rural: true })),
      );
    }
    const communityRectangle = { west: community.westCellColumn, east: community.eastCellColumn, north: 0, south: lattice.cellRows - 1 };
    const communityBoundary = multiPolygonFromRing(projection, rectangleOutline(lattice, communityRectangle));
    const northLatitude = Math.max(...communityBoundary.coordinates[0]![0]!.map((position) => position[1]!));
    const outlines = rectangles.map(({ rectangle }) => multiPolygonFromRing(projection, rectangleOutline(lattice, rectangle)));
    const order = numberingOrder(outlines.map((outline) => ({ ring: outline.coordinates[0]![0]! as [number, number][] })), northLatitude);
    order.forEach((rectangleIndex, position) => {
      const sequence = position + 1;
      const { rectangle, rural } = rectangles[rectangleIndex]!;
      const code = gridCode(communityCode, sequence);
      let households = 0;
      for (let column = rectangle.west; column <= rectangle.east; column++) {
        for (let row = rectangle.north; row <= rectangle.south; row++) {
          gridIndexByCell[column]![row] = grids.length;
          households += householdsIn(column, row);
        }
      }
      grids.push({ code, communityCode, communityIndex, rectangle, rural, households, tenures: [], coverWorkerKey: null });
      gridRows.push({ code, name: gridName(community.name, sequence), communityCode, geometry: outlines[rectangleIndex]!, validFrom });
    });
    const centre = landUse.cells.flat().find((cell) => cell.communityIndex === communityIndex && cell.use === 'service-centre');
    const serviceHallRoad = centre ? (plan.rows[centre.row]!.name ?? plan.columns[centre.column]!.name ?? '') : '';
    communityRows.push({
      code: communityCode,
      name: community.name,
      boundary: communityBoundary,
      serviceHallAddress: `${serviceHallRoad}${random.fork(`hall ${communityIndex}`).integer(8, 198)}号 ${community.name}党群服务中心一楼为民服务大厅`,
      serviceHallHours,
      dutyPhone: fakeDutyLandline(random.fork(`hall phone ${communityIndex}`)),
    });
  });

  const buildings: BuildingRow[] = [];
  const households: HouseholdRow[] = [];
  const buildingNumbers = new Map<string, number>();
  for (let row = 0; row < lattice.cellRows; row++) {
    for (let column = 0; column < lattice.cellColumns; column++) {
      const { cell, sketches, households: householdLists } = cellBuildings[column]![row]!;
      const grid = grids[gridIndexByCell[column]![row]!]!;
      sketches.forEach((sketch, index) => {
        const complexName = complexNameFor(plan, cell, sketch.purpose, column, row);
        const numberKey = complexName ?? `${column},${row}`;
        const number = (buildingNumbers.get(numberKey) ?? 0) + 1;
        buildingNumbers.set(numberKey, number);
        const key = buildings.length;
        buildings.push({
          key,
          communityCode: grid.communityCode,
          gridCode: grid.code,
          complexName,
          number: String(number),
          kind: sketch.kind,
          floors: sketch.floors,
          footprint: polygonFromQuadrilateral(projection, sketch.footprint),
          location: pointAt(projection, quadrilateralCentre(sketch.footprint)),
        });
        for (const household of householdLists[index]!) {
          households.push({
            buildingKey: key,
            gridCode: grid.code,
            unit: household.unit,
            room: household.room,
            location: pointAt(projection, household.position),
            registeredCount: household.registeredCount,
            residentCount: household.residentCount,
            floatingCount: household.floatingCount,
            registeredElsewhere: household.registeredElsewhere,
            elderlyAlone: household.elderlyAlone,
            disability: household.disability,
            headName: household.headName,
            headIdNumber: household.headIdNumber,
            headPhone: household.headPhone,
          });
        }
      });
    }
  }

  const { workers, assignments, workerNames } = staffGrids(plan, grids, validFrom, now, random.fork('workers'));
  const street: StreetRow = {
    code: plan.code,
    name: plan.name,
    boundary: multiPolygonFromRing(projection, rectangleOutline(lattice, { west: 0, east: lattice.cellColumns - 1, north: 0, south: lattice.cellRows - 1 })),
  };
  const model: StreetModel = { plan, projection, lattice, landUse, gridIndexByCell, grids, communityCodes, blocks, workerNames, validFrom };
  return { street, communities: communityRows, grids: gridRows, workers, assignments, buildings, households, model };
}

const industrialFirms = ['江淮精工', '华冠电子', '长丰汽配', '双凤新材料', '合力包装', '凯盛塑业', '恒信机械', '皖北食品', '中科光电', '瑞丰家具', '金桥物流', '同创科技'];

function complexNameFor(plan: StreetPlan, cell: CellUse, purpose: string, column: number, row: number): string | null {
  const community = plan.communities[cell.communityIndex]!;
  const shortName = community.name.replace(/社区$/, '');
  switch (cell.use) {
    case 'site':
      return community.sites[cell.siteIndex!]!.name;
    case 'village':
      return cell.villageName ?? null;
    case 'market':
      return purpose === 'market' ? `${shortName}农贸市场` : `${shortName}农贸市场商铺`;
    case 'school':
      return `${shortName}${(column + row) % 2 === 0 ? '小学' : '初级中学'}`;
    case 'service-centre':
      return `${community.name}党群服务中心`;
    case 'industrial':
      return `${industrialFirms[(column * 7 + row * 3 + plan.copyIndex) % industrialFirms.length]!}有限公司`;
    case 'shops':
      return `${plan.rows[row]!.name ?? plan.columns[column]!.name ?? ''}商业街`;
    case 'farmland':
      return `${plan.rows[row]!.name ?? plan.columns[column]!.name ?? plan.columns[0]!.name ?? ''}沿线散居户`;
    default:
      return null;
  }
}

/**
 * One worker per grid, hired when the layout took effect or later; some grids had a worker
 * before the current one, and three or four are vacant now (the worker left a few weeks or
 * months ago), covered meanwhile by the worker of the grid numbered just before.
 */
function staffGrids(plan: StreetPlan, grids: GridModel[], validFrom: Date, now: Date, random: SeededRandom) {
  const workers: WorkerRow[] = [];
  const assignments: AssignmentRow[] = [];
  const workerNames = new Map<string, string>();
  const day = 86_400_000;
  const vacancyCount = random.integer(3, 4);
  const vacant = new Set(random.shuffle(grids.map((_, index) => index)).slice(0, vacancyCount));
  const hire = (active: boolean): WorkerRow => {
    const gender: Gender = random.chance(0.62) ? 'F' : 'M';
    const key = `${plan.code}-worker-${workers.length + 1}`;
    const worker: WorkerRow = {
      key,
      name: fakeName(random, gender),
      gender,
      phone: fakeMobile(random),
      dutyPhone: fakeDutyLandline(random),
      dutyHours: workerDutyHours,
      idNumber: fakeIdNumber(random, plan.countyCode, birthDateForAge(random, now, 24, 55), gender),
      active,
    };
    workers.push(worker);
    workerNames.set(key, worker.name);
    return worker;
  };
  const spanDays = Math.floor((now.getTime() - validFrom.getTime()) / day);
  grids.forEach((grid, index) => {
    const hadPredecessor = random.chance(0.15);
    let startedAt = new Date(validFrom.getTime() + (hadPredecessor ? random.integer(120, spanDays - 150) : random.integer(0, 20)) * day);
    if (hadPredecessor) {
      const predecessor = hire(false);
      assignments.push({ gridCode: grid.code, workerKey: predecessor.key, startedAt: validFrom, endedAt: startedAt, reason: '岗位调整' });
      grid.tenures.push({ workerKey: predecessor.key, from: validFrom, to: startedAt });
    }
    if (vacant.has(index)) {
      // the current worker left between 3 weeks and 4 months ago
      const leftAt = new Date(now.getTime() - random.integer(21, 120) * day);
      if (leftAt.getTime() <= startedAt.getTime()) startedAt = new Date(leftAt.getTime() - 90 * day);
      const former = hire(false);
      assignments.push({ gridCode: grid.code, workerKey: former.key, startedAt, endedAt: leftAt, reason: '离职' });
      grid.tenures.push({ workerKey: former.key, from: startedAt, to: leftAt });
      return;
    }
    const worker = hire(true);
    assignments.push({ gridCode: grid.code, workerKey: worker.key, startedAt, endedAt: null, reason: null });
    grid.tenures.push({ workerKey: worker.key, from: startedAt, to: null });
  });
  // a vacant grid is covered by the nearest-numbered staffed grid of its community
  grids.forEach((grid, index) => {
    if (!vacant.has(index)) return;
    const siblings = grids.map((other, otherIndex) => ({ other, otherIndex })).filter(({ other, otherIndex }) => other.communityCode === grid.communityCode && !vacant.has(otherIndex));
    siblings.sort((a, b) => Math.abs(a.otherIndex - index) - Math.abs(b.otherIndex - index) || a.otherIndex - b.otherIndex);
    grid.coverWorkerKey = siblings[0]?.other.tenures.at(-1)?.workerKey ?? null;
  });
  return { workers, assignments, workerNames };
}
