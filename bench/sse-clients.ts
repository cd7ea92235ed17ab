import http from 'node:http';
import readline from 'node:readline';

/**
 * Many Server-Sent-Events subscribers in their own process. Opens `count` streams (stream `i` with
 * the session `sessions[i % sessions.length]`: the server caps open streams per session), prints
 * `ready <connected>` once all are open, records for every received `data:` line how long after its
 * `payload.sentAt` (epoch ms, same machine clock) it arrived, and on `stop` (stdin) prints one JSON
 * line with the delivery latencies, the number of body chunks that carried them (fewer chunks than
 * events: the server coalesced queued events into one write) and closes everything.
 */
interface SseInput {
  url: string;
  /** One header set per session; `headers` (one session) is still understood. */
  sessions?: Record<string, string>[];
  headers?: Record<string, string>;
  count: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as SseInput;
const sessions = input.sessions ?? [input.headers ?? {}];
const latencies: number[] = [];
const requests: http.ClientRequest[] = [];
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
let connected = 0;
let failed = 0;
let received = 0;
let dropped = 0;
/** Body chunks that held at least one measured event. */
let eventChunks = 0;
const failedStatuses: Record<string, number> = {};

function open(index: number): Promise<void> {
  return new Promise((resolve) => {
    const headers = { ...sessions[index % sessions.length], Accept: 'text/event-stream' };
    const request = http.get(input.url, { agent, headers }, (response) => {
      if (response.statusCode !== 200) {
        failed += 1;
        failedStatuses[String(response.statusCode)] = (failedStatuses[String(response.statusCode)] ?? 0) + 1;
        response.resume();
        resolve();
        return;
      }
      connected += 1;
      response.setEncoding('utf8');
      let buffered = '';
      response.on('data', (chunk: string) => {
        buffered += chunk;
        let counted = false;
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (line.startsWith('data:')) {
            const sentAt = Number((JSON.parse(line.slice(5)) as { payload?: { sentAt?: number } }).payload?.sentAt);
            if (Number.isFinite(sentAt)) {
              latencies.push(Date.now() - sentAt);
              received += 1;
              if (!counted) eventChunks += 1;
              counted = true;
            }
          }
          newline = buffered.indexOf('\n');
        }
      });
      response.on('close', () => {
        if (!stopping) dropped += 1;
      });
      resolve();
    });
    request.on('error', () => {
      if (!stopping) failed += 1;
      resolve();
    });
    requests.push(request);
  });
}

let stopping = false;
// open in waves so the listen backlog is not overrun
for (let opened = 0; opened < input.count; opened += 100) {
  await Promise.all(Array.from({ length: Math.min(100, input.count - opened) }, (_, offset) => open(opened + offset)));
}
process.stdout.write(`ready ${connected}\n`);

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'stop') return;
  stopping = true;
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (fraction: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!);
  process.stdout.write(
    `${JSON.stringify({
      connected, failed, failedStatuses, dropped, received, eventChunks,
      latencyMilliseconds: { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? null },
    })}\n`,
  );
  for (const request of requests) request.destroy();
  agent.destroy();
  setTimeout(() => process.exit(0), 100);
});
