import cluster from 'node:cluster';
import { readConfig } from './config.ts';
import { announceReady, startCluster } from './cluster.ts';
import { DatabaseStartupError } from './db/database-errors.ts';
import { startServer } from './server.ts';
import { StartTimings } from './start-timings.ts';
import { ensureWebBuilt } from './web/web-build.ts';

/**
 * `npm start`: build the web app if needed, migrate, serve API and web on one origin — in one
 * process, or with GRIDATLAS_PROCESSES > 1 on PostgreSQL (the default there: one per core) in a
 * cluster of processes sharing the port (server/cluster.ts).
 */
async function main(): Promise<void> {
  const timings = new StartTimings();
  // from the process's start to here: Node, the launcher (scripts/start.mjs) and loading the modules
  timings.add('node + modules', performance.now());
  const config = await timings.phase('config', () => readConfig());
  const prefix = cluster.isWorker ? `[gridatlas ${config.processIndex ?? cluster.worker?.id}]` : '[gridatlas]';
  const log = (message: string) => console.log(`${prefix} ${message}`);
  let close: () => Promise<void>;
  if (cluster.isWorker) {
    // a cluster's API process: the primary prepared the database; process 0 runs the periodic tasks
    const server = await startServer(config, log, { prepared: true, schedulers: config.processIndex === 0, timings });
    close = () => server.close();
    announceReady(server.url);
  } else {
    if (!process.argv.includes('--no-build')) await timings.phase('web build check', () => ensureWebBuilt(log));
    // the Ready line ends with where the seconds went (server/start-timings.ts)
    if (config.processes > 1) {
      const running = await startCluster(config, log, timings);
      close = () => running.close();
      log(`Ready in ${StartTimings.sinceProcessStart()} — open ${running.url} (${running.processes} processes) — ${timings.describe()}`);
    } else {
      const server = await startServer(config, log, { timings });
      close = () => server.close();
      log(`Ready in ${StartTimings.sinceProcessStart()} — open ${server.url} — ${timings.describe()}`);
    }
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!cluster.isWorker) log(`${signal}: shutting down`);
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseStartupError) {
    console.error(`[gridatlas] Cannot start: ${error.message}`);
  } else {
    console.error('[gridatlas] Cannot start:', error);
  }
  process.exit(1);
});
