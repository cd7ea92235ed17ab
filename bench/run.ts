import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { readConfig } from '../server/config.ts';
import type { Sql } from '../server/db/connect.ts';
import { DataKey } from '../server/personal-data/data-key.ts';
import { startServer, type RunningServer } from '../server/server.ts';
import { benchColdStart } from './cold-start.ts';
import { benchDirectory, round } from './measure.ts';
import { benchDataKeyFile, countData, ensurePostgresDatabase, prepareDatabase, refuseProtectedDatabase } from './prepare.ts';
import { benchFanOut, benchHeatmap, benchIngestion, benchLookup, benchSplit, benchTiles, benchViewports, type Bench, type Sizes } from './scenarios.ts';

/**
 * `npm run bench [-- options]`: measure GridAtlas's hot paths on a dedicated database, each figure
 * beside the same work done directly in SQL in the same run, and write the raw JSON to
 * bench/results/. See BENCHMARKS.md for the figures and how to read them.
 */

const sections = ['lookup', 'viewports', 'tiles', 'split', 'ingestion', 'fanout', 'heatmap', 'coldstart'] as const;
type Section = (typeof sections)[number];
/** What `--quick` measures unless --only says otherwise: the ratios to check before a performance-sensitive change. */
const quickSections: Section[] = ['lookup', 'tiles', 'heatmap'];

const usage = `Usage: npm run bench -- [options]
  --scale F             demo zone scale: 1 = 57 grids / ~20k households; 175 ≈ 10,000 grids (default 1)
  --database-url URL    a dedicated PostgreSQL + PostGIS database, created if missing (default: $DATABASE_URL;
                        neither → embedded PGlite in --data-dir). Never gridatlas_template_* / gridatlas_test_*.
  --data-dir DIR        PGlite data folder (default /tmp/gridatlas-bench/pglite-scale-F)
  --fresh               drop the database / data folder first (otherwise an existing territory is reused)
  --load-only           prepare the database (migrate, load the demo at --scale with a progress bar) and stop:
                        no server, no measurement (the same as npx tsx bench/prepare.ts)
  --only a,b            sections: ${sections.join(', ')} (default: all; with --quick: ${quickSections.join(', ')})
  --quick               short loads on a reduced set, < 3 minutes on the demo: lookup vs bare Hono (2 s loads),
                        one tile per layer, the heatmap of the demo's own incidents (no top-up); with --only,
                        the named sections on tiny loads (the smoke test)
  --seconds N           seconds of load per throughput figure (default 10)
  --connections N       concurrent HTTP connections / SQL callers (default 10)
  --subscribers a,b     SSE subscriber counts (default 1000,5000)
  --heatmap-points N    incidents in the heatmap window, topped up with copies (default 1000000)
  --ingest-batches N    batches of 1,000 incidents (default 10)
  --results-dir DIR     where the JSON goes (default bench/results)
  --label TEXT          added to the result file name`;

