import type { ServerResponse } from 'node:http';
import type { Database, Sql } from '../db/connect.ts';
import {
  announceLayoutChange,
  currentLiveEventId,
  listenForLiveEvents,
  nextLiveEventId,
  nextLiveEventIds,
  notifyLiveEvent,
  notifyLiveEvents,
  type LiveEventListener,
} from './live-events.repo.ts';

/**
 * The command centre's live stream (issue 8): one hub per server process.
 *
 * - `publish(event)` gives the event an id (the `live_event_ids` sequence, so ids increase across
 *   restarts and processes) and delivers it to every hub: on real PostgreSQL through
 *   `pg_notify('gridatlas_events', …)` which every process LISTENs to; on embedded PGlite (one
 *   process; pglite-socket serves a single connection, so there is no second connection to LISTEN
 *   on) directly in this process.
 * - Each delivered event is encoded ONCE into a Uint8Array (`id:`/`event:`/`data:` lines; the
 *   payloads carry no personal data, so every audience gets the same bytes); the same object is
 *   queued on every subscriber that may see it and kept in a bounded ring buffer for
 *   `Last-Event-ID` replay.
 * - Subscribers are indexed by audience key (everyone / community / grid / community+grid for the
 *   command centre; grid and worker for grid workers), so an event visits only the subscribers
 *   that may see it — the rule is `audienceSees`, the index is an exact restatement of it.
 * - Coalesced writes: an event only appends to a subscriber's pending list. Each subscriber is a
 *   pull-driven ReadableStream (high-water mark 0): when the HTTP layer asks for data (after the
 *   socket took the previous write; @hono/node-server waits for 'drain') it gets everything
 *   pending joined into ONE chunk — one socket write. Subscribers already waiting are served
 *   once per tick (setImmediate), so the events of one tick (a batch, a burst of NOTIFYs) go out
 *   as one write, and identical pending lists share one joined buffer.
 * - Straight to the socket: over @hono/node-server (the route passes the Node response), once the
 *   response head is out with chunked encoding, a subscriber's writes bypass the ReadableStream
 *   and the per-write work of http.OutgoingMessage: what one write carries is framed as one HTTP
 *   chunk (a single event's frame, like its bytes, is made once and shared by every subscriber;
 *   so is a joined burst's within its tick) and written with one `socket.write`; 'drain'
 *   replaces the pull. The stream stays open underneath, so ending it still ends the response
 *   through Node (the final `0` chunk) and a client going away still cancels it.
 * - Bound: a subscriber whose pending bytes would exceed `maxQueuedBytes` (2 MiB) is dropped (its
 *   stream is errored and the pending list released). One write takes at most `maxWriteBytes`
 *   (64 KiB) of it, so a stalled client holds at most maxQueuedBytes + maxWriteBytes in this
 *   process (plus the kernel's socket buffer). Its EventSource reconnects with Last-Event-ID and
 *   is replayed.
 */

export const liveEventTypes = ['incident.created', 'incident.changed', 'incident.duplicates', 'layout.changed', 'emergency.alarm', 'emergency.changed', 'warning.published'] as const;
export type LiveEventType = (typeof liveEventTypes)[number];

/** Where an event happened: decides who may see it. */
export interface LiveEventArea {
  communityId?: number | null;
  gridId?: number | null;
  /** The grid worker the case is assigned to, who sees it even outside their grid. */
  workerId?: number | null;
}

export interface LiveEventInput {
  type: LiveEventType;
  payload: Record<string, unknown>;
  area: LiveEventArea;
}

export interface LiveEvent extends LiveEventInput {
  id: number;
  /** When the event was published (ISO 8601). */
  at: string;
}

/** Who a subscriber is: the command centre sees everything (optionally narrowed), a worker their grid. */
export type StreamAudience =
  | { kind: 'all'; communityId?: number; gridId?: number }
  | { kind: 'worker'; workerId: number | null; gridId: number | null };

/** Server-side filter: the same rule for live delivery and for replay. */
export function audienceSees(audience: StreamAudience, event: LiveEventInput): boolean {
  if (event.type === 'layout.changed') return true; // the layout is public information
  const { area } = event;
  if (audience.kind === 'worker') {
    return (
      (audience.gridId !== null && area.gridId === audience.gridId) ||
      (audience.workerId !== null && area.workerId === audience.workerId)
    );
  }
  if (audience.communityId !== undefined && area.communityId !== audience.communityId) return false;
  if (audience.gridId !== undefined && area.gridId !== audience.gridId) return false;
  return true;
}

