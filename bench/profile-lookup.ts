import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openDatabase } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { buildRowOfGrids } from '../test/support/territory-builder.ts';
import { runHelper } from './measure.ts';
import { inProcessApp } from './in-process-app.ts';
import { summariseProfile, type CpuProfile } from './profile-summary.ts';

/**
 * Where a lookup's time goes: the full app and a bare Hono handler served over HTTP, each under a
 * short autocannon load from another process (bench/load-generator.ts), on a small embedded
 * territory (or, with --database-url, a database the bench prepared: the demo's real polygons and
 * PostgreSQL's shared rate-limit store). Each phase is CPU-profiled on its own (node:inspector);
 * the profiles go to --out and the top entries by self time are printed, with the server's CPU time
 * per request of each phase (steadier than the rates on a busy machine). Never a benchmark figure
 * (BENCHMARKS.md takes its numbers from bench/run.ts): read the shares, and the ratio of the two
 * rates of the same run.
 *
 *   npx tsx bench/profile-lookup.ts [--seconds 4] [--connections 4] [--rounds 1] [--out DIR] [--database-url URL] [--top 25] [--no-profile]
 */
const { values: options, positionals } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '4' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'gridatlas-lookup-profile') },
    'database-url': { type: 'string' },
    top: { type: 'string', default: '25' },
    'no-profile': { type: 'boolean', default: false },
    /** bare and full alternately this many times (profiles of the last round): rates on a busy machine drift */
    rounds: { type: 'string', default: '1' },
  },
  // `npx tsx bench/profile-lookup.ts 4`, as before: a bare number is the seconds
  allowPositionals: true,
});
const seconds = Number(positionals[0] ?? options.seconds);
const connections = Number(options.connections);
fs.mkdirSync(options.out, { recursive: true });

const folder = options['database-url'] ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-profile-'));
const database = await openDatabase(options['database-url'] ? { databaseUrl: options['database-url'] } : { dataDirectory: folder! });
const session = new Session();
session.connect();
try {
  let paths: string[];
  if (folder) {
    await migrate(database.sql);
    await buildRowOfGrids(database.sql, { gridCount: 8 });
    paths = Array.from({ length: 70 }, (_, i) => `/api/lookup?lng=${117.001 + i * 0.001}&lat=31.005`);
  } else {
    // as bench/scenarios.ts: household locations spread over every grid
    const rows = await database.sql<{ longitude: number; latitude: number }[]>`
      select ST_X(location) as longitude, ST_Y(location) as latitude from households order by id limit 500`;
    paths = rows.map((row) => `/api/lookup?lng=${row.longitude}&lat=${row.latitude}`);
  }
  const { app, context } = inProcessApp(database, options['database-url']);
  const bare = new Hono();
  bare.get('/api/lookup', (c) => c.json({ lng: Number(c.req.query('lng')), lat: Number(c.req.query('lat')) }));
  const rates: Record<string, number> = {};
  const cpuPerRequest: Record<string, number> = {};
  const rounds = Math.max(1, Number(options.rounds));
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
  for (const [name, target] of [['bare', bare], ['full', app]] as const) {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: target.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // warm-up unprofiled (JIT), then the measured and profiled load
    await runHelper('load-generator.ts', { url, paths, connections, durationSeconds: 1 });
    const profiling = !options['no-profile'] && round === rounds;
    if (profiling) {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpuBefore = process.cpuUsage();
    const result = await runHelper<{ requestsPerSecond: number; total: number; non2xx: number }>('load-generator.ts', { url, paths, connections, durationSeconds: seconds });
    const cpu = process.cpuUsage(cpuBefore);
    // CPU time of this (the server's) process per answer: unlike the rate, it does not depend on how
    // much of the machine other work leaves, so it compares two phases fairly on a busy machine
    cpuPerRequest[name] = (cpu.user + cpu.system) / Math.max(result.total, 1);
    rates[name] = result.requestsPerSecond;
    console.log(`${name}: ${Math.round(result.requestsPerSecond)} req/s, ${cpuPerRequest[name]!.toFixed(1)} µs CPU per request, non-2xx ${result.non2xx}`);
    if (profiling) {
      const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
      const file = path.join(options.out, `${name}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      console.log(`  profile: ${file}\n${summariseProfile(profile, Number(options.top))}`);
    }
    await new Promise((resolve) => server.close(resolve));
  }
  ratios.push(rates.full! / rates.bare!);
  cpuRatios.push(cpuPerRequest.bare! / cpuPerRequest.full!);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`bare / full CPU per request: ${cpuRatios.map((value) => value.toFixed(3)).join(', ')} (median ${median(cpuRatios).toFixed(3)}: what full / bare req/s tends to when the server alone is CPU-bound)`);
  console.log(`full / bare req/s: ${ratios.map((value) => value.toFixed(3)).join(', ')} (median ${median(ratios).toFixed(3)}; load average ${os.loadavg().map((value) => value.toFixed(2)).join(' / ')})`);
  await context.liveEvents.stop();
} finally {
  session.disconnect();
  await database.close();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
}
