import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.ts';
import { prepareDatabase } from './server.ts';
import type { StartTimings } from './start-timings.ts';

export interface RunningCluster {
  url: string;
  processes: number;
  close(): Promise<void>;
}

/**
 * GRIDATLAS_PROCESSES > 1 (PostgreSQL only): this primary prepares the database once (migrations,
 * demo, first administrator), then forks that many API processes sharing one port (node:cluster
 * hands out connections in turn). What must agree across them lives in PostgreSQL: the live stream
 * (LISTEN/NOTIFY, server/stream), rate limits (rate_limit_windows), the grid index's layout revision
 * (each process rebuilds when it moves, within a second). Process 0 alone runs the periodic tasks.
 * A process that dies is started again. Used by `npm start` (server/main.ts).
 */
export async function startCluster(config: Config, log: (message: string) => void, timings?: StartTimings): Promise<RunningCluster> {
  await prepareDatabase(config, log, timings);
  let stopping = false;
  let url = '';
  const start = (index: number): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ GRIDATLAS_PROCESS_INDEX: String(index) });
      worker.on('message', (message: { type?: string; url?: string }) => {
        if (message?.type === 'ready') {
          url = message.url ?? url;
          resolve(worker);
        }
      });
      worker.on('exit', (code, signal) => {
        if (stopping) return;
        log(`process ${index} ended (${signal ?? code}); starting it again`);
        reject(new Error(`process ${index} ended before it was ready`));
        setTimeout(() => void start(index).then((replacement) => workers.splice(index, 1, replacement), () => {}), 1000);
      });
    });
  const workers: Worker[] = [];
  // the first process opens the port; the others then share it (with PORT=0 all get the same port)
  const startProcesses = async () => {
    workers.push(await start(0));
    workers.push(...(await Promise.all(Array.from({ length: config.processes - 1 }, (_, offset) => start(offset + 1)))));
  };
  await (timings ? timings.phase('API processes', startProcesses) : startProcesses());
  return {
    url,
    processes: config.processes,
    async close() {
      stopping = true;
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** In a cluster's process: tell the primary where this process serves, once it does. */
export function announceReady(url: string): void {
  if (cluster.isWorker) process.send?.({ type: 'ready', url });
}
