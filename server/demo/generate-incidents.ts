import { addressInCell } from './cell-address.ts';
import { randomTrackingSuffix } from '../incidents/tracking-code.ts';
import { cellCorners, pointInQuadrilateral } from './cell-geometry.ts';
import type { IncidentRow, IncidentSource } from './demo-rows.ts';
import { fakeName, fakeResidentMobile } from './fake-identity.ts';
import type { FloodProneSpot } from './flood-prone-spots.ts';
import type { GridModel, StreetModel } from './generate-territory.ts';
import { pointAt } from './geojson-shapes.ts';
import { categoryPatterns, type CategoryPattern, type DailyRhythm, type Hotspot } from './incident-category-catalog.ts';
import { playLifecycle } from './incident-lifecycle.ts';
import type { LandUse } from './land-use.ts';
import type { SeededRandom } from './seeded-random.ts';
import { localDate } from '../time/zone.ts';
import { deadlineInWorkingHours, demoDateStamp, demoLocalTime, demoStartOfDay, demoTimeZone } from './working-time.ts';

/**
 * Twelve months of incidents ending at `now` for one street office. Each category has its own
 * places (vendors at the market and school gates, parking on shop streets, dust at construction
 * sites, waterlogging at flood-prone spots), hours (vendors at the morning and after-school rush,
 * barbecues at night) and seasons (waterlogging on summer storm days, straw burning after the
 * harvest, burst mains in the cold). Each incident is then played through its lifecycle.
 */
export const incidentsPerGridPerYear = 340;

const day = 86_400_000;

interface Spot {
  column: number;
  row: number;
  u: number;
  v: number;
  nearRoad: boolean;
}

export function generateIncidents(model: StreetModel, floodSpots: FloodProneSpot[], now: Date, random: SeededRandom): IncidentRow[] {
  const windowStart = now.getTime() - 365 * day;
  const totalFrequency = categoryPatterns.reduce((sum, pattern) => sum + pattern.frequency, 0);
  const total = Math.round(model.grids.length * incidentsPerGridPerYear * random.between(0.95, 1.05));
  const stormDays = summerStormDays(now, random.fork('storms'));
  const cellsByUse = new Map<LandUse, { column: number; row: number }[]>();
  for (const column of model.landUse.cells) {
    for (const cell of column) {
      const list = cellsByUse.get(cell.use) ?? [];
      list.push({ column: cell.column, row: cell.row });
      cellsByUse.set(cell.use, list);
    }
  }
  const townCells = model.landUse.cells.flat().filter((cell) => cell.use !== 'farmland' && cell.use !== 'village');
  const dispatchers = [0, 1, 2].map((index) => fakeName(random.fork(`dispatcher ${index}`), index === 1 ? 'M' : 'F'));
  const checkers = [0, 1].map((index) => fakeName(random.fork(`checker ${index}`), index === 0 ? 'M' : 'F'));

  const drafts: Omit<IncidentRow, 'trackingCode'>[] = [];
  for (const pattern of categoryPatterns) {
    const categoryRandom = random.fork(`category ${pattern.code}`);
    const count = Math.round((total * pattern.frequency) / totalFrequency);
    for (let index = 0; index < count; index++) {
      const incidentRandom = categoryRandom.fork(index);
      const stormDriven = stormDays.length > 0 && (pattern.code === '0504' || (pattern.code === '0501' && incidentRandom.chance(0.5)));
      const reportedAt = stormDriven
        ? stormTime(stormDays, incidentRandom)
        : sampleTime(pattern, windowStart, now.getTime(), incidentRandom);
      if (reportedAt.getTime() > now.getTime() || reportedAt.getTime() < windowStart) continue;
      const spot = chooseSpot(pattern, model, cellsByUse, townCells, floodSpots, incidentRandom);
      drafts.push(buildIncident(pattern, spot, reportedAt, now, model, dispatchers, checkers, incidentRandom));
    }
  }
  // tracking codes as the live system hands them out: the day, readable, and a random part nobody
  // can enumerate (E20250615-7KQ3M9XA), seeded so the same seed gives the same codes
  drafts.sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a.categoryCode.localeCompare(b.categoryCode));
  const codeRandom = random.fork('tracking codes');
  return drafts.map((draft) => {
    const stamp = demoDateStamp(draft.reportedAt);
    const bytes = Uint8Array.from({ length: 5 }, () => codeRandom.integer(0, 255));
    return { trackingCode: `E${stamp}-${randomTrackingSuffix(bytes)}`, ...draft };
  });
}