async function main(): Promise<number> {
  let options;
  try {
    options = parseArgs({
      options: {
        scale: { type: 'string' },
        'database-url': { type: 'string' },
        'data-dir': { type: 'string' },
        fresh: { type: 'boolean', default: false },
        'load-only': { type: 'boolean', default: false },
        only: { type: 'string' },
        quick: { type: 'boolean', default: false },
        seconds: { type: 'string' },
        connections: { type: 'string' },
        subscribers: { type: 'string' },
        'heatmap-points': { type: 'string' },
        'ingest-batches': { type: 'string' },
        'results-dir': { type: 'string' },
        label: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const quick = options.quick;
  const scale = Number(options.scale ?? 1);
  if (!(scale > 0)) return fail(`--scale must be a positive number, got "${options.scale}"`);
  const only = options.only ? options.only.split(',').map((part) => part.trim()) : quick ? [...quickSections] : [...sections];
  const unknown = only.filter((name) => !(sections as readonly string[]).includes(name));
  if (unknown.length > 0) return fail(`--only: unknown section ${unknown.join(', ')} (known: ${sections.join(', ')})`);
  const wanted = (section: Section) => only.includes(section);
  const integer = (text: string | undefined, fallback: number, name: string) => {
    const value = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got "${text}"`);
    return value;
  };
  const sizes: Sizes = {
    loadSeconds: integer(options.seconds, quick ? 2 : 10, 'seconds'),
    connections: integer(options.connections, quick ? 4 : 10, 'connections'),
    repetitions: quick ? 3 : 15,
    ingestBatches: integer(options['ingest-batches'], quick ? 1 : 10, 'ingest-batches'),
    ingestBatchSize: quick ? 50 : 1000,
    subscriberCounts: options.subscribers ? options.subscribers.split(',').map((part) => integer(part.trim(), 0, 'subscribers')) : quick ? [20] : [1000, 5000],
    eventSeconds: quick ? 1 : 10,
    heatmapPoints: integer(options['heatmap-points'], quick ? 0 : 1_000_000, 'heatmap-points'),
    splitHouseholds: quick ? 0 : 2000,
  };

  const databaseUrl = options['database-url'] ?? process.env.DATABASE_URL ?? undefined;
  const databaseKind = databaseUrl ? 'postgres' : 'pglite';
  const dataDirectory = path.resolve(options['data-dir'] ?? path.join(os.tmpdir(), 'gridatlas-bench', `pglite-scale-${scale}`));
  const resultsDirectory = path.resolve(options['results-dir'] ?? path.join(benchDirectory, 'results'));
  const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

  if (databaseUrl) {
    refuseProtectedDatabase(databaseUrl);
    await ensurePostgresDatabase(databaseUrl, { fresh: options.fresh });
  } else if (options.fresh) {
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  }
  const source = databaseUrl ? { databaseUrl } : { dataDirectory };
  const dataKeyFile = benchDataKeyFile(source);
  fs.mkdirSync(path.dirname(dataKeyFile), { recursive: true });
  const dataKey = DataKey.load({ environmentKey: undefined, keyFile: dataKeyFile });
  const prepared = await prepareDatabase(source, { scale, dataKey, log });
  if (options['load-only']) {
    log(prepared.loadSeconds === null ? 'already loaded: nothing done (--fresh loads again)' : `loaded in ${round(prepared.loadSeconds, 1)} s`);
    return 0;
  }

  const results: Record<string, unknown> = {
    startedAt: new Date().toISOString(),
    database: databaseKind,
    scale,
    quick,
    sizes,
    demoLoadSeconds: prepared.loadSeconds === null ? null : round(prepared.loadSeconds, 1),
    machine: describeMachine(),
  };

  fs.mkdirSync(resultsDirectory, { recursive: true });
  const stamp = (results.startedAt as string).replace(/[:.]/g, '-').slice(0, 19);
  const file = path.join(resultsDirectory, `${databaseKind}-scale${scale}${options.label ? `-${options.label}` : ''}-${stamp}.json`);
  // written after every section, so a run stopped half-way keeps what it measured
  const save = () => fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);

  const serverLog: string[] = [];
  const config = {
    ...readConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl ?? '', GRIDATLAS_DATA_DIR: dataDirectory, GRIDATLAS_DEMO: 'false', GRIDATLAS_ESCALATION_SECONDS: '3600' }),
    dataKeyFile,
  };
  log(`starting the server on ${databaseKind}${databaseUrl ? '' : ` (${dataDirectory})`}`);
  const server: RunningServer = await startServer(config, (message) => serverLog.push(message));
  // the baselines' own pool on PostgreSQL; on PGlite the one connection there is
  const ownPool = databaseUrl
    ? postgres(databaseUrl, {
        max: sizes.connections,
        onnotice: () => {},
        transform: postgres.camel,
        // as server/db/connect.ts: int8 as JavaScript numbers, no JIT
        types: { bigint: { to: 20, from: [20], serialize: (value: number) => String(value), parse: (value: string) => Number(value) } } as unknown as {},
        connection: { jit: 'off', application_name: 'gridatlas-bench' },
      })
    : undefined;
  const sql = (ownPool ?? server.context.database.sql) as unknown as Sql;
  try {
    if (databaseUrl) await sql`analyze`;
    results.versions = await databaseVersions(sql);
    results.data = await countData(sql);
    log(`data: ${JSON.stringify(results.data)}`);
    const bench: Bench = { server, sql, sizes, log };
    const measured: Record<string, unknown> = {};
    results.results = measured;
    const measure = async (section: Section, task: () => Promise<unknown>) => {
      if (!wanted(section)) return;
      log(`— ${section}`);
      const startedAt = performance.now();
      try {
        measured[section] = await task();
      } catch (error) {
        measured[section] = { error: (error as Error).stack ?? String(error), met: false };
        log(`${section} failed: ${(error as Error).message}`);
      }
      log(`  ${section} took ${round((performance.now() - startedAt) / 1000, 1)} s`);
      save();
    };
    await measure('lookup', () => benchLookup(bench));
    await measure('viewports', () => benchViewports({ ...bench, database: databaseKind }));
    await measure('tiles', () => benchTiles(bench));
    await measure('split', () => benchSplit(bench));
    await measure('ingestion', () => benchIngestion(bench));
    await measure('fanout', () => benchFanOut(bench));
    await measure('heatmap', () => benchHeatmap(bench));
  } finally {
    await ownPool?.end({ timeout: 5 });
    await server.close();
  }
  if (wanted('coldstart')) {
    log('— coldstart');
    try {
      (results.results as Record<string, unknown>).coldstart = await benchColdStart({ databaseUrl, demo: !quick, log });
    } catch (error) {
      (results.results as Record<string, unknown>).coldstart = { error: (error as Error).message, met: false };
    }
  }
  results.finishedAt = new Date().toISOString();

  save();
  process.stdout.write(`${summarise(results)}\nResults: ${path.relative(process.cwd(), file)}\n`);
  const failed = Object.entries(results.results as Record<string, { error?: string }>).filter(([, value]) => value?.error);
  return failed.length > 0 ? 1 : 0;
}

function describeMachine() {
  const safe = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    memoryGigabytes: round(os.totalmem() / 1024 ** 3, 1),
    loadAverage: os.loadavg().map((value) => round(value, 2)),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    nproc: safe('nproc', []),
  };
}

async function databaseVersions(sql: Sql) {
  const [row] = await sql<{ postgres: string; postgis: string }[]>`select version() as postgres, postgis_full_version() as postgis`;
  return { postgres: row?.postgres ?? null, postgis: row?.postgis?.match(/POSTGIS="([^"]+)"/)?.[1] ?? row?.postgis ?? null };
}

/** One line a section: the figure, its baseline, the ratio and whether the target is met. */
function summarise(results: Record<string, unknown>): string {
  const measured = (results.results ?? {}) as Record<string, Record<string, unknown>>;
  const lines = [`GridAtlas bench — ${results.database}, scale ${results.scale}, data ${JSON.stringify(results.data)}`];
  for (const [section, value] of Object.entries(measured)) {
    if (value?.error) {
      lines.push(`  ${section.padEnd(10)} ERROR ${String(value.error).split('\n')[0]}`);
      continue;
    }
    const met = value?.met === undefined ? '' : value.met ? 'target met' : 'target MISSED';
    lines.push(`  ${section.padEnd(10)} ${met}${value?.ratio !== undefined ? ` (ratio ${value.ratio})` : ''}`);
    // the lookup's second target: the full stack against a bare Hono handler of the same run
    if (value?.ratioToBareHono !== undefined) lines.push(`  ${''.padEnd(10)} ${value.metBareHono ? 'target met' : 'target MISSED'} (full stack / bare Hono ${value.ratioToBareHono})`);
  }
  return lines.join('\n');
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
