import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { AppContext } from './app-context.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database, type Queryable } from './db/connect.ts';
import { ensureIncidentPartitions } from './db/incident-partitions.ts';
import { migrate } from './db/migrate.ts';
import { databaseHasTerritory, loadDemoZone } from './demo/load-demo-zone.ts';
import { ensureDemoAccounts, ensureFirstAdmin, demoPassword, demoAccounts } from './accounts/bootstrap-accounts.ts';
import { RateLimiter } from './accounts/rate-limiter.ts';
import { GridSpatialIndex } from './lookup/grid-spatial-index.ts';
import { DataKey } from './personal-data/data-key.ts';
import { sealPersonalDataAtStart } from './personal-data/seal-personal-data.ts';
import { seedDemoEmergencyAssets } from './risks/emergency-assets.repo.ts';
import { describeDemoSummary, progressReporter } from './progress-reporter.ts';
import { serveWebApp } from './web/static-web.ts';
import { startDeadlineScheduler } from './incidents/deadline-scheduler.ts';
import { startPeriodicTask } from './periodic-task.ts';
import { publishDuePlans } from './plans/plan-lifecycle.ts';
import { LiveEventHub } from './stream/live-event-hub.ts';
import { untimed, type PhaseTimer } from './start-timings.ts';

export interface RunningServer {
  url: string;
  context: AppContext;
  close(): Promise<void>;
}

/**
 * Open the database, migrate, load the demo zone into an empty database, and serve API and web
 * on one origin. Used by `npm start`, the end-to-end tests and the benchmarks alike.
 */
export interface StartOptions {
  /** The cluster's primary already migrated and prepared the database (server/cluster.ts): skip that. */
  prepared?: boolean;
  /** Run the periodic tasks (escalation, plan publication); in a cluster only process 0 does. */
  schedulers?: boolean;
  /** Times each phase of the start for the Ready line (server/start-timings.ts). */
  timings?: PhaseTimer;
}

export async function startServer(
  config: Config,
  log: (message: string) => void = console.log,
  options: StartOptions = {},
): Promise<RunningServer> {
  const timings = options.timings ?? untimed;
  const openedAt = Date.now();
  const database: Database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDirectory: config.dataDirectory },
    timings,
  );
  log(
    database.mode === 'embedded'
      ? `Database: embedded PGlite + PostGIS in ${config.dataDirectory} (${elapsed(openedAt)})`
      : `Database: PostgreSQL at ${config.databaseUrl!.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1:***@')} (${elapsed(openedAt)})`,
  );
  const dataKey = DataKey.load({ environmentKey: config.dataKey, keyFile: config.dataKeyFile });
  if (!options.prepared) await prepareOpenedDatabase(config, database, dataKey, log, timings);
  return serveOpenedDatabase(config, database, dataKey, log, options.schedulers ?? true, timings);
}

/**
 * Migrate, load the demo zone into an empty database, seal ID numbers and make the first
 * administrator. Once per start: in a cluster the primary does it before forking (server/cluster.ts).
 */
export async function prepareDatabase(
  config: Config,
  log: (message: string) => void = console.log,
  timings: PhaseTimer = untimed,
): Promise<void> {
  const database: Database = await openDatabase(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDirectory: config.dataDirectory },
    timings,
  );
  try {
    await prepareOpenedDatabase(config, database, DataKey.load({ environmentKey: config.dataKey, keyFile: config.dataKeyFile }), log, timings);
  } finally {
    await database.close();
  }
}

