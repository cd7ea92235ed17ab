import autocannon from 'autocannon';

/**
 * HTTP load in its own process (autocannon), so the load generator does not share an event loop
 * with the server it measures. Input: one JSON argument; output: one JSON line on stdout.
 */
interface LoadInput {
  url: string;
  paths: string[];
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  /** Unrecorded load first, so the figures are of the optimised (JIT-compiled) code. */
  warmupSeconds?: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as LoadInput;
const requests = input.paths.map((path) => ({ method: 'GET', path }));
if (input.warmupSeconds) {
  await autocannon({ url: input.url, connections: input.connections, duration: input.warmupSeconds, headers: input.headers ?? {}, requests });
}
const result = await autocannon({
  url: input.url,
  connections: input.connections,
  duration: input.durationSeconds,
  headers: input.headers ?? {},
  requests,
});
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.total / result.duration,
    total: result.requests.total,
    durationSeconds: result.duration,
    latencyMilliseconds: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  })}\n`,
);
