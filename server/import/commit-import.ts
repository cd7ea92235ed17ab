import type { Sql } from '../db/connect.ts';
import { Failure } from '../http/failure.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { ensureIncidentPartitions } from '../db/incident-partitions.ts';
import { importHistoricIncidents, type HistoricIncident } from '../incidents/import-historic-incidents.ts';
import { createPlanFromImportedCommunities } from '../plans/import-communities-into-plan.ts';
import { createPlanFromImportedGrids } from '../plans/import-grids-into-plan.ts';
import type { ImportSettings } from './import-settings.ts';
import type { ReadyRow } from './validate-import.ts';

/**
 * Writes the ready rows of a validated import in ONE transaction: all of them or none. Progress
 * is reported after every chunk; a failure rolls everything back.
 */
/**
 * A prepared row's cells by target field (prepare-rows.ts has checked and converted them; a field
 * the target does not have is absent, and the SQL below reads each optional one with `?? null`).
 */
type PreparedCells = Readonly<Record<'address' | 'buildingNumber' | 'categoryCode' | 'code' | 'complexName' | 'description' | 'floatingCount' | 'headIdNumber' | 'headName' | 'headPhone' | 'inspectionCycleDays' | 'kind' | 'level' | 'name' | 'ownerName' | 'ownerPhone' | 'registeredCount' | 'reportedAt' | 'residentCount' | 'room' | 'trackingCode' | 'unit', string | number | boolean | null>>;

export interface CommitResult {
  target: ImportSettings['target'];
  written: number;
  ids: number[];
  planId?: number;
}

const chunkSize = 250;

export async function commitImport(
  sql: Sql,
  input: { jobId: number; fileName: string; settings: ImportSettings; ready: ReadyRow[]; userId: number; dataKey: DataKey },
  onProgress: (done: number, total: number) => void,
): Promise<CommitResult> {
  const { settings, ready, userId } = input;
  if (ready.length === 0) throw new Failure('import_nothing_ready', {}, { field: 'rows' });
  if (settings.target === 'grids') return commitGrids(sql, input, onProgress);
  if (settings.target === 'communities') return commitCommunities(sql, input, onProgress);
  if (settings.target === 'incidents') return commitIncidents(sql, input, onProgress);
  return sql.begin(async (transaction) => {
    const ids: number[] = [];
    for (let start = 0; start < ready.length; start += chunkSize) {
      for (const row of ready.slice(start, start + chunkSize)) {
        const geometry = JSON.stringify(row.geometry);
        const values = row.values as PreparedCells;
        if (settings.target === 'households') {
          const [grid] = await transaction<{ communityId: number }[]>`select community_id from grids where id = ${row.gridId}`;
          const communityId = grid!.communityId;
          let [building] = await transaction<{ id: number }[]>`
            select id from buildings where community_id = ${communityId} and coalesce(complex_name, '') = ${values.complexName ?? ''} and number = ${values.buildingNumber}
             order by id limit 1`;
          building ??= (await transaction<{ id: number }[]>`
            insert into buildings (community_id, complex_name, number, kind, footprint, location)
            values (${communityId}, ${values.complexName ?? null}, ${values.buildingNumber}, 'residential',
                    ST_Buffer(ST_SetSRID(ST_GeomFromGeoJSON(${geometry}), 4326), 0.00005, 'quad_segs=2'), ST_SetSRID(ST_GeomFromGeoJSON(${geometry}), 4326))
            returning id`)[0]!;
          const idNumber = values.headIdNumber ? String(values.headIdNumber).toUpperCase() : null;
          // the head's name, phone and ID number are sealed here, before their first write (0021, 0026)
          const headName = input.dataKey.sealOptional(values.headName === null || values.headName === undefined ? null : String(values.headName));
          const [household] = await transaction<{ id: number }[]>`
            insert into households (building_id, grid_id, unit, room, location, registered_count, resident_count, floating_count,
                                    head_name, head_phone, head_id_number, head_id_number_hash)
            values (${building.id}, ${row.gridId}, ${values.unit ?? null}, ${values.room}, ST_SetSRID(ST_GeomFromGeoJSON(${geometry}), 4326),
                    ${values.registeredCount}, ${values.residentCount}, ${values.floatingCount}, ${headName}, ${values.headPhone ? input.dataKey.seal(String(values.headPhone)) : null},
                    ${idNumber ? input.dataKey.seal(idNumber) : null}, ${idNumber ? input.dataKey.lookupHash(idNumber) : null})
            returning id`;
          ids.push(household!.id);
        } else {
          const [risk] = await transaction<{ id: number }[]>`
            insert into risk_sources (name, kind, level, geometry, community_id, owner_name, owner_phone, inspection_cycle_days, updated_by)
            values (${values.name}, ${values.kind}, ${values.level}, ST_SetSRID(ST_GeomFromGeoJSON(${geometry}), 4326), ${row.communityId},
                    ${values.ownerName ?? null}, ${values.ownerPhone ?? null}, ${values.inspectionCycleDays ?? null}, ${userId})
            returning id`;
          ids.push(risk!.id);
        }
      }
      onProgress(Math.min(start + chunkSize, ready.length), ready.length);
    }
    return { target: settings.target, written: ids.length, ids };
  }) as Promise<CommitResult>;
}

