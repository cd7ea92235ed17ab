import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Timing and statistics helpers for the benchmarks. Every figure is reported beside a baseline. */

export const benchDirectory = path.dirname(fileURLToPath(import.meta.url));
export const repositoryRoot = path.resolve(benchDirectory, '..');

export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

export function distribution(samples: number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    min: round(sorted[0] ?? 0),
    max: round(sorted.at(-1) ?? 0),
    mean: round(sorted.reduce((sum, value) => sum + value, 0) / Math.max(sorted.length, 1)),
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The ratio of a figure to its baseline, rounded for reading. */
export function ratio(measured: number, baseline: number): number {
  return baseline === 0 ? Number.POSITIVE_INFINITY : round(measured / baseline, 3);
}

/** Run `task` `repetitions` times one after another (after `warmup` unrecorded runs): milliseconds each. */
export async function timeRepeated(repetitions: number, task: () => Promise<unknown>, warmup = 1): Promise<number[]> {
  for (let index = 0; index < warmup; index += 1) await task();
  const samples: number[] = [];
  for (let index = 0; index < repetitions; index += 1) {
    const startedAt = performance.now();
    await task();
    samples.push(performance.now() - startedAt);
  }
  return samples;
}

/**
 * Closed-loop load: `concurrency` callers each run `task` back to back for `seconds`.
 * Used for the SQL ceilings, run from this process straight through postgres.js.
 */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  task: (iteration: number) => Promise<unknown>,
): Promise<{ requestsPerSecond: number; total: number; latencyMilliseconds: Distribution; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let iteration = 0;
  const startedAt = performance.now();
  const endAt = startedAt + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < endAt) {
        const callStartedAt = performance.now();
        try {
          await task(iteration++);
          latencies.push(performance.now() - callStartedAt);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  return { requestsPerSecond: round(latencies.length / elapsedSeconds), total: latencies.length, latencyMilliseconds: distribution(latencies), errors };
}

/** Run a bench helper script (load-generator.ts, sse-clients.ts) in its own Node process under tsx. */
export function spawnHelper(script: string, input: unknown) {
  return spawn(process.execPath, ['--import', 'tsx', path.join(benchDirectory, script), JSON.stringify(input)], {
    cwd: repositoryRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Run a helper that prints one JSON line and exits. */
export function runHelper<T>(script: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawnHelper(script, input);
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${output}`));
      try {
        resolve(JSON.parse(output.trim().split('\n').at(-1)!) as T);
      } catch (error) {
        reject(new Error(`${script} printed no result: ${output} (${(error as Error).message})`));
      }
    });
  });
}

export function megabytes(bytes: number): number {
  return round(bytes / 1024 / 1024, 1);
}