/** How events get their id and reach every process's hub. */
export interface LiveEventTransport {
  readonly kind: 'memory' | 'embedded' | 'postgres-notify';
  /** Assign an id and make sure `deliver` is called with the event, in this process and others. */
  send(input: LiveEventInput, at: string, deliver: (event: LiveEvent) => void): Promise<void>;
  /** The same for many events at once, delivered in the order given. */
  sendMany?(inputs: LiveEventInput[], at: string, deliver: (event: LiveEvent) => void): Promise<void>;
  /** Start receiving events published by other processes; resolves with the last id already used. */
  start(deliver: (event: LiveEvent) => void, onReconnect: () => void): Promise<number>;
  stop(): Promise<void>;
}

/** Ids from a counter in memory: for unit tests of the hub itself. */
export function memoryTransport(): LiveEventTransport {
  let lastId = 0;
  return {
    kind: 'memory',
    async send(input, at, deliver) {
      deliver({ ...input, id: ++lastId, at });
    },
    async start() {
      return lastId;
    },
    async stop() {},
  };
}

/** Embedded PGlite: one process, ids from the database sequence, delivered locally. */
export function embeddedTransport(sql: Sql): LiveEventTransport {
  // one delivery at a time, so ids are delivered in the order they were taken
  let chain: Promise<void> = Promise.resolve();
  return {
    kind: 'embedded',
    send(input, at, deliver) {
      const sent = chain.then(async () => deliver({ ...input, id: await nextLiveEventId(sql), at }));
      chain = sent.catch(() => {});
      return sent;
    },
    // one statement for the ids, then every event delivered in the same tick (one write per subscriber)
    sendMany(inputs, at, deliver) {
      const sent = chain.then(async () => {
        const ids = await nextLiveEventIds(sql, inputs.length);
        inputs.forEach((input, index) => deliver({ ...input, id: ids[index]!, at }));
      });
      chain = sent.catch(() => {});
      return sent;
    },
    start: () => currentLiveEventId(sql),
    async stop() {},
  };
}

/**
 * Real PostgreSQL: NOTIFY on publish, LISTEN in every process. The id is taken and the NOTIFY
 * committed under one advisory transaction lock, so commit order — which is the order every
 * listener receives notifications in — is id order.
 */
export function postgresNotifyTransport(sql: Sql): LiveEventTransport {
  let listener: LiveEventListener | undefined;
  return {
    kind: 'postgres-notify',
    async send(input, at, deliver) {
      const event = await notifyLiveEvent(sql, input, at);
      // nobody in this process is listening yet (the hub was not started): deliver here too
      if (!listener) deliver(event);
    },
    async sendMany(inputs, at, deliver) {
      const events = await notifyLiveEvents(sql, inputs, at);
      if (!listener) for (const event of events) deliver(event);
    },
    async start(deliver, onReconnect) {
      listener = await listenForLiveEvents(sql, deliver, onReconnect);
      return currentLiveEventId(sql);
    },
    async stop() {
      await listener?.unlisten();
      listener = undefined;
    },
  };
}

export interface LiveEventHubOptions {
  /** Events kept for Last-Event-ID replay. */
  replayCapacity?: number;
  /** A subscriber whose unsent bytes exceed this is dropped. */
  maxQueuedBytes?: number;
  /** The most one coalesced write hands to a socket (a single larger event still goes whole). */
  maxWriteBytes?: number;
  heartbeatMilliseconds?: number;
  /** Streams are closed after this long; the client reconnects (re-authenticating) and is replayed. */
  maxConnectionMilliseconds?: number;
  /** How often `layout_revision` is polled for 'layout.changed' (0: not at all). */
  layoutPollMilliseconds?: number;
  log?: (message: string) => void;
}

interface BufferedEvent {
  event: LiveEvent;
  bytes: Uint8Array;
}

