import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { buildAccountsWorld, sessionFor } from '../test/support/accounts-fixture.ts';
import { buildRowOfGrids } from '../test/support/territory-builder.ts';
import { inProcessApp, profileDataKey } from './in-process-app.ts';
import { summariseProfile, type CpuProfile } from './profile-summary.ts';

/**
 * Where a batch import's Node time goes (issue 21 §4): the full app in process (`app.request`, no
 * socket), on a small territory in a fresh embedded database or in a migrated PostgreSQL database
 * (--database-url: an empty database of your own, made for the run; it is migrated and given the territory).
 * Posts --batches batches of --size hotline items (names and phones to seal, idempotency keys to
 * hash), after one unprofiled warm-up batch, CPU-profiled with node:inspector; prints the server's
 * rate and CPU per batch and the top entries by self time. Never a benchmark figure (BENCHMARKS.md
 * takes its numbers from bench/run.ts): compare two runs made side by side.
 *
 *   npx tsx bench/profile-ingestion.ts [--batches 20] [--size 1000] [--database-url URL] [--out DIR] [--top 30]
 */
const { values: options } = parseArgs({
  options: {
    batches: { type: 'string', default: '20' },
    size: { type: 'string', default: '1000' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'gridatlas-ingestion-profile') },
    'database-url': { type: 'string' },
    top: { type: 'string', default: '30' },
  },
});
const batches = Number(options.batches);
const size = Number(options.size);
fs.mkdirSync(options.out, { recursive: true });

const folder = options['database-url'] ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-profile-'));
const database = await openDatabase(options['database-url'] ? { databaseUrl: options['database-url'] } : { dataDirectory: folder! });
const session = new Session();
session.connect();
try {
  await migrate(database.sql);
  const dataKey = profileDataKey;
  // an empty database: one territory
  const origin: [number, number] = [117, 31];
  const world = await buildAccountsWorld(database.sql, dataKey, origin);
  const headers = { ...(await sessionFor(database.sql, world.users.dispatcher)), 'Content-Type': 'application/json' };
  const { app, context } = inProcessApp(database, options['database-url']);
  const run = Date.now().toString(36);
  // one wide grid (about 50 × 55 km): points hundreds of metres apart, so the duplicate search after
  // each answer finds few suggestions, as with the bench's household doors
  const wide = await buildRowOfGrids(database.sql, { origin: [118, 30], gridCount: 1, gridWidth: 0.5, gridHeight: 0.5 });
  const [minLng, minLat, maxLng, maxLat] = wide.gridBoxes[0]!;
  const reportedAt = new Date(Date.now() - 3600_000).toISOString();
  // bodies made before the profile starts: only the server's work is measured
  const body = (batch: number) => JSON.stringify({
    items: Array.from({ length: size }, (_, position) => ({
      idempotencyKey: `profile-${run}-${batch}-${position}`,
      categoryCode: '0403',
      description: `12345 工单 ${run} ${batch}-${position}：小区门口垃圾堆放，影响通行`,
      longitude: minLng + (maxLng - minLng) * (((batch * size + position) * 0.6180339887) % 1),
      latitude: minLat + (maxLat - minLat) * (((batch * size + position) * 0.7548776662) % 1),
      address: `测试小区 ${position % 40} 号楼`,
      source: 'hotline',
      reportedAt,
      reporterName: `市民${position}`,
      reporterPhone: `137${String(batch * size + position).padStart(8, '0')}`,
    })),
  });
  const bodies = Array.from({ length: batches + 1 }, (_, batch) => body(batch));
  const post = async (text: string) => {
    const response = await app.request('/api/incidents/batch', { method: 'POST', headers, body: text });
    const answer = (await response.json()) as { created?: number };
    if (response.status !== 200) throw new Error(`answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
    return answer.created ?? 0;
  };
  await post(bodies[batches]!);
  // let the warm-up's duplicate search (after the answer) finish before the profile
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  let created = 0;
  for (let batch = 0; batch < batches; batch++) created += await post(bodies[batch]!);
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
  const file = path.join(options.out, `ingestion-${run}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  console.log(`${created} incidents in ${seconds.toFixed(2)} s: ${Math.round(created / seconds)} incidents/s, `
    + `${((cpu.user + cpu.system) / 1000 / batches).toFixed(0)} ms server CPU per batch of ${size} (load average ${os.loadavg().map((value) => value.toFixed(2)).join(' / ')})`);
  console.log(`  profile: ${file}\n${summariseProfile(profile, Number(options.top))}`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await context.liveEvents.stop();
} finally {
  session.disconnect();
  await database.close();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
}
