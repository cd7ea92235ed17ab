import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { ensureDemoAccounts } from '../server/accounts/bootstrap-accounts.ts';
import { newCsrfToken, newSessionToken, sessionCookieName } from '../server/accounts/session-token.ts';
import { createSession } from '../server/accounts/accounts.repo.ts';
import type { Role } from '../server/accounts/roles.ts';
import { openDatabase, type Database, type Queryable } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import type { BulkWrite } from '../server/demo/copy-rows.ts';
import { databaseHasTerritory, loadDemoZone, type DemoSummary } from '../server/demo/load-demo-zone.ts';
import { DataKey } from '../server/personal-data/data-key.ts';
import { sealPersonalData } from '../server/personal-data/seal-personal-data.ts';
import { seedDemoEmergencyAssets } from '../server/risks/emergency-assets.repo.ts';
import { progressReporter } from '../server/progress-reporter.ts';

/** Database preparation for the benchmarks: a dedicated database (or data folder) with the demo at a scale. */

/** The demo's incidents end here, so every run at a scale holds the same data. */
export const benchNow = new Date('2026-06-15T02:00:00Z');

/** Names the harness must never create, wipe or drop: the test suite's templates and copies. */
export function refuseProtectedDatabase(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name) throw new Error('--database-url must name a database, e.g. postgres://…/gridatlas_bench');
  if (/^gridatlas_(template|test)_/.test(name)) throw new Error(`refusing to use ${name}: databases gridatlas_template_* and gridatlas_test_* belong to the tests`);
  return name;
}

function maintenanceUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