interface Subscriber {
  id: number;
  audience: StreamAudience;
  /** Where it is filed in the audience index (`audienceKeys`). */
  keys: string[];
  controller: ReadableStreamDefaultController<Uint8Array>;
  openedAt: number;
  closed: boolean;
  /** Encoded events (and comments) not yet handed to the stream, oldest first: shared buffers. */
  pending: Uint8Array[];
  pendingBytes: number;
  /** The HTTP layer asked for data while nothing was pending: the next flush hands it over. */
  waiting: boolean;
  /** Listed for the next flush. */
  dirty: boolean;
  /** The delivery round it last received (a worker is filed under two keys: deliver once). */
  round: number;
  /** The Node response under the stream (over @hono/node-server), if the route passed it. */
  response?: ServerResponse;
  /** Writing framed chunks straight to this socket (see `goDirect`). */
  socket?: DirectSocket;
  /** A 'drain' listener is set on the socket. */
  draining: boolean;
  /** called once when the subscription ends, however it ends (per-session caps count open streams) */
  onEnd?: () => void;
}

/** The part of a net.Socket the direct path uses. */
interface DirectSocket {
  write(chunk: Uint8Array): boolean;
  once(event: 'drain', listener: () => void): unknown;
  readonly destroyed: boolean;
}

export interface SubscribeOptions {
  /** Called once when the subscription ends, however it ends (per-session caps count open streams). */
  onEnd?: () => void;
  /** The Node response the stream is the body of: lets writes go straight to its socket. */
  response?: ServerResponse;
}

export interface LiveSubscription {
  stream: ReadableStream<Uint8Array>;
  /** Ends the subscription (the client went away). */
  close(): void;
}

const encoder = new TextEncoder();
const heartbeatBytes = encoder.encode(': heartbeat\n\n');
const connectedBytes = encoder.encode('retry: 3000\n: connected\n\n');
/** NOTIFY payloads are limited to 8000 bytes; larger event payloads are replaced by a stub. */
const maximumEncodedPayloadBytes = 7000;

export interface LiveEventHubStatistics {
  subscribers: number;
  delivered: number;
  /** Chunks handed to subscribers' streams: each is one socket write (events coalesced). */
  writes: number;
  /** Subscribers that went on to write straight to their socket. */
  direct: number;
  encoded: number;
  dropped: number;
  bufferedEvents: number;
}

export class LiveEventHub {
  private readonly subscribers = new Map<number, Subscriber>();
  /** Audience key → the subscribers filed under it. */
  private readonly byAudience = new Map<string, Set<Subscriber>>();
  private deliveryRound = 0;
  /** Subscribers waiting for data that received some this tick. */
  private dirty: Subscriber[] = [];
  private flushScheduled = false;
  /**
   * Joined buffers of this tick, by their first chunk: subscribers with the same pending events
   * (the usual case) are handed one shared buffer. Emptied after the tick.
   */
  private joined: SharedJoins = new Map();
  private joinedClearing = false;
  private readonly ring: (BufferedEvent | undefined)[];
  private ringStart = 0;
  private ringLength = 0;
  /** Ids at or below this may have been missed by this process (before start, or evicted). */
  private lowWatermark = 0;
  private nextSubscriberId = 1;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private layoutPoll: ReturnType<typeof setInterval> | undefined;
  private layoutPolling = false;
  private started = false;
  private readonly options: Required<Omit<LiveEventHubOptions, 'log'>> & { log: (message: string) => void };
  readonly statistics: LiveEventHubStatistics = { subscribers: 0, delivered: 0, writes: 0, direct: 0, encoded: 0, dropped: 0, bufferedEvents: 0 };

  constructor(
    private readonly transport: LiveEventTransport,
    options: LiveEventHubOptions = {},
    private readonly sql?: Sql,
  ) {
    this.options = {
      replayCapacity: options.replayCapacity ?? 10_000,
      maxQueuedBytes: options.maxQueuedBytes ?? 2 * 1024 * 1024,
      maxWriteBytes: options.maxWriteBytes ?? 64 * 1024,
      heartbeatMilliseconds: options.heartbeatMilliseconds ?? 15_000,
      maxConnectionMilliseconds: options.maxConnectionMilliseconds ?? 30 * 60_000,
      layoutPollMilliseconds: options.layoutPollMilliseconds ?? 2_000,
      log: options.log ?? ((message) => console.warn(message)),
    };
    this.ring = new Array(this.options.replayCapacity);
  }

  /** The hub for a database: LISTEN/NOTIFY on PostgreSQL, local delivery on embedded PGlite. */
  static forDatabase(database: Database, options: LiveEventHubOptions = {}): LiveEventHub {
    const transport = database.mode === 'postgres' ? postgresNotifyTransport(database.sql) : embeddedTransport(database.sql);
    return new LiveEventHub(transport, options, database.sql);
  }

