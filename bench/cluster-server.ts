import { spawn } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from './measure.ts';

/**
 * `npm start` as operators run it with GRIDATLAS_PROCESSES > 1 (server/cluster.ts), on the bench's
 * database: spawned from the repository, resolved with the URL of its "Ready" line, stopped by
 * SIGTERM. Used by the lookup section for its multi-process row (PostgreSQL only).
 */
export async function startClusterServer(options: {
  databaseUrl: string;
  processes: number;
  dataKeyFile: string;
}): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repositoryRoot, 'server', 'main.ts'), '--no-build'], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      GRIDATLAS_PROCESSES: String(options.processes),
      PORT: '0',
      HOST: '127.0.0.1',
      GRIDATLAS_DEMO: 'false',
      GRIDATLAS_DATA_KEY_FILE: options.dataKeyFile,
      GRIDATLAS_ESCALATION_SECONDS: '3600',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cluster did not start:\n${output}`)), 180_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Ready in [0-9.]+ s — open (http:\/\/\S+) \(\d+ processes\)/.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the cluster exited (${code}):\n${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
