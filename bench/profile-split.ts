import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/db/connect.ts';
import { benchSession } from './prepare.ts';
import { inProcessApp } from './in-process-app.ts';
import { summariseProfile, type CpuProfile } from './profile-summary.ts';

/**
 * Where a split preview's time goes (issue 21 §6): the full app in process (`app.request`, no
 * socket) against a PostgreSQL database holding a demo (a copy of a bench database: the bench's
 * merged ~2,000-household grid is the largest), previewing a straight cut through the largest grid
 * --previews times after a warm-up, CPU-profiled with node:inspector. Prints wall time and the
 * server's CPU per preview — their difference is time spent waiting for PostgreSQL — and the top
 * entries by self time. Never a benchmark figure (BENCHMARKS.md takes its numbers from bench/run.ts).
 *
 *   npx tsx bench/profile-split.ts --database-url URL [--previews 100] [--out DIR] [--top 30]
 */
const { values: options } = parseArgs({
  options: {
    previews: { type: 'string', default: '100' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'gridatlas-split-profile') },
    'database-url': { type: 'string' },
    top: { type: 'string', default: '30' },
  },
});
if (!options['database-url']) throw new Error('--database-url: a PostgreSQL database with a demo loaded (a copy: previews write nothing, but a session row is added)');
const previews = Number(options.previews);
fs.mkdirSync(options.out, { recursive: true });

const database = await openDatabase({ databaseUrl: options['database-url'] });
const session = new Session();
session.connect();
try {
  const { app, context } = inProcessApp(database, options['database-url']);
  const headers = { ...(await benchSession(database.sql, 'planner')), 'Content-Type': 'application/json' };
  const [grid] = await database.sql<{ versionId: number; households: number; minX: number; maxX: number; y: number }[]>`
    select gv.id as version_id, count(h.id)::int as households, ST_XMin(gv.geometry) as min_x, ST_XMax(gv.geometry) as max_x,
           ST_Y(ST_Centroid(gv.geometry)) as y
      from grid_versions gv left join households h on h.grid_id = gv.grid_id
     where gv.valid_to is null
     group by gv.id order by households desc, gv.id limit 1`;
  const { versionId, households, minX, maxX, y } = grid!;
  const body = JSON.stringify({ versionId, line: { type: 'LineString', coordinates: [[minX - 0.0005, y], [maxX + 0.0005, y]] } });
  const preview = async () => {
    const response = await app.request('/api/grid-edits/split/preview', { method: 'POST', headers, body });
    const answer = await response.text();
    if (response.status !== 200) throw new Error(`answered ${response.status}: ${answer.slice(0, 300)}`);
  };
  for (let warm = 0; warm < 10; warm++) await preview();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  for (let count = 0; count < previews; count++) await preview();
  const milliseconds = (performance.now() - startedAt) / previews;
  const cpu = process.cpuUsage(cpuBefore);
  const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
  const file = path.join(options.out, `split-${Date.now().toString(36)}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  const cpuMilliseconds = (cpu.user + cpu.system) / 1000 / previews;
  console.log(`grid version ${versionId} (${households} households): ${milliseconds.toFixed(1)} ms a preview, `
    + `${cpuMilliseconds.toFixed(1)} ms of it Node CPU, ${(milliseconds - cpuMilliseconds).toFixed(1)} ms waiting for PostgreSQL `
    + `(load average ${os.loadavg().map((value) => value.toFixed(2)).join(' / ')})`);
  console.log(`  profile: ${file}\n${summariseProfile(profile, Number(options.top))}`);
  await context.liveEvents.stop();
} finally {
  session.disconnect();
  await database.close();
}
