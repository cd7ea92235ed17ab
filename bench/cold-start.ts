import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repositoryRoot, round } from './measure.ts';
import { dropPostgresDatabase, ensurePostgresDatabase } from './prepare.ts';

/**
 * 7. Cold start of `npm start` (scripts/start.mjs: the compiled server, without the web build): on
 * an empty data folder (or empty database) — migrate and, unless `demo` is false, load the demo
 * zone — and again on the folder it left. Baseline: Node starting and exiting, the floor of any
 * start. The Ready line's phase list (server/start-timings.ts) is kept with each figure.
 */

function startOnce(environment: NodeJS.ProcessEnv, script: string[]): Promise<{ milliseconds: number; phases: string }> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, script, {
      cwd: repositoryRoot,
      env: { ...process.env, ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!ready && /Ready in /.test(output)) {
        ready = true;
        const milliseconds = performance.now() - startedAt;
        const phases = /Ready in [^\n]* — ([^\n]*)/.exec(output)?.[1] ?? '';
        child.on('exit', () => resolve({ milliseconds, phases }));
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!ready) reject(new Error(`server exited with ${code} before it was ready:\n${output.slice(-2000)}`));
    });
  });
}

function floorOnce(): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, ['-e', 'process.exit(0)'], { cwd: repositoryRoot, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - startedAt));
  });
}

export async function benchColdStart(options: { databaseUrl: string | undefined; demo: boolean; log: (message: string) => void }) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-bench-cold-'));
  const coldUrl = options.databaseUrl ? withDatabaseName(options.databaseUrl, `${databaseName(options.databaseUrl)}_cold`) : undefined;
  const environment: NodeJS.ProcessEnv = {
    PORT: '0',
    GRIDATLAS_DATA_DIR: path.join(folder, 'db'),
    GRIDATLAS_DATA_KEY_FILE: path.join(folder, 'data-key'),
    GRIDATLAS_DEMO: options.demo ? 'true' : 'false',
    DATABASE_URL: coldUrl ?? '',
  };
  try {
    if (coldUrl) await ensurePostgresDatabase(coldUrl, { fresh: true });
    options.log(`cold start: empty ${coldUrl ? 'database' : 'data folder'}${options.demo ? ' (loads the demo zone)' : ''}`);
    const empty = await startOnce(environment, ['scripts/start.mjs', '--no-build']);
    options.log('cold start: existing data');
    const existing = await startOnce(environment, ['scripts/start.mjs', '--no-build']);
    const floor = await floorOnce();
    return {
      emptySeconds: round(empty.milliseconds / 1000),
      existingSeconds: round(existing.milliseconds / 1000),
      demoLoadedOnEmpty: options.demo,
      phases: { empty: empty.phases, existing: existing.phases },
      baseline: { nodeSeconds: round(floor / 1000) },
      ratioExistingToFloor: round(existing.milliseconds / floor, 2),
      note: '`npm start` (compiled server) without the web build (--no-build); time from spawn to the "Ready" line',
    };
  } finally {
    if (coldUrl) await dropPostgresDatabase(coldUrl).catch(() => {});
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
}

function withDatabaseName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
