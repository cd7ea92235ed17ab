import fs from 'node:fs';
import postgres from 'postgres';
import { ensureDemoAccounts } from '../server/accounts/bootstrap-accounts.ts';
import { newCsrfToken, newSessionToken, sessionCookieName } from '../server/accounts/session-token.ts';
import { createSession } from '../server/accounts/accounts.repo.ts';
import type { Role } from '../server/accounts/roles.ts';
import { openDatabase, type Database, type Queryable } from '../server/db/connect.ts';
import { migrate } from '../server/db/migrate.ts';
import { databaseHasTerritory, loadDemoZone } from '../server/demo/load-demo-zone.ts';
import { DataKey } from '../server/personal-data/data-key.ts';
import { sealPersonalData } from '../server/personal-data/seal-personal-data.ts';
import { seedDemoEmergencyAssets } from '../server/risks/emergency-assets.repo.ts';

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
}

/**
 * Migrate and load the demo zone at `scale` unless the database already has a territory (then it
 * is reused as it is: the counts in the results say what was measured).
 */
export async function prepareDatabase(
  source: { databaseUrl: string } | { dataDirectory: string },
  options: { scale: number; dataKey: DataKey; log: (message: string) => void },
): Promise<Prepared> {
  if ('dataDirectory' in source) fs.mkdirSync(source.dataDirectory, { recursive: true });
  const database = await openDatabase(source);
  try {
    await migrate(database.sql);
    if (await databaseHasTerritory(database.sql)) {
      options.log('database already holds a territory: reusing it');
      return { loadSeconds: null };
    }
    options.log(`loading the demo zone at scale ${options.scale}…`);
    const startedAt = performance.now();
    let lastPhase = '';
    await loadDemoZone(database.sql, {
      now: benchNow,
      scale: options.scale,
      dataKey: options.dataKey,
      onProgress: ({ phase }) => {
        if (phase !== lastPhase) options.log(`  ${phase}`);
        lastPhase = phase;
      },
    });
    await sealPersonalData(database.sql, options.dataKey);
    await seedDemoEmergencyAssets(database.sql, benchNow);
    await ensureDemoAccounts(database.sql);
    await database.sql`analyze`;
    return { loadSeconds: (performance.now() - startedAt) / 1000 };
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
