import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../server/app.ts';
import type { AppContext } from '../server/app-context.ts';
import { readConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { GridSpatialIndex } from '../server/lookup/grid-spatial-index.ts';
import { DataKey } from '../server/personal-data/data-key.ts';
import { createLimiters } from '../server/server.ts';
import { LiveEventHub } from '../server/stream/live-event-hub.ts';
import { buildRowOfGrids } from '../test/support/territory-builder.ts';

/**
 * Where a lookup's time goes: the full app and a bare Hono handler served over HTTP, each under a
 * short autocannon load from another process (bench/load-generator.ts), on a small embedded
 * territory. Used with `node --cpu-prof --import tsx bench/profile-lookup.ts [seconds]` to profile
 * the middleware, never as a benchmark figure (BENCHMARKS.md takes its numbers from bench/run.ts).
 */
const seconds = Number(process.argv[2] ?? 4);
async function load(url: string): Promise<{ requestsPerSecond: number; non2xx: number }> {
  const paths = Array.from({ length: 70 }, (_, i) => `/api/lookup?lng=${117.001 + i * 0.001}&lat=31.005`);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'load-generator.ts'),
    JSON.stringify({ url, paths, connections: 4, durationSeconds: seconds, warmupSeconds: 1 })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  await new Promise((resolve) => child.on('exit', resolve));
  return JSON.parse(output);
}
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-profile-'));
const database = await openDatabase({ dataDirectory: folder });
try {
  await migrate(database.sql);
  await buildRowOfGrids(database.sql, { gridCount: 8 });
  const context: AppContext = {
    config: { ...readConfig({}), databaseUrl: undefined },
    database,
    gridIndex: new GridSpatialIndex(database.sql),
    dataKey: DataKey.fromSecret(Buffer.alloc(32, 7)),
    limiters: createLimiters(),
    liveEvents: LiveEventHub.forDatabase(database, { layoutPollMilliseconds: 0 }),
  };
  const app = createApp(context);
  const bare = new Hono();
  bare.get('/api/lookup', (c) => c.json({ lng: Number(c.req.query('lng')), lat: Number(c.req.query('lat')) }));
  for (const [name, target] of [['bare', bare], ['full', app]] as const) {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: target.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    const result = await load(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    console.log(`${name}: ${Math.round(result.requestsPerSecond)} req/s, non-2xx ${result.non2xx}`);
    await new Promise((resolve) => server.close(resolve));
  }
} finally {
  await database.close();
  fs.rmSync(folder, { recursive: true, force: true });
}
