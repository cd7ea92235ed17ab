import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { LiveEventHub, memoryTransport, type LiveEventInput } from '../../server/stream/live-event-hub.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';
import { SseReader, wait } from './sse-reader.ts';

const incidentIn = (gridId: number | null, extra: Partial<LiveEventInput['area']> = {}, payload: Record<string, unknown> = {}): LiveEventInput => ({
  type: 'incident.created',
  payload: { id: Math.floor(Math.random() * 1e6), ...payload },
  area: { communityId: 1, gridId, ...extra },
});

describe('live event hub (in memory)', () => {
  it('filters on the server: a worker gets only their grid (and cases assigned to them), the command centre all', async () => {
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0 });
    const worker = new SseReader(hub.subscribe({ kind: 'worker', workerId: 7, gridId: 10 }).stream);
    const dispatcher = new SseReader(hub.subscribe({ kind: 'all' }).stream);
    const otherCommunity = new SseReader(hub.subscribe({ kind: 'all', communityId: 2 }).stream);
    await hub.publish(incidentIn(10, {}, { mark: 'own grid' }));
    await hub.publish(incidentIn(11, {}, { mark: 'other grid' }));
    await hub.publish(incidentIn(11, { workerId: 7 }, { mark: 'assigned to the worker' }));
    await hub.publish(incidentIn(null, {}, { mark: 'no grid' }));
    await hub.publish({ type: 'layout.changed', payload: { revision: 5 }, area: {} });

    const workerEvents = await worker.until((events) => events.length >= 3);
    await worker.drain();
    expect(workerEvents.map((event) => event.data.payload.mark ?? event.event)).toEqual(['own grid', 'assigned to the worker', 'layout.changed']);
    const all = await dispatcher.until((events) => events.length >= 5);
    expect(all.map((event) => Number(event.id))).toEqual([1, 2, 3, 4, 5]);
    expect((await otherCommunity.until((events) => events.length >= 1)).map((event) => event.event)).toEqual(['layout.changed']);
    await otherCommunity.drain();
    expect(otherCommunity.events).toHaveLength(1);
    await hub.stop();
  });

  it('encodes each event once and writes the same Uint8Array to every subscriber', async () => {
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0 });
    const readers = [1, 2, 3].map(() => new SseReader(hub.subscribe({ kind: 'all' }).stream));
    await hub.publish(incidentIn(10));
    for (const reader of readers) await reader.until((events) => events.length === 1);
    const eventChunks = readers.map((reader) => reader.chunks.at(-1)!);
    expect(eventChunks[0]).toBe(eventChunks[1]);
    expect(eventChunks[1]).toBe(eventChunks[2]);
    expect(hub.statistics.encoded).toBe(1);
    expect(hub.statistics.delivered).toBe(3);
    await hub.stop();
  });

  it('replays what a reconnecting screen missed (Last-Event-ID), filtered, and says reset when the buffer no longer has it', async () => {
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0, replayCapacity: 5 });
    const first = hub.subscribe({ kind: 'worker', workerId: null, gridId: 10 });
    const reader = new SseReader(first.stream);
    await hub.publish(incidentIn(10, {}, { mark: 'a' }));
    const [seen] = await reader.until((events) => events.length === 1);
    first.close();
    await hub.publish(incidentIn(10, {}, { mark: 'b' }));
    await hub.publish(incidentIn(99, {}, { mark: 'not theirs' }));
    await hub.publish(incidentIn(10, {}, { mark: 'c' }));

    const again = new SseReader(hub.subscribe({ kind: 'worker', workerId: null, gridId: 10 }, Number(seen!.id)).stream);
    const replayed = await again.until((events) => events.length >= 2);
    expect(replayed.map((event) => event.data.payload.mark)).toEqual(['b', 'c']);
    expect(replayed.map((event) => Number(event.id))).toEqual([2, 4]);
    // live events continue after the replay, ids still increasing
    await hub.publish(incidentIn(10, {}, { mark: 'd' }));
    expect((await again.until((events) => events.length >= 3)).at(-1)!.data.payload.mark).toBe('d');

    // five more events evict id 1..5 from the 5-slot buffer: a screen that saw only id 1 must reload
    for (let index = 0; index < 5; index++) await hub.publish(incidentIn(10));
    const stale = new SseReader(hub.subscribe({ kind: 'all' }, 1).stream);
    const [reset] = await stale.until((events) => events.length >= 1);
    expect(reset!.event).toBe('reset');
    expect(hub.bufferedEvents().map((event) => event.id)).toEqual([6, 7, 8, 9, 10]);
    await hub.stop();
  });

  it('drops a client that never reads once its queue passes the limit, without touching the others', async () => {
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0, maxQueuedBytes: 4096 });
    const stalled = hub.subscribe({ kind: 'all' });
    const healthy = new SseReader(hub.subscribe({ kind: 'all' }).stream);
    expect(hub.subscriberCount).toBe(2);
    const filler = 'x'.repeat(400);
    for (let index = 0; index < 30; index++) {
      await hub.publish(incidentIn(10, {}, { filler }));
      await healthy.until((events) => events.length === index + 1);
    }
    expect(hub.subscriberCount).toBe(1);
    expect(hub.statistics.dropped).toBe(1);
    // the stalled stream was errored: its queue is gone, a late read fails
    await expect(stalled.stream.getReader().read()).rejects.toThrow(/slow consumer/);
    expect(healthy.events).toHaveLength(30);
    await hub.stop();
  });

  it('sends heartbeat comments and recycles long-lived streams', async () => {
    const hub = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0, heartbeatMilliseconds: 20, maxConnectionMilliseconds: 120 });
    const reader = new SseReader(hub.subscribe({ kind: 'all' }).stream);
    await wait(80);
    await reader.drain(20);
    expect(reader.comments).toBeGreaterThanOrEqual(2);
    await wait(120);
    await expect(reader.until(() => false, 200)).rejects.toThrow(/stream ended/);
    expect(hub.subscriberCount).toBe(0);
    await hub.stop();
  });
});