  get transportKind(): LiveEventTransport['kind'] {
    return this.transport.kind;
  }

  /** LISTEN (on PostgreSQL) and poll the layout revision. Publishing works before this too. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    let reconnecting = false;
    const lastUsedId = await this.transport.start(
      (event) => this.deliver(event),
      () => {
        // the LISTEN connection was lost and re-established: events may have been missed
        if (reconnecting) this.broadcastReset('the server lost its event connection for a moment');
        reconnecting = true;
      },
    );
    this.lowWatermark = Math.max(this.lowWatermark, lastUsedId);
    if (this.sql && this.options.layoutPollMilliseconds > 0) {
      this.layoutPoll = setInterval(() => void this.pollLayout(), this.options.layoutPollMilliseconds);
      this.layoutPoll.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.layoutPoll) clearInterval(this.layoutPoll);
    this.layoutPoll = undefined;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const subscriber of [...this.subscribers.values()]) this.remove(subscriber, 'close');
    if (this.started) await this.transport.stop();
    this.started = false;
  }

  /**
   * Publish an event to every process's subscribers. Call it after the change committed.
   * It never throws into the caller: a failure to announce is logged, the data change stands.
   */
  async publish(input: LiveEventInput): Promise<void> {
    try {
      await this.transport.send(boundedPayload(input), new Date().toISOString(), (event) => this.deliver(event));
    } catch (error) {
      this.options.log(`[gridatlas] live event ${input.type} not published: ${(error as Error).message}`);
    }
  }

  /**
   * Publish several events (e.g. every incident of a batch import): on PostgreSQL in one
   * transaction instead of one per event. Never throws, like `publish`.
   */
  async publishMany(inputs: LiveEventInput[]): Promise<void> {
    if (inputs.length === 0) return;
    const at = new Date().toISOString();
    const bounded = inputs.map(boundedPayload);
    try {
      if (this.transport.sendMany) {
        await this.transport.sendMany(bounded, at, (event) => this.deliver(event));
      } else {
        for (const input of bounded) await this.transport.send(input, at, (event) => this.deliver(event));
      }
    } catch (error) {
      this.options.log(`[gridatlas] ${inputs.length} live events not published: ${(error as Error).message}`);
    }
  }

