import type { Queryable, Sql } from '../db/connect.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import type { GeneratedStreet } from './generate-street.ts';
import { streetCountForScale } from './generate-street.ts';
import { streetsAhead, streetsInThisThread } from './street-source.ts';
import { toEwkt } from './geometry-text.ts';
import { loadAssessmentDemo } from './assessment-demo.ts';
import { categoryPatterns } from './incident-category-catalog.ts';
import { loadDemoDuties } from './demo-duties.ts';
import { loadDemoEmergency } from './demo-emergency.ts';
import { zoneTimeZone } from '../time/zone.ts';
import { loadPopulationDemo } from './population-demo.ts';
import { writeRows, type BulkWrite } from './copy-rows.ts';
import { dropForeignKeys, dropSecondaryIndexes, recreateIndexes, restoreForeignKeys } from './deferred-indexes.ts';
import { ensureIncidentPartitions } from '../db/incident-partitions.ts';

/**
 * Load the synthetic demo zone: the example street office of the brief (copy 0) and, for
 * benchmarks, more copies side by side. Each street is generated in memory, inserted in
 * multi-row batches inside its own transaction, then dropped, so memory stays at one street's
 * worth whatever the scale. The same SQL runs on embedded PGlite and on PostgreSQL; on real
 * PostgreSQL `bulkWrite: 'copy'` writes the bulky rows with COPY instead of INSERTs (copy-rows.ts),
 * the same rows with the same ids.
 */
export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
  /** Rows written and expected per group of tables (the bulky ones by name), in a fixed order. */
  tables?: TableProgress[];
}

export interface TableProgress {
  table: string;
  done: number;
  /** From the first street's rows times the number of streets, until every street is generated. */
  total: number;
}

export interface DemoOptions {
  /** Same seed and same `now` → the same data. Default 20240615. */
  seed?: number;
  /** The end of the twelve months of incidents; default the current time. */
  now?: Date;
  /** 1 = the example zone (57 grids); 175 ≈ 10,000 grids. */
  scale?: number;
  onProgress?: (progress: DemoProgress) => void;
  /**
   * Seals ID numbers before their rows are first written: a number written in clear and sealed
   * afterwards stays readable in dead tuples and the WAL (server/personal-data).
   */
  dataKey: DataKey;
  /** 'copy' (real PostgreSQL only) or 'insert' (the default; what PGlite can do). Same rows either way. */
  bulkWrite?: BulkWrite;
  /**
   * With 'copy': drop the secondary indexes and foreign keys of the bulky tables before the streets
   * and add them again after (deferred-indexes.ts). Default true; they come back even when the load
   * fails, and adding a foreign key again checks every row.
   */
  deferIndexes?: boolean;
  /** Generate the next street in a worker thread while this one is written (needs tsx; the bench's prepare uses it). */
  generateAhead?: boolean;
}

/** The tables whose secondary indexes a COPY load builds at the end. */
export const bulkyTables = ['households', 'incidents', 'incident_events'] as const;

export interface DemoSummary {
  communities: number;
  grids: number;
  households: number;
  incidents: number;
  [other: string]: number;
}

export const defaultDemoSeed = 20240615;
const batchSize = 1000;

/** The groups the progress names: the three bulky tables, and everything else of a street. */
type TableGroup = 'territory' | 'households' | 'incidents' | 'incident events';
const tableGroups: TableGroup[] = ['territory', 'households', 'incidents', 'incident events'];