async function prepareOpenedDatabase(
  config: Config,
  database: Database,
  dataKey: DataKey,
  log: (message: string) => void,
  timings: PhaseTimer,
): Promise<void> {
  try {
    const migration = await timings.phase('migrations', () => migrate(database.sql));
    if (migration.applied.length > 0) log(`Migrated to level ${migration.level}: ${migration.applied.join(', ')}`);
    // this month and the next three exist; cases that landed in a DEFAULT partition move to their month
    await timings.phase('partitions', () => ensureIncidentPartitions(database.sql));
    const loadDemo = config.loadDemoWhenEmpty && (await timings.phase('demo check', async () => !(await databaseHasTerritory(database.sql))));
    if (loadDemo) await timings.phase('demo load', async () => {
      log('Empty database: loading the synthetic demo zone 双凤 (set GRIDATLAS_DEMO=false to skip)…');
      const summary = await loadDemoZone(database.sql, { onProgress: progressReporter(log), dataKey });
      log(`Demo zone loaded: ${describeDemoSummary(summary)}`);
      await seedDemoEmergencyAssets(database.sql);
      await ensureDemoAccounts(database.sql);
      log(`Demo accounts (password ${demoPassword}): ${demoAccounts.map((account) => account.username).join(', ')}`);
    });
    await timings.phase('personal data sealing', () => sealPersonalDataAtStart(database.sql, dataKey, log));
    const firstAdmin = await timings.phase('accounts', () => ensureFirstAdmin(database.sql));
    if (firstAdmin) {
      log('────────────────────────────────────────────────────────────');
      log(`First start: administrator "${firstAdmin.username}", one-time password: ${firstAdmin.password}`);
      log('It is shown only now and must be changed at first sign-in.');
      log('────────────────────────────────────────────────────────────');
    }
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function serveOpenedDatabase(
  config: Config,
  database: Database,
  dataKey: DataKey,
  log: (message: string) => void,
  schedulers: boolean,
  timings: PhaseTimer,
): Promise<RunningServer> {
  // built right after the port opens, not before: every reader of it (lookups, tiles, health) awaits
  // ensureFresh, so a request that comes first waits for the same build instead of the whole start
  const gridIndex = new GridSpatialIndex(database.sql);
  // the command centre's live stream: LISTEN on PostgreSQL, and watch the layout revision (server/stream)
  const liveEvents = LiveEventHub.forDatabase(database, { log });
  await timings.phase('live events', () => liveEvents.start());
  // on PostgreSQL other processes (a cluster, other machines) may serve the same database: limits are kept there
  const limiters = createLimiters(database.mode === 'postgres' ? database.sql : undefined);
  const context: AppContext = { config, database, gridIndex, dataKey, limiters, liveEvents };
  // overdue escalation: state in the database, so it resumes after a restart (server/incidents/deadline-scheduler.ts)
  // (in a cluster only process 0 runs these; the others serve requests)
  const noTask = { stop: async () => {} };
  const deadlineScheduler = schedulers
    ? startDeadlineScheduler(database.sql, {
        intervalMilliseconds: Number(process.env.GRIDATLAS_ESCALATION_SECONDS ?? 60) * 1000,
        log,
      })
    : noTask;
  // scheduled plans become live when their effective date comes (server/plans/plan-lifecycle.ts)
  const publicationScheduler = schedulers
    ? startPeriodicTask(
        'plan publication scheduler',
        async () => {
          const outcome = await publishDuePlans(database.sql);
          if (outcome.published.length > 0) gridIndex.invalidate();
          return outcome;
        },
        { intervalMilliseconds: Number(process.env.GRIDATLAS_PUBLICATION_SECONDS ?? 30) * 1000, log },
      )
    : noTask;
  // the incidents' months (migration 0027): made at start for this month and three ahead; a server running
  // longer than that keeps getting them, and cases that landed in DEFAULT move to their month
  const partitionKeeper = schedulers
    ? startPeriodicTask('incident partitions', () => ensureIncidentPartitions(database.sql), { intervalMilliseconds: 6 * 3_600_000, log, passNow: false })
    : noTask;
  const app = await timings.phase('routes', () => {
    const created = createApp(context);
    serveWebApp(created);
    return created;
  });

  const server: ServerType = await timings.phase(
    'listen',
    () =>
      new Promise<ServerType>((resolve) => {
        const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(started));
      }),
  );
  gridIndex.ensureFresh().catch((error: unknown) => log(`Grid index: first build failed, the first lookup tries again (${(error as Error).message})`));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    context,
    async close() {
      // end the open event streams first: server.close waits for every connection to finish
      await liveEvents.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deadlineScheduler.stop();
      await publicationScheduler.stop();
      await partitionKeeper.stop();
      await database.close();
    },
  };
}

/**
 * Sign-in attempts per client address: 20 a minute is ample for a person, little for a script.
 * A resident files a few reports an hour at most (a household behind one NAT address: 10); photo
 * uploads, "me too" and ratings are cheaper; an Open311 client is another city system.
 */
export function createLimiters(shared?: Queryable): AppContext['limiters'] {
  // with a shared store (PostgreSQL, several processes) each limiter's rows carry its name
  const limiter = (name: string, limit: number, windowMilliseconds: number) =>
    new RateLimiter(limit, windowMilliseconds, shared ? { sql: shared, name } : undefined);
  return {
    loginPerAddress: limiter('login_per_address', 20, 60_000),
    residentReportsPerAddress: limiter('resident_reports_per_address', 10, 3_600_000),
    residentActionsPerAddress: limiter('resident_actions_per_address', 60, 3_600_000),
    open311PerKey: limiter('open311_per_key', 600, 3_600_000),
    trackingLookupsPerAddress: limiter('tracking_lookups_per_address', 60, 3_600_000),
  };
}

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