  /** Open a subscription, replaying the buffered events after `lastEventId` that it may see. */
  subscribe(audience: StreamAudience, lastEventId?: number, options: SubscribeOptions | (() => void) = {}): LiveSubscription {
    const { onEnd, response } = typeof options === 'function' ? { onEnd: options, response: undefined } : options;
    const subscriber: Subscriber = {
      id: this.nextSubscriberId++,
      audience,
      keys: audienceKeys(audience),
      controller: undefined as unknown as ReadableStreamDefaultController<Uint8Array>,
      openedAt: Date.now(),
      closed: false,
      pending: [],
      pendingBytes: 0,
      waiting: false,
      dirty: false,
      round: 0,
      draining: false,
      ...(onEnd ? { onEnd } : {}),
      ...(response ? { response } : {}),
    };
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          subscriber.controller = controller;
        },
        // called when the reader wants more and the stream's own queue is empty
        pull: () => {
          if (subscriber.closed) return;
          // this read stays unanswered from now on when the writes go to the socket instead
          if (subscriber.response && this.goDirect(subscriber)) return;
          if (subscriber.pending.length > 0) this.handOver(subscriber);
          else subscriber.waiting = true;
        },
        cancel: () => this.remove(subscriber, 'cancelled'),
      },
      // nothing is queued inside the stream: the pending list is the queue, joined on each pull
      new CountQueuingStrategy({ highWaterMark: 0 }),
    );
    this.queue(subscriber, connectedBytes);
    if (lastEventId !== undefined) this.replay(subscriber, lastEventId);
    this.subscribers.set(subscriber.id, subscriber);
    for (const key of subscriber.keys) {
      let filed = this.byAudience.get(key);
      if (!filed) this.byAudience.set(key, (filed = new Set()));
      filed.add(subscriber);
    }
    this.statistics.subscribers = this.subscribers.size;
    this.ensureHeartbeat();
    return { stream, close: () => this.remove(subscriber, 'close') };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** The buffered events, oldest first (for tests and diagnostics). */
  bufferedEvents(): LiveEvent[] {
    return this.bufferedEntries().map((entry) => entry.event);
  }

  /** Encode once, remember, and queue the same bytes on every subscriber that may see it. */
  private deliver(event: LiveEvent): void {
    const bytes = encoder.encode(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    this.statistics.encoded++;
    this.remember({ event, bytes });
    if (event.type === 'layout.changed') {
      for (const subscriber of this.subscribers.values()) this.queue(subscriber, bytes);
      return;
    }
    const round = ++this.deliveryRound;
    for (const key of eventKeys(event.area)) {
      const filed = this.byAudience.get(key);
      if (!filed) continue;
      for (const subscriber of filed) {
        if (subscriber.round === round) continue;
        subscriber.round = round;
        this.queue(subscriber, bytes);
      }
    }
  }

  /** Append to the subscriber's pending list (dropping it past the bound); flush this tick if it waits. */
  private queue(subscriber: Subscriber, bytes: Uint8Array): void {
    if (subscriber.closed) return;
    if (subscriber.pendingBytes + bytes.byteLength > this.options.maxQueuedBytes) {
      this.remove(subscriber, 'slow');
      return;
    }
    subscriber.pending.push(bytes);
    subscriber.pendingBytes += bytes.byteLength;
    if (bytes !== heartbeatBytes && bytes !== connectedBytes) this.statistics.delivered++;
    if (subscriber.waiting && !subscriber.dirty) {
      subscriber.dirty = true;
      this.dirty.push(subscriber);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    }
  }

  /** Once per tick: every waiting subscriber that received something gets it in one write. */
  private readonly flush = (): void => {
    this.flushScheduled = false;
    const dirty = this.dirty;
    this.dirty = [];
    for (const subscriber of dirty) {
      subscriber.dirty = false;
      if (subscriber.closed || !subscriber.waiting || subscriber.pending.length === 0) continue;
      this.handOver(subscriber);
    }
  };

  /** Hand the pending list (up to `maxWriteBytes`, at least one entry) to the stream as one chunk. */
  private handOver(subscriber: Subscriber): void {
    const { pending } = subscriber;
    let count = 1;
    let bytes = pending[0]!.byteLength;
    while (count < pending.length && bytes + pending[count]!.byteLength <= this.options.maxWriteBytes) bytes += pending[count++]!.byteLength;
    const taken = count === pending.length ? pending : pending.slice(0, count);
    subscriber.pending = count === pending.length ? [] : pending.slice(count);
    subscriber.pendingBytes -= bytes;
    subscriber.waiting = false;
    if (subscriber.socket) {
      this.writeDirect(subscriber, subscriber.socket, taken);
      return;
    }
    const chunk = taken.length === 1 ? taken[0]! : join(taken, bytes, this.sharedJoins());
    try {
      subscriber.controller.enqueue(chunk);
      this.statistics.writes++;
    } catch {
      // the stream was closed or errored by the other side meanwhile
      this.remove(subscriber, 'cancelled');
    }
  }

  /**
   * Switch to writing straight to the socket, if the response head is out, chunked, and nothing of
   * the response is still buffered above the socket (so the order of bytes is kept).
   */
  private goDirect(subscriber: Subscriber): boolean {
    const response = subscriber.response!;
    const socket = response.socket;
    const outgoing = response as ServerResponse & { chunkedEncoding?: boolean };
    if (!response.headersSent || outgoing.chunkedEncoding !== true || !socket || socket.destroyed) return false;
    if (response.writableLength - socket.writableLength > 0) return false;
    subscriber.response = undefined;
    subscriber.socket = socket;
    subscriber.waiting = true;
    this.statistics.direct++;
    if (subscriber.pending.length > 0) this.handOver(subscriber);
    return true;
  }

  /** One `socket.write` of the chunks, framed as one HTTP/1.1 chunk. */
  private writeDirect(subscriber: Subscriber, socket: DirectSocket, chunks: Uint8Array[]): void {
    if (socket.destroyed) {
      this.remove(subscriber, 'cancelled');
      return;
    }
    // one HTTP chunk per write: the joined bytes are shared this tick, so is their frame
    const chunk = framed(chunks.length === 1 ? chunks[0]! : join(chunks, chunks.reduce((total, bytes) => total + bytes.byteLength, 0), this.sharedJoins()));
    this.statistics.writes++;
    if (socket.write(chunk)) {
      subscriber.waiting = true;
      return;
    }
    // the socket's buffer is full: more goes out after 'drain', coalesced
    if (subscriber.draining) return;
    subscriber.draining = true;
    socket.once('drain', () => {
      subscriber.draining = false;
      if (subscriber.closed) return;
      if (subscriber.pending.length > 0) this.handOver(subscriber);
      else subscriber.waiting = true;
    });
  }

  private sharedJoins(): SharedJoins {
    if (!this.joinedClearing) {
      this.joinedClearing = true;
      setImmediate(() => {
        this.joined = new Map();
        this.joinedClearing = false;
      });
    }
    return this.joined;
  }

  private replay(subscriber: Subscriber, lastEventId: number): void {
    const entries = this.bufferedEntries();
    const oldestId = entries[0]?.event.id;
    if (lastEventId < this.lowWatermark && (oldestId === undefined || lastEventId < oldestId - 1)) {
      // events after lastEventId may be gone: tell the screen to reload its state
      this.enqueueReset(subscriber, lastEventId);
      return;
    }
    const missed = entries.filter((entry) => entry.event.id > lastEventId && audienceSees(subscriber.audience, entry.event));
    const bytes = missed.reduce((total, entry) => total + entry.bytes.byteLength, 0);
    if (bytes > this.options.maxQueuedBytes / 2) {
      this.enqueueReset(subscriber, lastEventId);
      return;
    }
    for (const entry of missed) this.queue(subscriber, entry.bytes);
  }

  private enqueueReset(subscriber: Subscriber, lastEventId: number): void {
    const latest = this.bufferedEntries().at(-1)?.event.id ?? this.lowWatermark;
    this.queue(subscriber, encoder.encode(`id: ${latest}\nevent: reset\ndata: ${JSON.stringify({ reason: 'replay_unavailable', lastEventId })}\n\n`));
  }

  private broadcastReset(reason: string): void {
    const bytes = encoder.encode(`event: reset\ndata: ${JSON.stringify({ reason })}\n\n`);
    for (const subscriber of this.subscribers.values()) this.queue(subscriber, bytes);
  }

  private remember(entry: BufferedEvent): void {
    const capacity = this.ring.length;
    if (this.ringLength < capacity) {
      this.ring[(this.ringStart + this.ringLength) % capacity] = entry;
      this.ringLength++;
    } else {
      const evicted = this.ring[this.ringStart]!;
      this.lowWatermark = Math.max(this.lowWatermark, evicted.event.id);
      this.ring[this.ringStart] = entry;
      this.ringStart = (this.ringStart + 1) % capacity;
    }
    this.statistics.bufferedEvents = this.ringLength;
  }

  private bufferedEntries(): BufferedEvent[] {
    const entries: BufferedEvent[] = [];
    for (let index = 0; index < this.ringLength; index++) entries.push(this.ring[(this.ringStart + index) % this.ring.length]!);
    return entries;
  }

  private remove(subscriber: Subscriber, why: 'close' | 'cancelled' | 'slow' | 'expired'): void {
    if (subscriber.closed) return;
    subscriber.closed = true;
    subscriber.onEnd?.();
    this.subscribers.delete(subscriber.id);
    for (const key of subscriber.keys) {
      const filed = this.byAudience.get(key);
      filed?.delete(subscriber);
      if (filed?.size === 0) this.byAudience.delete(key);
    }
    this.statistics.subscribers = this.subscribers.size;
    const pending = subscriber.pending;
    subscriber.pending = [];
    subscriber.pendingBytes = 0;
    try {
      if (why === 'slow') {
        this.statistics.dropped++;
        // erroring discards the stream; the pending list was released above
        subscriber.controller.error(new Error('slow consumer dropped'));
      } else if (why !== 'cancelled') {
        // a graceful end still delivers what was pending (the stream buffers it past its mark)
        if (pending.length > 0 && subscriber.socket) {
          if (!subscriber.socket.destroyed) subscriber.socket.write(framed(join(pending, pending.reduce((total, chunk) => total + chunk.byteLength, 0))));
        } else if (pending.length > 0) {
          subscriber.controller.enqueue(pending.length === 1 ? pending[0]! : join(pending, pending.reduce((total, chunk) => total + chunk.byteLength, 0)));
        }
        // the unanswered read ends: @hono/node-server ends the response (the final chunk) through Node
        subscriber.controller.close();
      }
    } catch {
      // already closed or errored by the other side
    }
    if (this.subscribers.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  private ensureHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMilliseconds);
    this.heartbeat.unref();
  }

  /** Comment lines keep proxies from timing the stream out; long-lived streams are recycled. */
  private beat(): void {
    const now = Date.now();
    for (const subscriber of [...this.subscribers.values()]) {
      if (now - subscriber.openedAt > this.options.maxConnectionMilliseconds) this.remove(subscriber, 'expired');
      else this.queue(subscriber, heartbeatBytes);
    }
  }

  private async pollLayout(): Promise<void> {
    if (this.layoutPolling || !this.sql) return;
    this.layoutPolling = true;
    try {
      const change = await announceLayoutChange(this.sql);
      if (change) await this.publish({ type: 'layout.changed', payload: change, area: {} });
    } catch (error) {
      this.options.log(`[gridatlas] layout watch failed: ${(error as Error).message}`);
    } finally {
      this.layoutPolling = false;
    }
  }
}