describe(`GET /api/stream over the app (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let hub: LiveEventHub;
  let world: AccountsWorld;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    const built = createTestApp(database);
    app = built.app;
    hub = built.context.liveEvents;
    await hub.start();
    world = await buildAccountsWorld(database.sql, testDataKey);
  });
  afterAll(async () => {
    await hub.stop();
    await database.close();
  });

  const open = async (role: 'worker' | 'dispatcher' | 'admin' | 'auditor', path = '/api/stream', headers: Record<string, string> = {}) => {
    const response = await app.request(path, { headers: { ...(await sessionFor(database.sql, world.users[role])), ...headers } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return new SseReader(response.body!);
  };

  it('refuses residents (no account) before any stream opens', async () => {
    expect((await app.request('/api/stream')).status).toBe(401);
  });

  it(`delivers to filtered subscribers only, the same bytes to each, with ids from the database`, async () => {
    expect(hub.transportKind).toBe(databaseMode === 'postgres' ? 'postgres-notify' : 'embedded');
    const worker = await open('worker');
    const dispatcher = await open('dispatcher');
    const admin = await open('admin');
    const [gridOfWorker, otherGrid] = world.territory.gridIds as [number, number];
    const encodedBefore = hub.statistics.encoded;
    await hub.publish({ type: 'incident.created', payload: { id: 1, mark: 'other' }, area: { communityId: world.territory.communityId, gridId: otherGrid } });
    await hub.publish({ type: 'incident.changed', payload: { id: 2, mark: 'own' }, area: { communityId: world.territory.communityId, gridId: gridOfWorker } });

    const seenByDispatcher = await dispatcher.until((events) => events.length >= 2);
    const seenByAdmin = await admin.until((events) => events.length >= 2);
    const seenByWorker = await worker.until((events) => events.length >= 1);
    await worker.drain();
    expect(seenByDispatcher.map((event) => event.data.payload.mark)).toEqual(['other', 'own']);
    expect(seenByWorker.map((event) => event.data.payload.mark)).toEqual(['own']);
    expect(Number(seenByDispatcher[1]!.id)).toBeGreaterThan(Number(seenByDispatcher[0]!.id));
    // encode once: two events, two encodings, whatever the number of subscribers; the bytes of the
    // event are the same in both streams (a chunk may also carry what was queued with it: writes
    // are coalesced, see live-stream-coalescing.test.ts for identical chunks shared)
    await vi.waitFor(() => expect(hub.statistics.encoded - encodedBefore).toBe(2));
    const ownBlock = (reader: SseReader) =>
      reader.chunks.map((chunk) => new TextDecoder().decode(chunk)).join('').split('\n\n').find((block) => block.includes('"own"'));
    expect(ownBlock(dispatcher)).toBeDefined();
    expect(ownBlock(admin)).toBe(ownBlock(dispatcher));
    expect(seenByAdmin).toHaveLength(2);
    for (const reader of [worker, dispatcher, admin]) await reader.cancel();
  });

  it('narrows the command centre with ?gridId and replays after a reconnect with the Last-Event-ID header', async () => {
    const [gridOfWorker, otherGrid] = world.territory.gridIds as [number, number];
    const first = await open('auditor', `/api/stream?gridId=${otherGrid}`);
    await hub.publish({ type: 'incident.created', payload: { mark: 'r1' }, area: { gridId: otherGrid } });
    const [seen] = await first.until((events) => events.length >= 1);
    await first.cancel();
    await hub.publish({ type: 'incident.created', payload: { mark: 'skipped: other grid' }, area: { gridId: gridOfWorker } });
    await hub.publish({ type: 'incident.changed', payload: { mark: 'r2' }, area: { gridId: otherGrid } });
    const again = await open('auditor', `/api/stream?gridId=${otherGrid}`, { 'Last-Event-ID': seen!.id! });
    const replayed = await again.until((events) => events.length >= 1);
    await again.drain();
    expect(again.events.map((event) => event.data.payload.mark)).toEqual(['r2']);
    expect(Number(replayed[0]!.id)).toBeGreaterThan(Number(seen!.id));
    await again.cancel();
    const bad = await app.request('/api/stream', { headers: { ...(await sessionFor(database.sql, world.users.admin)), 'Last-Event-ID': 'abc' } });
    expect(bad.status).toBe(400);
  });

  it('drops an HTTP client that never reads its body', async () => {
    const small = new LiveEventHub(memoryTransport(), { layoutPollMilliseconds: 0, maxQueuedBytes: 8192 });
    const built = createTestApp(database);
    built.context.liveEvents = small;
    const { createApp } = await import('../../server/app.ts');
    const stalledApp = createApp(built.context);
    const response = await stalledApp.request('/api/stream', { headers: await sessionFor(database.sql, world.users.dispatcher) });
    expect(response.status).toBe(200);
    expect(small.subscriberCount).toBe(1);
    for (let index = 0; index < 40; index++) await small.publish({ type: 'incident.created', payload: { filler: 'y'.repeat(500) }, area: {} });
    expect(small.subscriberCount).toBe(0);
    expect(small.statistics.dropped).toBe(1);
    await small.stop();
  });

  it('announces a layout change once, from whichever process sees it first', async () => {
    const watcherA = LiveEventHub.forDatabase(database, { layoutPollMilliseconds: 30 });
    const watcherB = LiveEventHub.forDatabase(database, { layoutPollMilliseconds: 30 });
    await watcherA.start();
    await watcherB.start();
    const reader = new SseReader(watcherA.subscribe({ kind: 'worker', workerId: null, gridId: null }).stream);
    await database.sql`update grid_assignments set ended_at = now() where worker_id = ${world.workerId} and ended_at is null`;
    const [layout] = await reader.until((events) => events.some((event) => event.event === 'layout.changed'));
    await reader.drain(300);
    expect(reader.events.filter((event) => event.event === 'layout.changed')).toHaveLength(1);
    expect(layout!.data.payload.revision).toBeGreaterThan(0);
    await watcherA.stop();
    await watcherB.stop();
  });

  it('carries events in id order: across processes through LISTEN/NOTIFY on PostgreSQL, within the one process embedded', async () => {
    const here = new SseReader(hub.subscribe({ kind: 'all' }).stream);
    if (databaseMode === 'embedded') {
      // PGlite serves one process (the data folder is locked), so the hub delivers in-process
      await Promise.all(Array.from({ length: 20 }, (_, index) => hub.publish({ type: 'incident.created', payload: { index }, area: {} })));
      const ids = (await here.until((events) => events.length >= 20)).map((event) => Number(event.id));
      expect([...ids].sort((a, b) => a - b)).toEqual(ids);
      expect(new Set(ids).size).toBe(20);
      await here.cancel();
      return;
    }
    // a second hub on its own LISTEN connection stands for another server process
    const other = LiveEventHub.forDatabase(database, { layoutPollMilliseconds: 0 });
    await other.start();
    const there = new SseReader(other.subscribe({ kind: 'all' }).stream);
    await Promise.all(Array.from({ length: 20 }, (_, index) => hub.publish({ type: 'incident.created', payload: { index }, area: {} })));
    await other.publish({ type: 'incident.changed', payload: { index: 'from the other process' }, area: {} });
    const idsHere = (await here.until((events) => events.length >= 21)).map((event) => Number(event.id));
    const idsThere = (await there.until((events) => events.length >= 21)).map((event) => Number(event.id));
    expect(idsThere).toEqual(idsHere);
    expect([...idsHere].sort((a, b) => a - b)).toEqual(idsHere);
    expect(here.events.at(-1)!.data.payload.index).toBe('from the other process');
    await here.cancel();
    await there.cancel();
    await other.stop();
  });
});