function buildIncident(
  pattern: CategoryPattern,
  spot: Spot,
  reportedAt: Date,
  now: Date,
  model: StreetModel,
  dispatchers: string[],
  checkers: string[],
  random: SeededRandom,
): Omit<IncidentRow, 'trackingCode'> {
  const grid = model.grids[model.gridIndexByCell[spot.column]![spot.row]!]!;
  const position = pointInQuadrilateral(cellCorners(model.lattice, spot.column, spot.row), spot.u, spot.v);
  const address = addressInCell(model, spot.column, spot.row, spot.u, spot.v, spot.nearRoad);
  const description = random.pick(pattern.descriptions).replace('{place}', address);
  const workerKey = workerOnDuty(grid, reportedAt);
  const workerLabel = workerKey ? `网格员 ${model.workerNames.get(workerKey) ?? ''}` : '社区工作站';
  const { hourOfDay } = demoLocalTime(reportedAt);
  const onPatrol = workerKey !== null && hourOfDay >= 8 && hourOfDay < 19; // grid workers patrol in the daytime
  const source = chooseSource(pattern, onPatrol, random);
  const resident = source === 'resident' || source === 'hotline';
  const reporterLabel = { patrol: workerLabel, resident: 'resident', hotline: 'hotline', referral: '区数字城管中心', sensor: 'sensor' }[source];
  const dispatcherLabel = `指挥中心 ${random.pick(dispatchers)}`;
  const handlerLabel = pattern.department ?? workerLabel;
  const lifecycle = playLifecycle(
    {
      reportedAt,
      now,
      deadlineWorkingHours: deadlineInWorkingHours(pattern.deadlineAmount, pattern.deadlineUnit),
      source,
      description,
      reporterLabel,
      dispatcherLabel,
      handlerLabel,
      checkerLabel: `核查员 ${random.pick(checkers)}`,
      dispatchNote: pattern.department ? `派遣至 ${pattern.department}` : workerKey ? `派遣至${workerLabel}` : '派遣至社区工作站',
      backlogProne: pattern.backlogProne === true,
    },
    random,
  );
  const resolvedStatus = lifecycle.status;
  return {
    categoryCode: pattern.code,
    source,
    status: resolvedStatus,
    description,
    location: pointAt(model.projection, position),
    address,
    gridCode: grid.code,
    communityCode: grid.communityCode,
    // department cases are handled outside the grid; the rest go to the worker on duty
    assignedWorkerKey: pattern.department || lifecycle.dispatchedAt === null ? null : workerKey,
    reportedAt,
    registeredAt: lifecycle.registeredAt,
    dispatchedAt: lifecycle.dispatchedAt,
    handledAt: lifecycle.handledAt,
    closedAt: lifecycle.closedAt,
    dueAt: lifecycle.dueAt,
    reporterName: resident ? fakeName(random, random.chance(0.5) ? 'F' : 'M') : null,
    reporterPhone: resident ? fakeResidentMobile(random) : null,
    // complaints about a neighbour's illegal structure stay off the public map
    hiddenFromPublic: pattern.code === '0101' && resident && random.chance(0.5),
    events: lifecycle.events,
  };
}

/** The worker responsible for a grid at an instant: the tenure then, or the covering worker in a vacancy. */
export function workerOnDuty(grid: GridModel, at: Date): string | null {
  for (const tenure of grid.tenures) {
    if (tenure.from.getTime() <= at.getTime() && (tenure.to === null || at.getTime() < tenure.to.getTime())) return tenure.workerKey;
  }
  const first = grid.tenures[0];
  if (first && at.getTime() < first.from.getTime()) return first.workerKey;
  return grid.coverWorkerKey;
}

function chooseSource(pattern: CategoryPattern, onPatrol: boolean, random: SeededRandom): IncidentSource {
  const sensorShare = pattern.sensorShare ?? 0;
  if (random.chance(sensorShare)) return 'sensor';
  return random.weighted<IncidentSource>([
    ['patrol', onPatrol ? 0.55 : 0.02],
    ['resident', 0.17],
    ['hotline', 0.2],
    ['referral', 0.08],
  ]);
}

function chooseSpot(
  pattern: CategoryPattern,
  model: StreetModel,
  cellsByUse: Map<LandUse, { column: number; row: number }[]>,
  townCells: { column: number; row: number }[],
  floodSpots: FloodProneSpot[],
  random: SeededRandom,
): Spot {
  const hotspot = random.weighted<Hotspot>(pattern.hotspots);
  const inside = (cell: { column: number; row: number }): Spot => ({ ...cell, u: random.between(0.08, 0.92), v: random.between(0.08, 0.92), nearRoad: false });
  const onRoad = (cell: { column: number; row: number }): Spot => {
    // just inside the cell's edge, on the carriageway or pavement of one of its four roads
    const along = random.between(0.05, 0.95);
    const across = random.between(0.01, 0.05);
    const side = random.integer(0, 3);
    const [u, v] = side === 0 ? [along, across] : side === 1 ? [1 - across, along] : side === 2 ? [along, 1 - across] : [across, along];
    return { ...cell, u, v, nearRoad: true };
  };
  const usesFor: Record<Exclude<Hotspot, 'roads' | 'flood'>, LandUse[]> = {
    homes: ['site', 'village'],
    market: ['market'],
    school: ['school'],
    shops: ['shops'],
    construction: ['construction'],
    park: ['park'],
    village: ['village'],
    farmland: ['farmland'],
    industrial: ['industrial'],
  };
  if (hotspot === 'flood' && floodSpots.length > 0) {
    const spot = random.pick(floodSpots);
    const jitter = () => random.between(-0.02, 0.02);
    return { column: spot.column, row: spot.row, u: clamp(spot.u + jitter()), v: clamp(spot.v + jitter()), nearRoad: true };
  }
  if (hotspot === 'roads' || hotspot === 'flood') return onRoad(random.pick(townCells));
  const candidates = usesFor[hotspot].flatMap((use) => cellsByUse.get(use) ?? []);
  if (candidates.length === 0) return onRoad(random.pick(townCells));
  const cell = random.pick(candidates);
  // markets, schools and shop streets spill onto the surrounding roads
  const spills = hotspot === 'market' || hotspot === 'school' || hotspot === 'shops';
  if (spills && random.chance(0.45)) return onRoad(cell);
  return inside(cell);
}

