import { execFileSync, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { RunningServer } from '../server/server.ts';
import type { Sql } from '../server/db/connect.ts';
import { listGrids } from '../server/territory/territory.repo.ts';
import { benchNow, benchSession } from './prepare.ts';
import { streamsPerSession } from '../server/stream/stream.routes.ts';
import { benchDirectory, closedLoop, distribution, megabytes, ratio, repositoryRoot, round, runHelper, timeRepeated, type Distribution } from './measure.ts';

/**
 * The measured hot paths. Each returns its figures beside a baseline measured in the same run:
 * the same work done directly in SQL through postgres.js (the database's own ceiling).
 */

export interface Sizes {
  /** Seconds of sustained HTTP / SQL load per measurement. */
  loadSeconds: number;
  connections: number;
  repetitions: number;
  ingestBatches: number;
  ingestBatchSize: number;
  subscriberCounts: number[];
  eventSeconds: number;
  heatmapPoints: number;
  splitHouseholds: number;
}

export interface Bench {
  server: RunningServer;
  /** The bench's own connection(s): a separate pool on PostgreSQL, the server's one on PGlite. */
  sql: Sql;
  sizes: Sizes;
  log: (message: string) => void;
}

interface LoadResult {
  requestsPerSecond: number;
  total: number;
  latencyMilliseconds: { p50: number; p99: number; max: number };
  errors: number;
  non2xx: number;
}

/** Points inside the zone: household locations, spread over every grid, in a fixed order. */
async function samplePoints(sql: Sql, count: number): Promise<[number, number][]> {
  const rows = await sql<{ longitude: number; latitude: number }[]>`
    select ST_X(location) as longitude, ST_Y(location) as latitude
      from households tablesample system (5) repeatable (42)
     limit ${count}`;
  if (rows.length < count) {
    rows.push(...(await sql<{ longitude: number; latitude: number }[]>`
      select ST_X(location) as longitude, ST_Y(location) as latitude from households order by id limit ${count - rows.length}`));
  }
  return rows.map((row) => [row.longitude, row.latitude]);
}

// 1. Resident lookup -------------------------------------------------------------------------

export async function benchLookup({ server, sql, sizes, log }: Bench) {
  const points = await samplePoints(sql, 500);
  log(`lookup: ${points.length} points, ${sizes.connections} connections, ${sizes.loadSeconds} s each`);
  const api = await runHelper<LoadResult>('load-generator.ts', {
    url: server.url,
    paths: points.map(([longitude, latitude]) => `/api/lookup?lng=${longitude}&lat=${latitude}`),
    connections: sizes.connections,
    durationSeconds: sizes.loadSeconds,
    warmupSeconds: Math.min(3, Math.max(1, sizes.loadSeconds - 1)),
  });
  // the floor of the HTTP stack: a bare Hono handler answering the query parameters, served by the same
  // @hono/node-server in this same process, under the same load (issue 21: full stack ≥ 40 % of it)
  const bareApp = new Hono();
  bareApp.get('/api/lookup', (c) => c.json({ lng: Number(c.req.query('lng')), lat: Number(c.req.query('lat')) }));
  const bareServer = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: bareApp.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  let bare: LoadResult;
  try {
    bare = await runHelper<LoadResult>('load-generator.ts', {
      url: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`,
      paths: points.map(([longitude, latitude]) => `/api/lookup?lng=${longitude}&lat=${latitude}`),
      connections: sizes.connections,
      durationSeconds: sizes.loadSeconds,
      warmupSeconds: Math.min(3, Math.max(1, sizes.loadSeconds - 1)),
    });
  } finally {
    await new Promise((resolve) => bareServer.close(resolve));
  }
  // the same question answered by the database: which current grid covers the point, with its card
  const pointInPolygon = (longitude: number, latitude: number) => sql`
    select gv.grid_id, gv.code, gv.name, c.id as community_id, c.name as community_name, s.name as street_name,
           w.name as worker_name, w.duty_phone
      from grid_versions gv
      join communities c on c.id = gv.community_id
      join streets s on s.id = c.street_id
      left join grid_assignments ga on ga.grid_id = gv.grid_id and ga.ended_at is null
      left join workers w on w.id = ga.worker_id
     where gv.valid_to is null
       and gv.geometry && ST_SetSRID(ST_MakePoint(${longitude}, ${latitude}), 4326)
       and ST_Covers(gv.geometry, ST_SetSRID(ST_MakePoint(${longitude}, ${latitude}), 4326))
     order by gv.code limit 1`;
  await closedLoop(sizes.connections, Math.min(3, sizes.loadSeconds), (iteration) => pointInPolygon(...points[iteration % points.length]!));
  const sqlCeiling = await closedLoop(sizes.connections, sizes.loadSeconds, (iteration) => {
    const [longitude, latitude] = points[iteration % points.length]!;
    return pointInPolygon(longitude, latitude);
  });
  // PostgreSQL: the same load against `npm start` with one process per core (GRIDATLAS_PROCESSES),
  // the configuration target 1 is about (≥ 3 × the SQL ceiling by using every core)
  let cluster: (LoadResult & { processes: number }) | undefined;
  const { databaseUrl, dataKeyFile } = server.context.config;
  if (server.context.database.mode === 'postgres' && databaseUrl) {
    const { startClusterServer } = await import('./cluster-server.ts');
    const processes = os.availableParallelism();
    const running = await startClusterServer({ databaseUrl, processes, dataKeyFile });
    try {
      const result = await runHelper<LoadResult>('load-generator.ts', {
        url: running.url,
        paths: points.map(([longitude, latitude]) => `/api/lookup?lng=${longitude}&lat=${latitude}`),
        connections: sizes.connections,
        durationSeconds: sizes.loadSeconds,
        warmupSeconds: Math.min(3, sizes.loadSeconds),
      });
      cluster = { ...result, processes };
    } finally {
      await running.stop();
    }
  }
  return {
    cluster: cluster
      ? {
          processes: cluster.processes,
          requestsPerSecond: round(cluster.requestsPerSecond),
          latencyMilliseconds: cluster.latencyMilliseconds,
          errors: cluster.errors,
          non2xx: cluster.non2xx,
          ratio: ratio(cluster.requestsPerSecond, sqlCeiling.requestsPerSecond),
          met: cluster.requestsPerSecond >= 3 * sqlCeiling.requestsPerSecond && cluster.non2xx === 0 && cluster.errors === 0,
        }
      : null,
    api: { requestsPerSecond: round(api.requestsPerSecond), latencyMilliseconds: api.latencyMilliseconds, errors: api.errors, non2xx: api.non2xx },
    sql: { requestsPerSecond: sqlCeiling.requestsPerSecond, latencyMilliseconds: sqlCeiling.latencyMilliseconds, errors: sqlCeiling.errors },
    bareHono: { requestsPerSecond: round(bare.requestsPerSecond), latencyMilliseconds: bare.latencyMilliseconds, errors: bare.errors, non2xx: bare.non2xx },
    ratio: ratio(api.requestsPerSecond, sqlCeiling.requestsPerSecond),
    ratioToBareHono: ratio(api.requestsPerSecond, bare.requestsPerSecond),
    target: 'API requests/s ≥ 3 × SQL ceiling; ≥ 0.4 × a bare Hono handler',
    met: api.requestsPerSecond >= 3 * sqlCeiling.requestsPerSecond && api.non2xx === 0 && api.errors === 0,
    metBareHono: api.requestsPerSecond >= 0.4 * bare.requestsPerSecond && api.non2xx === 0 && api.errors === 0,
    // the lookup's answers carry the layout revision as ETag: a client that revalidates gets 304s
  };
}

// 2. Grids for a viewport ----------------------------------------------------------------------

type Box = [number, number, number, number];

async function viewports(sql: Sql): Promise<Record<'city' | 'district' | 'street', Box>> {
  const [extent] = await sql<{ minX: number; minY: number; maxX: number; maxY: number; centreX: number; centreY: number }[]>`
    with zone as (select ST_SetSRID(ST_Extent(boundary)::geometry, 4326) as box from communities),
         middle as (select ST_PointOnSurface(gv.geometry) as point
                      from grid_versions gv, zone
                     where gv.valid_to is null
                     order by gv.geometry <-> ST_Centroid(zone.box) limit 1)
    select ST_XMin(box) as min_x, ST_YMin(box) as min_y, ST_XMax(box) as max_x, ST_YMax(box) as max_y,
           ST_X(point) as centre_x, ST_Y(point) as centre_y
      from zone, middle`;
  const { minX, minY, maxX, maxY, centreX, centreY } = extent!;
  // about 1 km ≈ 0.0105° of longitude and 0.009° of latitude at 31° N
  const around = (kilometres: number): Box => [
    centreX - 0.0105 * kilometres / 2, centreY - 0.009 * kilometres / 2, centreX + 0.0105 * kilometres / 2, centreY + 0.009 * kilometres / 2,
  ];
  return { city: [minX, minY, maxX, maxY], district: around(3), street: around(0.6) };
}

export async function benchViewports({ server, sql, sizes, database }: Bench & { database: 'pglite' | 'postgres' }) {
  const boxes = await viewports(sql);
  const results: Record<string, unknown> = {};
  for (const [zoom, box] of Object.entries(boxes)) {
    const [minLng, minLat, maxLng, maxLat] = box;
    const url = `${server.url}/api/grids?bbox=${box.join(',')}`;
    let apiBytes = 0;
    let apiGzipBytes = 0;
    let features = 0;
    const apiTimes = await timeRepeated(sizes.repetitions, async () => {
      const response = await fetch(url);
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status !== 200) throw new Error(`GET /api/grids answered ${response.status}`);
      apiBytes = body.length;
      apiGzipBytes = gzipSync(body).length;
      features = (JSON.parse(body.toString('utf8')) as { features: unknown[] }).features.length;
    });
    let sqlBytes = 0;
    const sqlTimes = await timeRepeated(sizes.repetitions, async () => {
      const rows = await listGrids(sql, { bbox: { minLng, minLat, maxLng, maxLat } });
      sqlBytes = JSON.stringify(rows).length;
    });
    // the bare shapes only: what a map needs to draw the outlines
    const bareTimes = await timeRepeated(sizes.repetitions, () => sql`
      select gv.grid_id, gv.code, ST_AsGeoJSON(gv.geometry, 7) as geometry
        from grid_versions gv
       where gv.valid_to is null and gv.geometry && ST_MakeEnvelope(${minLng}, ${minLat}, ${maxLng}, ${maxLat}, 4326)`);
    let vectorTile: unknown = { implemented: false, note: 'PGlite has no ST_AsMVT' };
    if (database === 'postgres') {
      let tileBytes = 0;
      const tileTimes = await timeRepeated(sizes.repetitions, async () => {
        const [tile] = await sql<{ tile: Buffer }[]>`
          with bounds as (select ST_Transform(ST_MakeEnvelope(${minLng}, ${minLat}, ${maxLng}, ${maxLat}, 4326), 3857) as box),
               shapes as (
                 select gv.grid_id, gv.code, ST_AsMVTGeom(ST_Transform(gv.geometry, 3857), bounds.box, 4096, 64, true) as geom
                   from grid_versions gv, bounds
                  where gv.valid_to is null
                    and gv.geometry && ST_MakeEnvelope(${minLng}, ${minLat}, ${maxLng}, ${maxLat}, 4326))
          select ST_AsMVT(shapes, 'grids', 4096, 'geom') as tile from shapes`;
        tileBytes = tile?.tile?.length ?? 0;
      });
      vectorTile = { implemented: false, note: 'no tile endpoint yet; the PostGIS ST_AsMVT of the same area as one 4096-unit tile', milliseconds: distribution(tileTimes), bytes: tileBytes };
    }
    const api = distribution(apiTimes);
    const bare = distribution(sqlTimes);
    results[zoom] = {
      bbox: box,
      features,
      api: { milliseconds: api, bytes: apiBytes, gzipBytes: apiGzipBytes },
      sql: { milliseconds: bare, bytes: sqlBytes, query: 'listGrids (the same SQL) through postgres.js' },
      bareShapesSql: { milliseconds: distribution(bareTimes) },
      overhead: ratio(api.p50 - bare.p50, bare.p50),
      vectorTile,
      met: api.p50 <= 1.3 * bare.p50,
    };
  }
  return { zooms: results, target: 'API p50 ≤ 1.3 × SQL p50 (overhead ≤ 30 %)', met: Object.values(results).every((entry) => (entry as { met: boolean }).met) };
}

// 3. Split ----------------------------------------------------------------------------------

interface GridChoice {
  versionId: number;
  gridId: number;
  communityId: number;
  households: number;
}

async function largestGrid(sql: Sql): Promise<GridChoice> {
  const [row] = await sql<GridChoice[]>`
    select gv.id as version_id, gv.grid_id, gv.community_id, count(h.id)::int as households
      from grid_versions gv left join households h on h.grid_id = gv.grid_id
     where gv.valid_to is null
     group by gv.id order by households desc, gv.id limit 1`;
  return row!;
}

/**
 * A grid with about `target` households: the demo's grids hold a few hundred, so the largest is
 * merged (through the API, as a planner would) with touching grids of its community until the
 * sum reaches the target. On a reused database the merged grid is found again.
 */
async function gridOfSize(bench: Bench, headers: Record<string, string>, target: number): Promise<GridChoice> {
  const { sql, server, log } = bench;
  const largest = await largestGrid(sql);
  if (largest.households >= target * 0.8) return largest;
  const neighbours = await sql<{ versionId: number; households: number }[]>`
    with recursive chosen as (
      select gv.id as version_id, gv.grid_id, gv.geometry, 0 as depth
        from grid_versions gv where gv.id = ${largest.versionId}
      union
      select next.id, next.grid_id, next.geometry, chosen.depth + 1
        from chosen
        join grid_versions next
          on next.valid_to is null and next.community_id = ${largest.communityId}
         and next.geometry && chosen.geometry and ST_Intersects(next.geometry, chosen.geometry)
       where chosen.depth < 3
    )
    select distinct on (chosen.version_id) chosen.version_id, chosen.depth,
           (select count(*)::int from households h where h.grid_id = chosen.grid_id) as households
      from chosen order by chosen.version_id, chosen.depth`;
  neighbours.sort((a, b) => (a.versionId === largest.versionId ? -1 : b.versionId === largest.versionId ? 1 : (a as unknown as { depth: number }).depth - (b as unknown as { depth: number }).depth));
  const versionIds: number[] = [];
  let households = 0;
  for (const neighbour of neighbours) {
    if (households >= target) break;
    versionIds.push(neighbour.versionId);
    households += neighbour.households;
  }
  if (versionIds.length < 2) return largest;
  log(`split: merging ${versionIds.length} grids (${households} households) into one to split`);
  const response = await fetch(`${server.url}/api/grid-edits/merge`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ versionIds, changeNote: 'benchmark: a grid of ~2,000 households to split' }),
  });
  if (response.status !== 200) {
    log(`split: merge answered ${response.status} ${(await response.text()).slice(0, 200)}; splitting the largest grid instead`);
    return largest;
  }
  return largestGrid(sql);
}

export async function benchSplit(bench: Bench) {
  const { server, sql, sizes, log } = bench;
  const headers = await benchSession(sql, 'planner');
  const grid = await gridOfSize(bench, headers, sizes.splitHouseholds);
  const [shape] = await sql<{ minX: number; maxX: number; minY: number; maxY: number; x: number; y: number }[]>`
    select ST_XMin(geometry) as min_x, ST_XMax(geometry) as max_x, ST_YMin(geometry) as min_y, ST_YMax(geometry) as max_y,
           ST_X(ST_Centroid(geometry)) as x, ST_Y(ST_Centroid(geometry)) as y
      from grid_versions where id = ${grid.versionId}`;
  const { minX, maxX, minY, maxY, x, y } = shape!;
  const margin = 0.0005;
  // a straight cut through the middle, across or along; the first the API accepts is measured
  const lines = [
    [[minX - margin, y], [maxX + margin, y]],
    [[x, minY - margin], [x, maxY + margin]],
    [[minX - margin, minY - margin], [maxX + margin, maxY + margin]],
  ];
  let chosen: number[][] | undefined;
  let lastProblem = '';
  for (const line of lines) {
    const response = await fetch(`${server.url}/api/grid-edits/split/preview`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ versionId: grid.versionId, line: { type: 'LineString', coordinates: line } }),
    });
    if (response.status === 200) {
      chosen = line;
      break;
    }
    lastProblem = `${response.status} ${(await response.text()).slice(0, 300)}`;
  }
  if (!chosen) return { error: `no straight cut through grid version ${grid.versionId} was accepted: ${lastProblem}`, met: false };
  const body = JSON.stringify({ versionId: grid.versionId, line: { type: 'LineString', coordinates: chosen } });
  log(`split: grid ${grid.gridId} with ${grid.households} households, ${sizes.repetitions} previews`);
  let householdsMoved = 0;
  const previewTimes = await timeRepeated(sizes.repetitions, async () => {
    const response = await fetch(`${server.url}/api/grid-edits/split/preview`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body });
    const result = (await response.json()) as { householdsMoved?: number };
    householdsMoved = result.householdsMoved ?? 0;
  }, 0);
  const lineText = `LINESTRING(${chosen.map(([lng, lat]) => `${lng} ${lat}`).join(',')})`;
  const bareTimes = await timeRepeated(sizes.repetitions, () => sql`
    select ST_AsBinary((ST_Dump(ST_Split(geometry, ST_GeomFromText(${lineText}, 4326)))).geom) as part
      from grid_versions where id = ${grid.versionId}`);
  // ST_Split plus the recount by location: the geometry work of the edit without its bookkeeping
  const recountTimes = await timeRepeated(sizes.repetitions, () => sql`
    with parts as (
      select (ST_Dump(ST_Split(geometry, ST_GeomFromText(${lineText}, 4326)))).geom as part
        from grid_versions where id = ${grid.versionId})
    select (select count(*) from households h where h.location && parts.part and ST_Covers(parts.part, h.location)) as households
      from parts`);
  // and the real thing once: committed, the index invalidated
  const startedAt = performance.now();
  const committed = await fetch(`${server.url}/api/grid-edits/split`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body });
  const committedMilliseconds = performance.now() - startedAt;
  const committedStatus = committed.status;
  await committed.arrayBuffer();
  const api = distribution(previewTimes);
  const bare = distribution(bareTimes);
  return {
    grid: { gridId: grid.gridId, households: grid.households, householdsMoved },
    api: { milliseconds: api, note: 'POST /api/grid-edits/split/preview: the whole edit transaction, rolled back' },
    committed: { status: committedStatus, milliseconds: round(committedMilliseconds) },
    sql: { milliseconds: bare, query: 'ST_Split of the grid by the same line' },
    sqlWithRecount: { milliseconds: distribution(recountTimes), query: 'ST_Split + households per part by ST_Covers' },
    ratio: ratio(api.p50, bare.p50),
    ratioToRecount: ratio(api.p50, distribution(recountTimes).p50),
    target: 'server time ≤ 2 × bare ST_Split SQL',
    met: api.p50 <= 2 * bare.p50,
  };
}

// 4. Incident ingestion --------------------------------------------------------------------------

/** Seconds until no other session of this database is running a statement (three quiet polls in a row). */
async function waitForIdleDatabase(sql: Sql): Promise<number> {
  const startedAt = performance.now();
  let quiet = 0;
  while (quiet < 3 && performance.now() - startedAt < 60_000) {
    const [row] = await sql<{ active: number }[]>`
      select count(*)::int as active from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and state = 'active'`;
    quiet = row!.active === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return (performance.now() - startedAt) / 1000;
}

export async function benchIngestion({ server, sql, sizes, log }: Bench) {
  const headers = await benchSession(sql, 'dispatcher');
  const categories = (await sql<{ code: string }[]>`select code from incident_categories where major_code is not null order by code limit 8`).map((row) => row.code);
  const places = await sql<{ longitude: number; latitude: number; gridId: number; communityId: number }[]>`
    select ST_X(h.location) as longitude, ST_Y(h.location) as latitude, h.grid_id, gv.community_id
      from households h join grid_versions gv on gv.grid_id = h.grid_id and gv.valid_to is null
     order by h.id limit ${sizes.ingestBatchSize * (2 * sizes.ingestBatches + 1)}`;
  const reportedAt = new Date(Date.now() - 3600_000);
  // every batch at other households' doors (a batch at the very same points would all be near-duplicates)
  const placesOf = (index: number) => {
    const start = (index * sizes.ingestBatchSize) % Math.max(places.length, 1);
    return [...places.slice(start, start + sizes.ingestBatchSize), ...places].slice(0, sizes.ingestBatchSize);
  };
  const batch = (run: string, index: number) =>
    placesOf(index).map((place, position) => ({
      idempotencyKey: `bench-${run}-${index}-${position}`,
      categoryCode: categories[position % categories.length]!,
      description: `基准测试 ${run} ${index}-${position}`,
      longitude: place.longitude,
      latitude: place.latitude,
      source: 'hotline' as const,
      reportedAt: reportedAt.toISOString(),
    }));
  const run = `${Date.now().toString(36)}`;
  log(`ingestion: ${sizes.ingestBatches} batches of ${sizes.ingestBatchSize}`);
  // one warm-up batch, not counted
  await fetch(`${server.url}/api/incidents/batch`, {
    method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ items: batch(`${run}w`, 2 * sizes.ingestBatches) }),
  });
  let created = 0;
  const apiStartedAt = performance.now();
  for (let index = 0; index < sizes.ingestBatches; index += 1) {
    const response = await fetch(`${server.url}/api/incidents/batch`, {
      method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ items: batch(run, index) }),
    });
    const result = (await response.json()) as { created?: number };
    if (response.status !== 200) throw new Error(`POST /api/incidents/batch answered ${response.status}: ${JSON.stringify(result).slice(0, 300)}`);
    created += result.created ?? 0;
  }
  const apiSeconds = (performance.now() - apiStartedAt) / 1000;
  // duplicate suggestions are found after each commit, in the background: wait until the server's
  // connections are idle so that work is not billed to the INSERT baseline below, and report it
  const settleSeconds = await waitForIdleDatabase(sql);
  // the same rows, written by one multi-row INSERT per batch with the places already known
  let inserted = 0;
  const sqlStartedAt = performance.now();
  for (let index = 0; index < sizes.ingestBatches; index += 1) {
    const batchPlaces = placesOf(sizes.ingestBatches + index);
    const rows = batch(`${run}s`, sizes.ingestBatches + index).map((item, position) => ({
      tracking_code: `B${run}-${index}-${position}`,
      category_code: item.categoryCode,
      source: item.source,
      status: 'reported',
      description: item.description,
      location: `SRID=4326;POINT(${item.longitude} ${item.latitude})`,
      grid_id: batchPlaces[position]!.gridId,
      community_id: batchPlaces[position]!.communityId,
      reported_at: reportedAt,
      idempotency_key: item.idempotencyKey,
    }));
    const result = await sql`insert into incidents ${sql(rows)}`;
    inserted += result.count;
  }
  const sqlSeconds = (performance.now() - sqlStartedAt) / 1000;
  const apiRate = created / apiSeconds;
  const sqlRate = inserted / sqlSeconds;
  return {
    api: {
      incidents: created, seconds: round(apiSeconds), incidentsPerSecond: round(apiRate),
      afterCommitSeconds: round(settleSeconds), incidentsPerSecondWithAfterCommit: round(created / (apiSeconds + settleSeconds)),
    },
    sql: { incidents: inserted, seconds: round(sqlSeconds), incidentsPerSecond: round(sqlRate), query: 'one multi-row INSERT per batch (no events, audit, duplicate check)' },
    ratio: ratio(apiRate, sqlRate),
    target: 'API incidents/s ≥ 50 % of the bare INSERT',
    met: apiRate >= 0.5 * sqlRate,
  };
}

// 5. Live fan-out ----------------------------------------------------------------------------

/**
 * Keep the server (this process) alone on a core while the SSE clients run on the others, when
 * `taskset` exists and there are at least two cores: returns the client command prefix and a
 * function that gives this process its former CPU set back. The database (PostgreSQL's own
 * processes) is not pinned.
 */
function pinServerApartFromClients(log: (message: string) => void): { clientPrefix: string[]; cpus: string | null; restore: () => void } {
  const cores = os.availableParallelism();
  const none = { clientPrefix: [], cpus: null, restore: () => {} };
  if (cores < 2) return none;
  try {
    const before = execFileSync('taskset', ['-pc', String(process.pid)], { encoding: 'utf8' }).trim().split(':').at(-1)!.trim();
    execFileSync('taskset', ['-a', '-pc', '0', String(process.pid)], { stdio: 'ignore' });
    const clientCpus = cores === 2 ? '1' : `1-${cores - 1}`;
    log(`fan-out: server pinned to CPU 0, clients to CPU ${clientCpus} (taskset; was ${before})`);
    return {
      clientPrefix: ['taskset', '-c', clientCpus],
      cpus: `server 0, clients ${clientCpus}`,
      restore: () => {
        try {
          execFileSync('taskset', ['-a', '-pc', before, String(process.pid)], { stdio: 'ignore' });
        } catch {
          // the affinity stays narrowed; the remaining sections are measured on CPU 0
        }
      },
    };
  } catch {
    log('fan-out: taskset unavailable, server and clients share the cores');
    return none;
  }
}

export async function benchFanOut({ server, sql, sizes, log }: Bench) {
  // the server allows `streamsPerSession` open streams per session: enough sessions for the largest run
  const largest = Math.max(0, ...sizes.subscriberCounts);
  const sessions: Record<string, string>[] = [];
  for (let index = 0; index < Math.ceil(largest / streamsPerSession); index += 1) sessions.push(await benchSession(sql, 'dispatcher'));
  const pinning = pinServerApartFromClients(log);
  const results: Record<string, unknown>[] = [];
  try {
    for (const count of sizes.subscriberCounts) {
      global.gc?.();
      const before = process.memoryUsage();
      const [command, ...args] = [...pinning.clientPrefix, process.execPath, '--import', 'tsx', path.join(benchDirectory, 'sse-clients.ts'), JSON.stringify({ url: `${server.url}/api/stream`, sessions, count })];
      const clients = spawn(command!, args, { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'inherit'] });
      const lines: string[] = [];
      let waiting: ((line: string) => void) | undefined;
      let pending = '';
      clients.stdout.setEncoding('utf8');
      clients.stdout.on('data', (chunk: string) => {
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          if (waiting) {
            const resolve = waiting;
            waiting = undefined;
            resolve(line);
          } else lines.push(line);
          newline = pending.indexOf('\n');
        }
      });
      const nextLine = () => new Promise<string>((resolve) => (lines.length > 0 ? resolve(lines.shift()!) : (waiting = resolve)));
      const ready = await nextLine();
      const connectedMemory = process.memoryUsage();
      const loadAverage = os.loadavg().map((value) => round(value, 2));
      log(`fan-out: ${ready} of ${count} subscribers; ${sizes.eventSeconds} s of 10 events/s; load average ${loadAverage.join(' / ')}`);
      const statisticsBefore = { ...server.context.liveEvents.statistics };
      // the server's CPU time over the events: a figure that a busy machine disturbs less than latency
      const cpuBefore = process.cpuUsage();
      const events = sizes.eventSeconds * 10;
      const startedAt = performance.now();
      for (let index = 0; index < events; index += 1) {
        const due = startedAt + index * 100;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        void server.context.liveEvents.publish({ type: 'incident.changed', payload: { bench: true, sequence: index, sentAt: Date.now() }, area: { communityId: 1, gridId: 1 } });
      }
      await new Promise((resolve) => setTimeout(resolve, 1500)); // let the last events arrive
      const afterEvents = process.memoryUsage();
      const cpu = process.cpuUsage(cpuBefore);
      const statisticsAfter = server.context.liveEvents.statistics;
      clients.stdin.write('stop\n');
      const summary = JSON.parse(await nextLine()) as {
        connected: number; failed: number; failedStatuses: Record<string, number>; received: number; eventChunks: number;
        latencyMilliseconds: { p50: number; p99: number; max: number };
      };
      await new Promise((resolve) => clients.on('exit', resolve));
      const expected = summary.connected * events;
      results.push({
        subscribers: count,
        connected: summary.connected,
        failed: summary.failed,
        ...(summary.failed > 0 ? { failedStatuses: summary.failedStatuses } : {}),
        events,
        delivered: summary.received,
        expected,
        // body chunks that carried events: fewer than `delivered` when queued events were coalesced
        eventChunks: summary.eventChunks,
        serverWrites: statisticsAfter.writes - statisticsBefore.writes,
        droppedSlow: statisticsAfter.dropped - statisticsBefore.dropped,
        serverCpu: {
          milliseconds: round((cpu.user + cpu.system) / 1000),
          systemMilliseconds: round(cpu.system / 1000),
          microsecondsPerDelivery: round((cpu.user + cpu.system) / Math.max(statisticsAfter.delivered - statisticsBefore.delivered, 1), 2),
        },
        latencyMilliseconds: summary.latencyMilliseconds,
        loadAverage,
        pinned: pinning.cpus,
        serverMemory: {
          rssBeforeMegabytes: megabytes(before.rss),
          rssConnectedMegabytes: megabytes(connectedMemory.rss),
          rssAfterEventsMegabytes: megabytes(afterEvents.rss),
          heapPerSubscriberKilobytes: round((connectedMemory.heapUsed - before.heapUsed) / 1024 / Math.max(summary.connected, 1), 1),
        },
        met: summary.connected === count && summary.received === expected && summary.latencyMilliseconds.p99 !== null && summary.latencyMilliseconds.p99 < 250,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    pinning.restore();
  }
  return {
    runs: results,
    baseline: 'delivery latency is measured from publish to receipt in a separate client process: the baseline is 0 ms',
    target: '5,000 subscribers, 10 events/s, p99 < 250 ms',
    met: results.every((entry) => entry.met),
  };
}

// 6. Heatmap points ----------------------------------------------------------------------------

/** Make sure the window holds `points` incidents: copies of the existing ones, spread in time. */
async function topUpIncidents(sql: Sql, from: Date, to: Date, points: number, log: (message: string) => void): Promise<number> {
  const [{ count } = { count: 0 }] = await sql<{ count: number }[]>`
    select count(*)::int as count from incidents where reported_at >= ${from} and reported_at < ${to}`;
  if (count >= points) return count;
  const missing = points - count;
  log(`heatmap: adding ${missing} copied incidents to reach ${points} in the window`);
  // one pass: every original incident copied as often as needed (a loop of INSERTs would rescan the table each time)
  const [{ existing } = { existing: 0 }] = await sql<{ existing: number }[]>`select count(*)::int as existing from incidents where tracking_code not like 'H%'`;
  const copies = Math.ceil(missing / Math.max(existing, 1));
  await sql`
    insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, reported_at)
    select 'H' || copy::text || '-' || i.id::text, i.category_code, i.source, 'closed', i.description,
           ST_SetSRID(ST_MakePoint(ST_X(i.location) + (random() - 0.5) * 0.002, ST_Y(i.location) + (random() - 0.5) * 0.002), 4326),
           i.grid_id, i.community_id,
           ${from}::timestamptz + random() * (${to}::timestamptz - ${from}::timestamptz)
      from incidents i cross join generate_series(1, ${copies}) as copy
     where i.tracking_code not like 'H%'
     limit ${missing}`; // the codes are unique by construction (incident_keys would refuse a repeat: 0027)
  await sql`analyze incidents`;
  const [{ total } = { total: 0 }] = await sql<{ total: number }[]>`
    select count(*)::int as total from incidents where reported_at >= ${from} and reported_at < ${to}`;
  return total;
}

export async function benchHeatmap({ server, sql, sizes, log }: Bench) {
  const headers = await benchSession(sql, 'dispatcher');
  const to = new Date(benchNow.getTime() + 86_400_000);
  const from = new Date(to.getTime() - 366 * 86_400_000);
  const inWindow = await topUpIncidents(sql, from, to, sizes.heatmapPoints, log);
  const url = `${server.url}/api/analytics/incident-points?from=${from.toISOString()}&to=${to.toISOString()}&limit=${Math.min(5_000_000, Math.max(inWindow, 1))}`;
  let bytes = 0;
  let points = 0;
  let gzipBytes = 0;
  const apiTimes = await timeRepeated(Math.min(sizes.repetitions, 5), async () => {
    const response = await fetch(url, { headers });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`incident-points answered ${response.status}: ${body.toString('utf8').slice(0, 200)}`);
    bytes = body.length;
    points = Number(response.headers.get('x-point-count'));
    gzipBytes = gzipSync(body, { level: 1 }).length;
  });
  const sqlTimes = await timeRepeated(Math.min(sizes.repetitions, 5), () => sql`
    select ST_X(i.location) as longitude, ST_Y(i.location) as latitude,
           floor(extract(epoch from (i.reported_at - ${from}::timestamptz)) / 60)::int as minutes,
           coalesce(category.major_code, category.code)::int as major_class
      from incidents i join incident_categories category on category.code = i.category_code
     where i.reported_at >= ${from} and i.reported_at < ${to}
     order by i.reported_at`);
  const api = distribution(apiTimes);
  const bare = distribution(sqlTimes);
  const bytesPerPoint = round(bytes / Math.max(points, 1), 2);
  return {
    window: { from: from.toISOString(), to: to.toISOString() },
    points,
    api: { milliseconds: api, bytes, bytesPerPoint, gzipLevel1Bytes: gzipBytes },
    sql: { milliseconds: bare, query: 'the same points selected in one query (rows in memory, no encoding)' },
    ratio: ratio(api.p50, bare.p50),
    target: '≤ 12 bytes/point before compression and < 1 s for 1,000,000 points',
    met: bytesPerPoint <= 12 && api.p50 < 1000 * Math.max(1, points / 1_000_000),
  };
}

export type { Distribution };

// 2b. Vector tiles of the city view ------------------------------------------------------------

/** The Web Mercator tiles covering a WGS84 box at zoom z, nearest the box's centre first. */
function tilesCovering([minLng, minLat, maxLng, maxLat]: Box, z: number, limit: number): { z: number; x: number; y: number }[] {
  const n = 2 ** z;
  const column = (longitude: number) => Math.floor(((longitude + 180) / 360) * n);
  const row = (latitude: number) => {
    const radians = (latitude * Math.PI) / 180;
    return Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n);
  };
  const tiles: { z: number; x: number; y: number }[] = [];
  for (let x = column(minLng); x <= column(maxLng); x++) for (let y = row(maxLat); y <= row(minLat); y++) tiles.push({ z, x, y });
  const cx = (column(minLng) + column(maxLng)) / 2;
  const cy = (row(maxLat) + row(minLat)) / 2;
  tiles.sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy));
  return tiles.slice(0, limit);
}

/**
 * GET /api/tiles/{layer}/{z}/{x}/{y}.mvt over the city at an overview, a district and a street
 * zoom: each tile fetched once cold (its first encoding) and once more (layout layers come from the
 * per-process cache then); baseline: the same tile encoded straight from the bench's own connection
 * (ST_AsMVT on PostgreSQL, the JavaScript encoder on PGlite — the same code the server runs).
 * Target (issue 21): tile p50 < 50 ms and < 100 KB.
 */
export async function benchTiles({ server, sql, sizes }: Bench) {
  const { encodeTileInDatabase, encodeTileInJavaScript } = await import('../server/tiles/vector-tiles.repo.ts');
  const boxes = await viewports(sql);
  const [{ revision }] = (await sql<{ revision: number }[]>`select revision from layout_revision`) as unknown as [{ revision: number }];
  const staff = await benchSession(sql, 'dispatcher');
  const encodeDirect = server.context.database.mode === 'postgres' ? encodeTileInDatabase : encodeTileInJavaScript;
  // --quick: one tile at one zoom per layer, enough to show the section works and what a tile costs
  const quick = sizes.repetitions <= 3;
  const perTile = quick ? 1 : 40;
  const rows: Record<string, unknown>[] = [];
  for (const layer of ['communities', 'grids', 'households', 'incidents'] as const) {
    for (const z of quick ? [14] : [12, 14, 16]) {
      const tiles = tilesCovering(boxes.city, z, perTile);
      const cold: number[] = [];
      const warm: number[] = [];
      const direct: number[] = [];
      const bytes: number[] = [];
      for (const tile of tiles) {
        const url = `${server.url}/api/tiles/${layer}/${tile.z}/${tile.x}/${tile.y}.mvt?revision=${revision}`;
        const headers = layer === 'households' ? { Cookie: staff.Cookie! } : undefined;
        for (const sample of [cold, warm]) {
          const startedAt = performance.now();
          const response = await fetch(url, headers ? { headers } : {});
          const body = await response.arrayBuffer();
          sample.push(performance.now() - startedAt);
          if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
          if (sample === cold) bytes.push(body.byteLength);
        }
        const startedAt = performance.now();
        await encodeDirect(sql, layer, tile);
        direct.push(performance.now() - startedAt);
      }
      const coldDistribution = distribution(cold);
      const largest = Math.max(0, ...bytes);
      rows.push({
        layer, z, tiles: tiles.length,
        api: { coldMilliseconds: coldDistribution, warmMilliseconds: distribution(warm), largestBytes: largest, meanBytes: round(bytes.reduce((a, b) => a + b, 0) / Math.max(bytes.length, 1)) },
        direct: { milliseconds: distribution(direct) },
        ratio: ratio(coldDistribution.p50, distribution(direct).p50),
        met: coldDistribution.p50 < 50 && largest < 100_000,
      });
    }
  }
  return { rows, target: 'tile p50 < 50 ms (first encoding) and < 100 KB', met: rows.every((row) => row.met) };
}