function boundedPayload(input: LiveEventInput): LiveEventInput {
  const size = Buffer.byteLength(JSON.stringify(input.payload ?? {}));
  if (size <= maximumEncodedPayloadBytes) return input;
  const id = (input.payload as { id?: unknown }).id;
  return { ...input, payload: { truncated: true, id: typeof id === 'number' || typeof id === 'string' ? id : null } };
}

/**
 * The keys a subscriber is filed under. An event reaches the subscribers filed under any of its
 * `eventKeys` — exactly those for which `audienceSees` holds (layout.changed goes to everyone).
 */
export function audienceKeys(audience: StreamAudience): string[] {
  if (audience.kind === 'worker') {
    const keys: string[] = [];
    if (audience.gridId !== null) keys.push(`worker-grid:${audience.gridId}`);
    if (audience.workerId !== null) keys.push(`worker:${audience.workerId}`);
    return keys;
  }
  const { communityId, gridId } = audience;
  if (communityId !== undefined && gridId !== undefined) return [`community-grid:${communityId}:${gridId}`];
  if (communityId !== undefined) return [`community:${communityId}`];
  if (gridId !== undefined) return [`grid:${gridId}`];
  return ['all'];
}

/** The audience keys that see an event in this area (other than layout.changed). */
export function eventKeys(area: LiveEventArea): string[] {
  const keys = ['all'];
  const communityId = typeof area.communityId === 'number' ? area.communityId : undefined;
  const gridId = typeof area.gridId === 'number' ? area.gridId : undefined;
  if (communityId !== undefined) keys.push(`community:${communityId}`);
  if (gridId !== undefined) keys.push(`grid:${gridId}`, `worker-grid:${gridId}`);
  if (communityId !== undefined && gridId !== undefined) keys.push(`community-grid:${communityId}:${gridId}`);
  if (typeof area.workerId === 'number') keys.push(`worker:${area.workerId}`);
  return keys;
}

