import { parseArgs } from 'node:util';
import { demoAccounts, demoPassword, ensureDemoAccounts } from '../accounts/bootstrap-accounts.ts';
import { readConfig } from '../config.ts';
import { openDatabase, type Sql } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { databaseHasTerritory, defaultDemoSeed, loadDemoZone, type DemoSummary } from './load-demo-zone.ts';
import { DataKey } from '../personal-data/data-key.ts';
import { sealPersonalData } from '../personal-data/seal-personal-data.ts';
import { seedDemoEmergencyAssets } from '../risks/emergency-assets.repo.ts';
import { createProgressBar } from './progress-bar.ts';

/**
 * `npm run demo [-- --seed N --now ISO --scale F]` loads the synthetic demo zone into the
 * configured database (DATABASE_URL, or the embedded one in GRIDATLAS_DATA_DIR);
 * `npm run demo:reset` (`--reset`) wipes the database first. Without --reset it refuses to
 * touch a database that already has a territory.
 */
const usage = `Usage: demo-command [--seed N] [--now ISO-8601] [--scale F] [--reset]
  --seed N     random seed (default ${defaultDemoSeed}); same seed and --now give the same data
  --now ISO    end of the twelve months of incidents (default: now)
  --scale F    1 = the example zone (57 grids); 175 ≈ 10,000 grids
  --reset      drop everything in the database (schema public) and migrate again first`;

async function main(): Promise<number> {
  let options;
  try {
    options = parseArgs({
      options: {
        seed: { type: 'string' },
        now: { type: 'string' },
        scale: { type: 'string' },
        reset: { type: 'boolean', default: false },
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
  const seed = options.seed === undefined ? defaultDemoSeed : Number(options.seed);
  const now = options.now === undefined ? new Date() : new Date(options.now);
  const scale = options.scale === undefined ? 1 : Number(options.scale);
  if (!Number.isInteger(seed)) return fail(`--seed must be an integer, got "${options.seed}"`);
  if (Number.isNaN(now.getTime())) return fail(`--now must be an ISO-8601 date, got "${options.now}"`);
  if (!(scale > 0)) return fail(`--scale must be a positive number, got "${options.scale}"`);

  const config = readConfig();
  const database = await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDirectory: config.dataDirectory });
  const where = config.databaseUrl ? 'PostgreSQL database' : `embedded database in ${config.dataDirectory}`;
  try {
    if (options.reset) {
      process.stderr.write(`Resetting the ${where}…\n`);
      await resetDatabase(database.sql);
    }
    await migrate(database.sql);
    if (await databaseHasTerritory(database.sql)) {
      return fail(`The ${where} already has a territory. Run with --reset (npm run demo:reset) to replace it with the demo.`);
    }
    process.stderr.write(`Loading the demo zone (seed ${seed}, scale ${scale}, incidents up to ${now.toISOString()}) into the ${where}\n`);
    const bar = createProgressBar();
    // ID numbers, residents' phones and reporters' contacts are sealed before their rows are first
    // written: nothing in clear reaches the heap or the WAL
    const dataKey = DataKey.load({ environmentKey: config.dataKey, keyFile: config.dataKeyFile });
    // COPY on real PostgreSQL (PGlite serves no COPY FROM STDIN); the next street generated in a worker meanwhile
    const summary = await loadDemoZone(database.sql, {
      seed, now, scale, dataKey,
      bulkWrite: database.mode === 'postgres' ? 'copy' : 'insert',
      generateAhead: true,
      onProgress: ({ phase, done, total }) => bar.update(phase, done, total),
    });
    bar.finish();
    await sealPersonalData(database.sql, dataKey);
    await seedDemoEmergencyAssets(database.sql);
    await ensureDemoAccounts(database.sql);
    process.stdout.write(formatSummary(summary));
    process.stdout.write(`Demo accounts (password ${demoPassword}): ${demoAccounts.map((account) => account.username).join(', ')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

/**
 * Drop and recreate schema public: the quickest complete wipe, and the only one that also clears
 * the append-only audit log. PostGIS lives in public, so it goes too; migration 0001 recreates it.
 */
async function resetDatabase(sql: Sql): Promise<void> {
  await sql`drop schema if exists public cascade`;
  await sql`create schema public`;
  await sql`grant all on schema public to public`;
}

function formatSummary(summary: DemoSummary): string {
  const labels: [keyof DemoSummary, string][] = [
    ['streets', 'street offices'], ['communities', 'communities'], ['grids', 'grids'], ['vacancies', 'vacant grids'],
    ['workers', 'grid workers (incl. former)'], ['buildings', 'buildings'], ['households', 'households'],
    ['incidents', 'incidents'], ['incidentEvents', 'incident events'], ['riskSources', 'risk sources'], ['basemapFeatures', 'basemap features'],
  ];
  const lines = labels.map(([key, label]) => `  ${label.padEnd(28)} ${String(summary[key] ?? 0).padStart(10)}`);
  return `Demo zone loaded in ${((summary.milliseconds ?? 0) / 1000).toFixed(1)} s (synthetic data):\n${lines.join('\n')}\n`;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
