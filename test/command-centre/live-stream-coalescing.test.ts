import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import {
  audienceSees,
  LiveEventHub,
  memoryTransport,
  type LiveEventArea,
  type LiveEventInput,
  type StreamAudience,
} from '../../server/stream/live-event-hub.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';
import { SseReader, wait } from './sse-reader.ts';

/**
 * Issue 21 §5: events queued for a subscriber leave in one write. Many events published in one
 * tick reach each subscriber complete and in order in fewer chunks than events, and who sees what
 * is exactly `audienceSees` as before.
 */

const event = (area: LiveEventArea, payload: Record<string, unknown> = {}): LiveEventInput => ({ type: 'incident.changed', payload, area });

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('coalesced fan-out (hub in memory)', () => {
  it('a burst published in one tick reaches a subscriber complete, in order, in fewer writes than events', async () => {
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0 });
    const dispatcher = new SseReader(hub.subscribe({ kind: 'all' }).stream);
    const worker = new SseReader(hub.subscribe({ kind: 'worker', workerId: 7, gridId: 10 }).stream);
    await dispatcher.drain(20); // the `: connected` comment
    await worker.drain(20);
    const chunksBefore = [dispatcher.chunks.length, worker.chunks.length];
    const writesBefore = hub.statistics.writes;

    // 60 events in the same tick: grid 10, grid 11, and grid 11 assigned to worker 7 in turn
    const published = Array.from({ length: 60 }, (_, index) => {
      const kind = index % 3;
      return hub.publish(event(kind === 0 ? { communityId: 1, gridId: 10 } : kind === 1 ? { communityId: 1, gridId: 11 } : { communityId: 1, gridId: 11, workerId: 7 }, { index }));
    });
    await Promise.all(published);

    const all = await dispatcher.until((events) => events.length >= 60);
    expect(all.map((entry) => entry.data.payload.index)).toEqual(Array.from({ length: 60 }, (_, index) => index));
    expect(all.map((entry) => Number(entry.id))).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    const seenByWorker = await worker.until((events) => events.length >= 40);
    await worker.drain(50);
    // visibility unchanged: their grid and the cases assigned to them, nothing of grid 11 otherwise
    expect(worker.events.map((entry) => entry.data.payload.index)).toEqual(Array.from({ length: 60 }, (_, index) => index).filter((index) => index % 3 !== 1));
    expect(seenByWorker).toHaveLength(40);

    const dispatcherChunks = dispatcher.chunks.length - chunksBefore[0]!;
    const workerChunks = worker.chunks.length - chunksBefore[1]!;
    expect(dispatcherChunks).toBeLessThan(60);
    expect(workerChunks).toBeLessThan(40);
    // one write each for the whole burst (it fits in one 64 KiB write)
    expect(dispatcherChunks).toBe(1);
    expect(workerChunks).toBe(1);
    expect(hub.statistics.writes - writesBefore).toBe(2);
    expect(hub.statistics.encoded).toBe(60);
    await hub.stop();
  });

  it('subscribers that saw the same events share one joined buffer', async () => {
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0 });
    const readers = [1, 2, 3].map(() => new SseReader(hub.subscribe({ kind: 'all' }).stream));
    for (const reader of readers) await reader.drain(20);
    for (let index = 0; index < 5; index++) void hub.publish(event({ gridId: 1 }, { index }));
    for (const reader of readers) await reader.until((events) => events.length === 5);
    const lastChunks = readers.map((reader) => reader.chunks.at(-1)!);
    expect(lastChunks[1]).toBe(lastChunks[0]);
    expect(lastChunks[2]).toBe(lastChunks[0]);
    await hub.stop();
  });

  it('the audience index delivers exactly what audienceSees allows (random audiences and areas)', async () => {
    const next = random(21);
    const pick = <T>(values: T[]): T => values[Math.floor(next() * values.length)]!;
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0 });
    const audiences: StreamAudience[] = Array.from({ length: 40 }, () =>
      next() < 0.5
        ? { kind: 'worker', workerId: pick([null, 1, 2, 3]), gridId: pick([null, 1, 2, 3, 4]) }
        : {
            kind: 'all',
            ...(next() < 0.5 ? { communityId: pick([1, 2]) } : {}),
            ...(next() < 0.5 ? { gridId: pick([1, 2, 3, 4]) } : {}),
          },
    );
    const readers = audiences.map((audience) => new SseReader(hub.subscribe(audience).stream));
    const inputs: LiveEventInput[] = Array.from({ length: 200 }, (_, index) =>
      index % 37 === 0
        ? { type: 'layout.changed', payload: { index }, area: {} }
        : event(
            {
              ...(next() < 0.8 ? { communityId: pick([1, 2, null]) } : {}),
              ...(next() < 0.8 ? { gridId: pick([1, 2, 3, 4, null]) } : {}),
              ...(next() < 0.5 ? { workerId: pick([1, 2, 3, null]) } : {}),
            },
            { index },
          ),
    );
    // half in one burst, half one by one
    await Promise.all(inputs.slice(0, 100).map((input) => hub.publish(input)));
    for (const input of inputs.slice(100)) await hub.publish(input);
    let total = 0;
    for (const [position, reader] of readers.entries()) {
      const expected = inputs.flatMap((input, index) => (audienceSees(audiences[position]!, input) ? [index] : []));
      total += expected.length;
      if (expected.length > 0) await reader.until((events) => events.length >= expected.length);
      await reader.drain(10);
      expect(reader.events.map((entry) => entry.data.payload.index), JSON.stringify(audiences[position])).toEqual(expected);
    }
    expect(hub.statistics.delivered).toBe(total);
    await hub.stop();
  });

  it('a reader that fell behind gets its backlog in writes of at most maxWriteBytes, complete and in order', async () => {
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0, maxWriteBytes: 1024, maxQueuedBytes: 64 * 1024 });
    const subscription = hub.subscribe({ kind: 'all' });
    // nobody reads yet: 30 events of ~300 bytes wait in the hub
    for (let index = 0; index < 30; index++) await hub.publish(event({ gridId: 1 }, { index, filler: 'z'.repeat(200) }));
    const reader = new SseReader(subscription.stream);
    const events = await reader.until((seen) => seen.length >= 30);
    expect(events.map((entry) => entry.data.payload.index)).toEqual(Array.from({ length: 30 }, (_, index) => index));
    expect(reader.chunks.length).toBeLessThan(30);
    for (const chunk of reader.chunks) expect(chunk.byteLength).toBeLessThanOrEqual(1024);
    await hub.stop();
  });

  it('a graceful end (stop, recycling) still delivers what was pending', async () => {
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0 });
    const subscription = hub.subscribe({ kind: 'all' });
    for (let index = 0; index < 3; index++) await hub.publish(event({}, { index }));
    await hub.stop();
    const reader = new SseReader(subscription.stream);
    await expect(reader.until(() => false, 500)).rejects.toThrow(/stream ended/);
    expect(reader.events.map((entry) => entry.data.payload.index)).toEqual([0, 1, 2]);
  });
});