/** Chunks joined into one buffer; with `shared`, an identical list joined before is reused. */
type SharedJoins = Map<Uint8Array, { chunks: Uint8Array[]; bytes: Uint8Array }[]>;

function join(chunks: Uint8Array[], bytes: number, shared?: SharedJoins): Uint8Array {
  const candidates = shared?.get(chunks[0]!);
  const same = candidates?.find((candidate) => candidate.chunks.length === chunks.length && candidate.chunks.every((chunk, index) => chunk === chunks[index]));
  if (same) return same.bytes;
  const joined = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  if (shared) {
    // a handful of variants per first chunk (audiences that saw different events this tick)
    if (candidates) {
      if (candidates.length < 8) candidates.push({ chunks, bytes: joined });
    }
    else shared.set(chunks[0]!, [{ chunks, bytes: joined }]);
  }
  return joined;
}

/** Bytes framed as an HTTP/1.1 chunk, once per buffer (kept while the buffer lives), for the direct path. */
const frames = new WeakMap<Uint8Array, Uint8Array>();
const crlf = encoder.encode('\r\n');

function framed(bytes: Uint8Array): Uint8Array {
  let frame = frames.get(bytes);
  if (!frame) {
    const head = encoder.encode(`${bytes.byteLength.toString(16)}\r\n`);
    frame = new Uint8Array(head.byteLength + bytes.byteLength + 2);
    frame.set(head, 0);
    frame.set(bytes, head.byteLength);
    frame.set(crlf, head.byteLength + bytes.byteLength);
    frames.set(bytes, frame);
  }
  return frame;
}