export async function loadDemoZone(sql: Sql, options: DemoOptions): Promise<DemoSummary> {
  const seed = options.seed ?? defaultDemoSeed;
  const now = options.now ?? new Date();
  const streetCount = streetCountForScale(options.scale ?? 1);
  const startedAt = Date.now();
  if (await databaseHasTerritory(sql)) {
    throw new Error('The database already has a territory; the demo loads only into an empty one (reset it first).');
  }
  await requireCategories(sql);
  const summary: DemoSummary = {
    streets: 0, communities: 0, grids: 0, vacancies: 0, workers: 0, buildings: 0, households: 0,
    incidents: 0, incidentEvents: 0, riskSources: 0, basemapFeatures: 0, milliseconds: 0,
  };
  let done = 0;
  let total = 0;
  const tables = new Map<TableGroup, { done: number; expected: number; generated: number }>(tableGroups.map((group) => [group, { done: 0, expected: 0, generated: 0 }]));
  const tableProgress = (): TableProgress[] =>
    tableGroups.map((table) => {
      const counts = tables.get(table)!;
      return { table, done: counts.done, total: Math.max(counts.expected, counts.generated, counts.done) };
    });
  const how = options.bulkWrite ?? 'insert';
  const defer = how === 'copy' && options.deferIndexes !== false;
  // the twelve months of cases get their monthly partitions before the rows come, not in DEFAULT
  await ensureIncidentPartitions(sql, { from: new Date(now.getTime() - 400 * 86_400_000), to: new Date(now.getTime() + 86_400_000) });
  const deferred = defer ? await dropSecondaryIndexes(sql, bulkyTables) : [];
  const deferredKeys = defer ? await dropForeignKeys(sql, bulkyTables) : [];
  const streets = options.generateAhead && streetCount > 1 ? streetsAhead({ seed, now }, streetCount) : streetsInThisThread({ seed, now });
  try {
    for (let copyIndex = 0; copyIndex < streetCount; copyIndex++) {
      const street = await streets.street(copyIndex);
      const rows = rowCount(street);
      // the first street's size stands in for every street's until they are generated
      if (copyIndex === 0) {
        total = rows.all * streetCount;
        for (const group of tableGroups) tables.get(group)!.expected = rows[group] * streetCount;
      }
      for (const group of tableGroups) tables.get(group)!.generated += rows[group];
      const label = streetCount === 1 ? street.territory.street.name : `${street.territory.street.name} (${copyIndex + 1}/${streetCount})`;
      await sql.begin(async (transaction) => {
        await insertStreet(transaction, street, summary, options.dataKey, how, (phase, inserted, group = 'territory') => {
          done += inserted;
          tables.get(group)!.done += inserted;
          options.onProgress?.({ phase: `${label}: ${phase}`, done, total: Math.max(total, done), tables: tableProgress() });
        });
        options.onProgress?.({ phase: `${label}: population`, done, total: Math.max(total, done), tables: tableProgress() });
        await loadPopulationDemo(transaction, street.territory.street.code, { seed, now });
      });
      // fresh statistics help later streets' lookups and the app's first queries
      if (copyIndex === 0) {
        options.onProgress?.({ phase: `${label}: analyze`, done, total: Math.max(total, done), tables: tableProgress() });
        await sql`analyze`;
      }
    }
  } finally {
    await streets.close();
    // every street is generated now: the totals are known, and what is left is no longer rows
    total = done;
    for (const counts of tables.values()) counts.expected = 0;
    // built again even when a street failed: a half-loaded database still answers its queries
    let built = 0;
    const step = (what: string) => options.onProgress?.({ phase: what, done, total: Math.max(total, done), tables: tableProgress() });
    if (deferred.length > 0) step(`indexes (0 of ${deferred.length})`);
    await recreateIndexes(sql, deferred, (index) => step(`indexes (${++built} of ${deferred.length}, ${index.name})`));
    built = 0;
    if (deferredKeys.length > 0) step(`foreign keys (0 of ${deferredKeys.length})`);
    await restoreForeignKeys(sql, deferredKeys, (key) => step(`foreign keys (${++built} of ${deferredKeys.length}, ${key.name})`));
  }
  // anything outside those months (a clock set far ahead) moves out of DEFAULT into its month
  await ensureIncidentPartitions(sql);
  options.onProgress?.({ phase: 'assessment and emergency demo', done, total: Math.max(total, done), tables: tableProgress() });
  await loadAssessmentDemo(sql, { seed, now });
  await loadDemoEmergency(sql, { seed, now, timeZone: await zoneTimeZone(sql) });
  summary.milliseconds = Date.now() - startedAt;
  options.onProgress?.({ phase: 'done', done, total: done, tables: tableProgress().map((table) => ({ ...table, total: table.done })) });
  return summary;
}

export async function databaseHasTerritory(sql: Sql): Promise<boolean> {
  const [row] = await sql`select exists (select 1 from streets) as present`;
  return Boolean(row?.present);
}

async function requireCategories(sql: Sql): Promise<void> {
  const rows = await sql<{ code: string }[]>`select code from incident_categories`;
  const present = new Set(rows.map((row) => row.code));
  const missing = categoryPatterns.filter((pattern) => !present.has(pattern.code)).map((pattern) => pattern.code);
  if (missing.length > 0) throw new Error(`incident categories ${missing.join(', ')} are missing: run the migrations first`);
}