/** Create the database if it does not exist; with `fresh`, drop it first. */
export async function ensurePostgresDatabase(databaseUrl: string, options: { fresh: boolean }): Promise<void> {
  const name = refuseProtectedDatabase(databaseUrl);
  const admin = postgres(maintenanceUrl(databaseUrl), { max: 1, onnotice: () => {} });
  try {
    if (options.fresh) await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function dropPostgresDatabase(databaseUrl: string): Promise<void> {
  const name = refuseProtectedDatabase(databaseUrl);
  const admin = postgres(maintenanceUrl(databaseUrl), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export interface Prepared {
  /** Seconds spent loading the demo, or null when the database already held it. */
  loadSeconds: number | null;
  /** What the loader wrote, when it loaded. */
  summary?: DemoSummary;
}

/**
 * Migrate and load the demo zone at `scale` unless the database already has a territory (then it
 * is reused as it is: the counts in the results say what was measured).
 */
export async function prepareDatabase(
  source: { databaseUrl: string } | { dataDirectory: string },
  options: { scale: number; dataKey: DataKey; log: (message: string) => void; bulkWrite?: BulkWrite },
): Promise<Prepared> {
  if ('dataDirectory' in source) fs.mkdirSync(source.dataDirectory, { recursive: true });
  const database = await openDatabase(source);
  try {
    await migrate(database.sql);
    if (await databaseHasTerritory(database.sql)) {
      options.log('database already holds a territory: reusing it');
      return { loadSeconds: null };
    }
    // COPY on real PostgreSQL; PGlite keeps the multi-row INSERTs (--insert forces them, to compare)
    const bulkWrite = options.bulkWrite ?? (database.mode === 'postgres' ? 'copy' : 'insert');
    options.log(`loading the demo zone at scale ${options.scale} (${bulkWrite === 'copy' ? 'COPY' : 'multi-row INSERTs'})…`);
    const startedAt = performance.now();
    const summary = await loadDemoZone(database.sql, {
      now: benchNow,
      scale: options.scale,
      dataKey: options.dataKey,
      bulkWrite,
      generateAhead: true,
      onProgress: progressReporter(options.log),
    });
    // a no-op after the loader (it seals before writing); kept for a database loaded by an older version
    await sealPersonalData(database.sql, options.dataKey);
    await seedDemoEmergencyAssets(database.sql, benchNow);
    await ensureDemoAccounts(database.sql);
    options.log('analyze…');
    await database.sql`analyze`;
    return { loadSeconds: (performance.now() - startedAt) / 1000, summary };
  } finally {
    await database.close();
  }
}

export interface DataCounts {
  grids: number;
  households: number;
  incidents: number;
  largestGridHouseholds: number;
}

export async function countData(sql: Queryable): Promise<DataCounts> {
  const [row] = await sql<DataCounts[]>`
    select (select count(*)::int from grid_versions where valid_to is null) as grids,
           (select count(*)::int from households) as households,
           (select count(*)::int from incidents) as incidents,
           (select coalesce(max(n), 0)::int from (select count(*) as n from households group by grid_id) per_grid) as largest_grid_households`;
  return row!;
}

/** A user of the role with a session made directly (no password round trip): cookie and CSRF headers. */
export async function benchSession(sql: Queryable, role: Role): Promise<Record<string, string>> {
  const [user] = await sql<{ id: number }[]>`
    insert into users (username, display_name, role, must_change_password)
    values (${`bench-${role}`}, ${`基准测试 ${role}`}, ${role}, false)
    on conflict (username) do update set role = excluded.role, disabled = false
    returning id`;
  const { token, tokenHash } = newSessionToken();
  const csrfToken = newCsrfToken();
  await createSession(sql, { tokenHash, userId: user!.id, csrfToken, idleMinutes: 120, absoluteHours: 12, clientAddress: 'bench', userAgent: 'bench' });
  return { Cookie: `${sessionCookieName}=${token}`, 'X-CSRF-Token': csrfToken };
}

export type { Database };

/** The tables the demo loader fills, counted after a load (bench/prepare.ts prints them; the loader test compares them). */
export const demoTables = [
  'streets', 'communities', 'grids', 'grid_versions', 'workers', 'grid_assignments', 'buildings', 'households', 'risk_sources',
  'basemap_features', 'incidents', 'incident_events', 'household_movements', 'residents_groups', 'info_grids', 'info_grid_buildings',
  'duty_people', 'back_streets', 'back_street_sections', 'urban_stations', 'duty_posts',
] as const;

export async function countDemoTables(sql: Queryable): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of demoTables) {
    const [row] = await sql<{ count: number }[]>`select count(*)::int as count from ${sql(table)}`;
    counts[table] = row!.count;
  }
  return counts;
}

/** The data key a bench database is sealed with: beside the PGlite folder, or one for every PostgreSQL bench database. */
export function benchDataKeyFile(source: { databaseUrl: string } | { dataDirectory: string }): string {
  return path.join('databaseUrl' in source ? path.join(os.tmpdir(), 'gridatlas-bench') : source.dataDirectory, 'data-key');
}

const prepareUsage = `Usage: npx tsx bench/prepare.ts --scale F [--database-url URL | --data-dir DIR] [--fresh] [--insert]
  Load only: migrate and load the demo zone at a scale into a bench database (what npm run bench does
  first), with a progress bar, then print the rows per table and the time. No measurement.
  --scale F             1 = 57 grids / ~20k households; 100 ≈ 5,700 grids / 2 M households / 1.9 M incidents
  --database-url URL    PostgreSQL + PostGIS database, created if missing (default $DATABASE_URL; neither →
                        PGlite in --data-dir). Never gridatlas_template_* / gridatlas_test_*.
  --data-dir DIR        PGlite data folder (default /tmp/gridatlas-bench/pglite-scale-F)
  --fresh               drop the database / data folder first (otherwise a loaded one is left as it is)
  --insert              write with multi-row INSERTs as on PGlite, not COPY (to compare the two)`;

async function prepareMain(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean', default: false },
      insert: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${prepareUsage}\n`);
    return 0;
  }
  const scale = Number(values.scale ?? 1);
  if (!(scale > 0)) {
    process.stderr.write(`--scale must be a positive number, got "${values.scale}"\n${prepareUsage}\n`);
    return 2;
  }
  const log = (message: string) => process.stderr.write(`[prepare ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL ?? undefined;
  const dataDirectory = path.resolve(values['data-dir'] ?? path.join(os.tmpdir(), 'gridatlas-bench', `pglite-scale-${scale}`));
  if (databaseUrl) await ensurePostgresDatabase(databaseUrl, { fresh: values.fresh });
  else if (values.fresh) fs.rmSync(dataDirectory, { recursive: true, force: true });
  const source = databaseUrl ? { databaseUrl } : { dataDirectory };
  const keyFile = benchDataKeyFile(source);
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  const dataKey = DataKey.load({ environmentKey: undefined, keyFile });
  const prepared = await prepareDatabase(source, { scale, dataKey, log, bulkWrite: values.insert ? 'insert' : undefined });
  const database = await openDatabase(source);
  try {
    const counts = await countDemoTables(database.sql);
    const rows = Object.values(counts).reduce((sum, count) => sum + count, 0);
    const width = Math.max(...Object.keys(counts).map((table) => table.length));
    for (const [table, count] of Object.entries(counts)) process.stdout.write(`  ${table.padEnd(width)} ${count.toLocaleString('en').padStart(12)}\n`);
    if (prepared.loadSeconds === null) {
      process.stdout.write(`already loaded (${rows.toLocaleString('en')} rows): nothing done; --fresh loads again\n`);
    } else {
      process.stdout.write(
        `loaded ${rows.toLocaleString('en')} rows in ${prepared.loadSeconds.toFixed(1)} s ` +
          `(${Math.round(rows / prepared.loadSeconds).toLocaleString('en')} rows/s, loader alone ${((prepared.summary?.milliseconds ?? 0) / 1000).toFixed(1)} s)\n`,
      );
    }
  } finally {
    await database.close();
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  prepareMain().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`prepare failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