function clamp(value: number): number {
  return Math.min(0.99, Math.max(0.01, value));
}

const rhythms: Record<DailyRhythm, (hour: number, weekday: number) => number> = {
  office: (hour, weekday) => (weekday === 0 || weekday === 6 ? 0.3 : 1) * (hour >= 8 && hour < 18 ? 1 : hour >= 18 && hour < 21 ? 0.25 : 0.03),
  'rush-hours': (hour, weekday) => {
    const school = weekday === 0 || weekday === 6 ? 0.6 : 1;
    if (hour >= 6.5 && hour < 8.5) return 3 * school;
    if (hour >= 11 && hour < 12.5) return 1.5;
    if (hour >= 16 && hour < 19.5) return 3 * school;
    if (hour >= 19.5 && hour < 22) return 1.5;
    return hour >= 8.5 && hour < 16 ? 0.5 : 0.05;
  },
  commute: (hour, weekday) => {
    const weekend = weekday === 0 || weekday === 6;
    if (hour >= 7 && hour < 9.5) return weekend ? 1 : 3;
    if (hour >= 17 && hour < 20) return 3;
    if (hour >= 9.5 && hour < 17) return 1;
    return hour >= 20 && hour < 23 ? 1 : 0.1;
  },
  evening: (hour) => (hour >= 18 ? 3 : hour < 2 ? 1.5 : hour >= 7 && hour < 18 ? 0.2 : 0.1),
  'night-works': (hour) => (hour >= 20 ? 3 : hour < 5 ? 1.5 : hour < 7 ? 2 : 0.5),
  'all-day': (hour) => (hour >= 7 && hour < 22 ? 1 : 0.4),
  daylight: (hour) => (hour >= 7 && hour < 19 ? 1 : hour >= 19 && hour < 22 ? 0.4 : 0.05),
};

/** Rejection sampling over the year: uniform instants kept in proportion to hour × season weight. */
function sampleTime(pattern: CategoryPattern, start: number, end: number, random: SeededRandom): Date {
  const rhythm = rhythms[pattern.rhythm];
  const maximumSeason = Math.max(1, ...Object.values(pattern.season ?? {}).map((value) => value ?? 1));
  const maximum = 3 * maximumSeason;
  for (let attempt = 0; attempt < 200; attempt++) {
    const instant = new Date(Math.round(random.between(start, end) / 1000) * 1000);
    const local = demoLocalTime(instant);
    const weight = rhythm(local.hourOfDay, local.weekday) * (pattern.season?.[local.month] ?? 1);
    if (random.next() * maximum < weight) return instant;
  }
  return new Date(Math.round(random.between(start, end) / 1000) * 1000);
}

/**
 * Rainstorm days: eight to twelve each summer (June–August, plus one in May and one in
 * September), for the two summers that can overlap the last twelve months, keeping those inside.
 */
function summerStormDays(now: Date, random: SeededRandom): Date[] {
  const nowYear = Number(localDate(now, demoTimeZone).slice(0, 4));
  const windowStart = now.getTime() - 365 * day;
  const days: Date[] = [];
  for (const year of [nowYear - 1, nowYear]) {
    const count = random.integer(8, 12);
    for (let index = 0; index < count; index++) {
      const month = index === 0 ? 5 : index === 1 ? 9 : random.weighted([[6, 1], [7, 1.3], [8, 1]] as const);
      const stormDay = demoStartOfDay(new Date(Date.UTC(year, month - 1, random.integer(1, 28), 4)));
      if (stormDay.getTime() >= windowStart && stormDay.getTime() + day <= now.getTime()) days.push(stormDay);
    }
  }
  return days;
}

/** A storm day, most reports in the afternoon and evening downpour. */
function stormTime(stormDays: Date[], random: SeededRandom): Date {
  const stormDay = random.pick(stormDays);
  const hour = random.weighted([[random.between(13, 18), 3], [random.between(18, 23), 2], [random.between(0, 13), 1]] as const);
  return new Date(stormDay.getTime() + Math.round(hour * 3600) * 1000);
}