describe(`coalesced fan-out over HTTP (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let hub: LiveEventHub;
  let world: AccountsWorld;
  let server: ServerType;
  let baseUrl: string;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    const built = createTestApp(database);
    app = built.app;
    hub = built.context.liveEvents;
    await hub.start();
    world = await buildAccountsWorld(database.sql, testDataKey);
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await hub.stop();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  });

  it('a batch published at once reaches a socket client complete and in order, in fewer writes than events; the worker still sees only their grid', async () => {
    const [gridOfWorker, otherGrid] = world.territory.gridIds as [number, number];
    const communityId = world.territory.communityId;
    const worker = new SseReader(
      (await app.request('/api/stream', { headers: await sessionFor(database.sql, world.users.worker) })).body!,
    );

    // a real socket: count the body chunks as they arrive
    const received: string[] = [];
    let text = '';
    const headers = { ...(await sessionFor(database.sql, world.users.dispatcher)), Accept: 'text/event-stream' };
    // counted from before the connection: the switch to the socket may come with the first pull, before the batch
    const directBefore = hub.statistics.direct;
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(`${baseUrl}/api/stream`, { headers }, resolve).on('error', reject);
    });
    expect(response.statusCode).toBe(200);
    response.setEncoding('utf8');
    let chunks = 0;
    response.on('data', (chunk: string) => {
      if (chunk.includes('data:')) chunks++;
      text += chunk;
      let boundary: number;
      while ((boundary = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, boundary);
        text = text.slice(boundary + 2);
        const data = block.split('\n').find((line) => line.startsWith('data: '));
        if (data) received.push(JSON.stringify(JSON.parse(data.slice(6)).payload.index));
      }
    });
    await wait(100); // the `: connected` comment
    const writesBefore = hub.statistics.writes;

    const batch = Array.from({ length: 40 }, (_, index) =>
      event({ communityId, gridId: index % 2 === 0 ? gridOfWorker : otherGrid }, { index }),
    );
    await hub.publishMany(batch);
    const deadline = Date.now() + 5000;
    while (received.length < 40 && Date.now() < deadline) await wait(20);
    expect(received).toEqual(batch.map((_, index) => String(index)));
    const writes = hub.statistics.writes - writesBefore;
    // both subscribers: far fewer writes than the 40 + 20 events they received
    expect(writes).toBeLessThan(20);
    expect(chunks).toBeLessThan(40);
    // the socket client's writes went straight to its socket (the in-process reader's cannot)
    expect(hub.statistics.direct - directBefore).toBe(1);

    const seenByWorker = await worker.until((events) => events.length >= 20);
    await worker.drain(100);
    expect(seenByWorker.map((entry) => entry.data.payload.index)).toEqual(batch.flatMap((_, index) => (index % 2 === 0 ? [index] : [])));
    expect(worker.chunks.filter((chunk) => new TextDecoder().decode(chunk).includes('data:')).length).toBeLessThan(20);
    response.destroy();
    await worker.cancel();
  });
  it('over a socket, framed chunks written directly end cleanly when the stream is recycled, heartbeats included', async () => {
    const small = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0, heartbeatMilliseconds: 500, maxConnectionMilliseconds: 1500 });
    const built = createTestApp(database);
    built.context.liveEvents = small;
    const { createApp } = await import('../../server/app.ts');
    const recycledApp = createApp(built.context);
    const own = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: recycledApp.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    try {
      const headers = { ...(await sessionFor(database.sql, world.users.dispatcher)), Accept: 'text/event-stream' };
      const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http.get(`http://127.0.0.1:${(own.address() as AddressInfo).port}/api/stream`, { headers }, resolve).on('error', reject);
      });
      response.setEncoding('utf8');
      let body = '';
      response.on('data', (chunk: string) => (body += chunk));
      const ended = new Promise<string>((resolve, reject) => {
        response.on('end', () => resolve('end'));
        response.on('error', reject);
        response.on('aborted', () => reject(new Error('aborted')));
      });
      await wait(60);
      for (let round = 0; round < 5; round++) {
        // a single event, then a burst of three: both shapes of direct write
        await small.publish(event({ gridId: 1 }, { index: round * 4 }));
        await wait(10);
        await Promise.all([1, 2, 3].map((offset) => small.publish(event({ gridId: 1 }, { index: round * 4 + offset }))));
        await wait(30);
      }
      // the server closes the stream after 1.5 s (long enough for the 20 events on a busy machine): the
      // response ends with its final chunk, no parse error
      expect(await ended).toBe('end');
      const indexes = [...body.matchAll(/"index":(\d+)/g)].map((match) => Number(match[1]));
      expect(indexes).toEqual(Array.from({ length: 20 }, (_, index) => index));
      expect(body).toContain(': heartbeat');
      expect(body.startsWith('retry: 3000\n: connected\n\n')).toBe(true);
      expect(small.statistics.direct).toBe(1);
      expect(small.statistics.writes).toBeLessThan(20);
    } finally {
      await small.stop();
      await new Promise((resolve) => own.close(resolve));
    }
  });
});