/** Grids never overwrite the live layout: they become a draft plan of their community. */
async function commitGrids(
  sql: Sql,
  input: { settings: ImportSettings; ready: ReadyRow[]; userId: number; fileName: string },
  onProgress: (done: number, total: number) => void,
): Promise<CommitResult> {
  const grids = input.ready.map((row) => ({
    name: String(row.values.name),
    ...(row.values.code ? { code: String(row.values.code) } : {}),
    geometry: row.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon,
  }));
  const { planId } = await sql.begin((transaction) =>
    createPlanFromImportedGrids(transaction, {
      communityId: input.settings.communityId!, planName: input.settings.planName ?? `导入 ${input.fileName}`.slice(0, 100), grids, userId: input.userId,
    }),
  );
  onProgress(grids.length, grids.length);
  return { target: 'grids', written: grids.length, ids: [], planId };
}

/**
 * Communities never become live from a file: they are new communities of a draft plan of their
 * street, each starting as one grid, and become live when the plan is published.
 */
async function commitCommunities(
  sql: Sql,
  input: { settings: ImportSettings; ready: ReadyRow[]; userId: number; fileName: string },
  onProgress: (done: number, total: number) => void,
): Promise<CommitResult> {
  const communities = input.ready.map((row) => ({
    name: String(row.values.name),
    ...(row.values.code ? { code: String(row.values.code) } : {}),
    geometry: row.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon,
  }));
  const { planId, communityIds } = await sql.begin((transaction) =>
    createPlanFromImportedCommunities(transaction, {
      streetId: input.settings.streetId!, planName: input.settings.planName ?? `导入 ${input.fileName}`.slice(0, 100), communities, userId: input.userId,
    }),
  );
  onProgress(communities.length, communities.length);
  return { target: 'communities', written: communities.length, ids: communityIds, planId };
}

/**
 * Incidents go through the ingestion's insert and the state machine's table
 * (server/incidents/import-historic-incidents.ts), all rows in one transaction, progress per chunk.
 */
async function commitIncidents(
  sql: Sql,
  input: { jobId: number; settings: ImportSettings; ready: ReadyRow[]; userId: number; fileName: string },
  onProgress: (done: number, total: number) => void,
): Promise<CommitResult> {
  const { settings, ready } = input;
  const incidents = ready.map((row): HistoricIncident => {
    const values = row.values as PreparedCells & { status: 'reported' | 'closed'; closedAt: string | null };
    const [longitude, latitude] = (row.geometry as GeoJSON.Point).coordinates as [number, number];
    return {
      row: row.row, trackingCode: values.trackingCode === null || values.trackingCode === undefined ? `IMP${input.jobId}-${row.row}` : String(values.trackingCode),
      categoryCode: String(values.categoryCode), source: settings.defaults.source ?? 'hotline', description: String(values.description ?? ''),
      longitude, latitude, address: values.address === null || values.address === undefined ? null : String(values.address),
      gridId: row.gridId, communityId: row.communityId, reportedAt: new Date(String(values.reportedAt)), status: values.status,
      closedAt: values.closedAt ? new Date(values.closedAt) : null,
    };
  });
  // the months of the cases and their events (report to close) exist before the rows come, so they land in
  // their month rather than DEFAULT (migration 0027); in a short transaction of its own, because creating a
  // month locks incidents, which the import's transaction would hold for the whole file
  let from = Infinity;
  let to = -Infinity;
  for (const incident of incidents) {
    from = Math.min(from, incident.reportedAt.getTime());
    to = Math.max(to, (incident.closedAt ?? incident.reportedAt).getTime());
  }
  // validation admits no unreadable time; were one to pass, the insert refuses it, not this
  if (Number.isFinite(from) && Number.isFinite(to)) await ensureIncidentPartitions(sql, { from: new Date(from), to: new Date(to + 1) });
  return sql.begin(async (transaction) => {
    const ids: number[] = [];
    for (let start = 0; start < incidents.length; start += chunkSize) {
      const chunk = incidents.slice(start, start + chunkSize);
      ids.push(...await importHistoricIncidents(transaction, chunk, { userId: input.userId, fileName: input.fileName }));
      onProgress(Math.min(start + chunkSize, incidents.length), incidents.length);
    }
    return { target: 'incidents', written: ids.length, ids };
  }) as Promise<CommitResult>;
}