function rowCount(street: GeneratedStreet): Record<TableGroup | 'all', number> {
  const territory = street.territory;
  const counts = {
    territory:
      1 + territory.communities.length + territory.grids.length * 2 + territory.workers.length + territory.assignments.length +
      territory.buildings.length + territory.riskSources.length + territory.basemapFeatures.length,
    households: territory.households.length,
    incidents: street.incidents.length,
    'incident events': street.incidents.reduce((sum, incident) => sum + incident.events.length, 0),
  };
  return { ...counts, all: counts.territory + counts.households + counts.incidents + counts['incident events'] };
}

/** `count` fresh ids from a serial column's sequence, so child rows can refer to them before insert. */
async function reserveIds(transaction: Queryable, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await transaction<{ id: number }[]>`
    select nextval(pg_get_serial_sequence(${table}, 'id'))::int8 as id from generate_series(1, ${count})`;
  return rows.map((row) => Number(row.id));
}

async function insertStreet(
  transaction: Queryable,
  street: GeneratedStreet,
  summary: DemoSummary,
  dataKey: DataKey,
  how: BulkWrite,
  progress: (phase: string, inserted: number, group?: TableGroup) => void,
): Promise<void> {
  const { territory, incidents } = street;
  const insertInBatches = (table: string, rows: Record<string, unknown>[], onBatch?: (count: number) => void) => writeRows(transaction, table, rows, how, onBatch);
  const [streetRow] = await transaction<{ id: number }[]>`
    insert into streets (code, name, boundary)
    values (${territory.street.code}, ${territory.street.name}, ${toEwkt(territory.street.boundary)})
    returning id`;
  const streetId = streetRow!.id;

  const communityIds = new Map<string, number>();
  for (const community of territory.communities) {
    const [row] = await transaction<{ id: number }[]>`
      insert into communities ${transaction({
        streetId,
        code: community.code,
        name: community.name,
        boundary: toEwkt(community.boundary),
        serviceHallAddress: community.serviceHallAddress,
        serviceHallHours: community.serviceHallHours,
        dutyPhone: community.dutyPhone,
      })}
      returning id`;
    communityIds.set(community.code, row!.id);
  }
  const communityId = (code: string): number => communityIds.get(code)!;
  progress('communities', 1 + territory.communities.length);

  const gridIds = new Map<string, number>();
  (await reserveIds(transaction, 'grids', territory.grids.length)).forEach((id, index) => gridIds.set(territory.grids[index]!.code, id));
  const gridId = (code: string): number => gridIds.get(code)!;
  await insertInBatches('grids', territory.grids.map((grid) => ({ id: gridId(grid.code), communityId: communityId(grid.communityCode), createdAt: grid.validFrom })));
  await insertInBatches(
    'grid_versions',
    territory.grids.map((grid) => ({
      gridId: gridId(grid.code),
      communityId: communityId(grid.communityCode),
      code: grid.code,
      name: grid.name,
      geometry: toEwkt(grid.geometry),
      validFrom: grid.validFrom,
      changeNote: '初始网格划分（演示数据）',
    })),
  );
  progress('grids', territory.grids.length * 2);

  const workerIds = new Map<string, number>();
  (await reserveIds(transaction, 'workers', territory.workers.length)).forEach((id, index) => workerIds.set(territory.workers[index]!.key, id));
  await insertInBatches(
    'workers',
    // a worker's private mobile is personal data (the duty phone, published to residents, stays clear)
    territory.workers.map(({ key, idNumber, phone, ...worker }) => ({
      id: workerIds.get(key)!, ...worker, phone: dataKey.seal(phone), idNumber: dataKey.seal(idNumber), idNumberHash: dataKey.lookupHash(idNumber),
    })),
  );
  await insertInBatches(
    'grid_assignments',
    territory.assignments.map((assignment) => ({
      gridId: gridId(assignment.gridCode),
      workerId: workerIds.get(assignment.workerKey)!,
      startedAt: assignment.startedAt,
      endedAt: assignment.endedAt,
      reason: assignment.reason,
    })),
  );
  progress('grid workers', territory.workers.length + territory.assignments.length);

  const buildingIds = await reserveIds(transaction, 'buildings', territory.buildings.length);
  await insertInBatches(
    'buildings',
    territory.buildings.map((building) => ({
      id: buildingIds[building.key]!,
      communityId: communityId(building.communityCode),
      complexName: building.complexName,
      number: building.number,
      kind: building.kind,
      floors: building.floors,
      footprint: toEwkt(building.footprint),
      location: toEwkt(building.location),
    })),
    (count) => progress('buildings', count),
  );
  await insertInBatches(
    'households',
    // personal data is sealed here, before its first write: a later UPDATE would leave the clear
    // value in dead tuples and the WAL (issue 16)
    territory.households.map(({ buildingKey, gridCode, location, headName, headIdNumber, headPhone, ...household }) => ({
      buildingId: buildingIds[buildingKey]!,
      gridId: gridId(gridCode),
      location: toEwkt(location),
      ...household,
      // one mapping for both bulk ways (INSERT and COPY, copy-rows.ts): they write these values as they are
      headName: dataKey.seal(headName),
      headPhone: dataKey.seal(headPhone),
      headIdNumber: dataKey.seal(headIdNumber),
      headIdNumberHash: dataKey.lookupHash(headIdNumber),
    })),
    (count) => progress('households', count, 'households'),
  );

  await insertInBatches(
    'risk_sources',
    territory.riskSources.map(({ communityCode, geometry, ...source }) => ({ ...source, geometry: toEwkt(geometry), communityId: communityId(communityCode) })),
    (count) => progress('risk sources', count),
  );
  await insertInBatches(
    'basemap_features',
    territory.basemapFeatures.map((feature) => ({ layer: feature.layer, class: feature.class, name: feature.name, geometry: toEwkt(feature.geometry) })),
    (count) => progress('basemap', count),
  );

  Object.assign(summary, await loadDemoDuties(transaction, streetId)); // 城管 duties: back streets, stations, duty posts (issue 18)

  // incidents and their events, a batch of incidents at a time (COPY: the street's at once); the
  // reporters' contacts are sealed here, before their first write
  const incidentBatch = how === 'copy' ? Math.max(1, incidents.length) : batchSize;
  for (let start = 0; start < incidents.length; start += incidentBatch) {
    const batch = incidents.slice(start, start + incidentBatch);
    const ids = await reserveIds(transaction, 'incidents', batch.length);
    await writeRows(
      transaction,
      'incidents',
      batch.map(({ events: _events, location, gridCode, communityCode, assignedWorkerKey, reporterName, reporterPhone, ...incident }, index) => ({
        id: ids[index]!,
        ...incident,
        reporterName: dataKey.sealOptional(reporterName),
        reporterPhone: dataKey.sealOptional(reporterPhone),
        location: toEwkt(location),
        gridId: gridId(gridCode),
        communityId: communityId(communityCode),
        assignedWorkerId: assignedWorkerKey === null ? null : workerIds.get(assignedWorkerKey)!,
      })),
      how,
      how === 'copy' ? (count) => progress('incidents', count, 'incidents') : undefined,
    );
    if (how === 'insert') progress('incidents', batch.length, 'incidents');
    // the system note's params as the JSON object the live system stores (deadline-scheduler.ts), not
    // as a JSON string: the generator hands them over as text, which a jsonb parameter would store as
    // a string ("{\"dueAt\":…}") that the case view cannot read its fields from
    const events = batch.flatMap((incident, index) =>
      incident.events.map(({ noteParams, ...event }) => ({ incidentId: ids[index]!, ...event, noteParams: noteParams === null ? null : (JSON.parse(noteParams) as object) })),
    );
    await writeRows(transaction, 'incident_events', events, how, how === 'copy' ? (count) => progress('incident events', count, 'incident events') : undefined);
    if (how === 'insert') progress('incidents', events.length, 'incident events');
    summary.incidentEvents = (summary.incidentEvents ?? 0) + events.length;
  }

  summary.streets = (summary.streets ?? 0) + 1;
  summary.communities += territory.communities.length;
  summary.grids += territory.grids.length;
  summary.vacancies = (summary.vacancies ?? 0) + territory.assignments.filter((assignment) => assignment.reason === '离职').length;
  summary.workers = (summary.workers ?? 0) + territory.workers.length;
  summary.buildings = (summary.buildings ?? 0) + territory.buildings.length;
  summary.households += territory.households.length;
  summary.incidents += incidents.length;
  summary.riskSources = (summary.riskSources ?? 0) + territory.riskSources.length;
  summary.basemapFeatures = (summary.basemapFeatures ?? 0) + territory.basemapFeatures.length;
}
