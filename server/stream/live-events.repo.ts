import type { Sql } from '../db/connect.ts';
import type { LiveEvent, LiveEventInput } from './live-event-hub.ts';

/** The NOTIFY channel every GridAtlas process LISTENs on (per database). */
export const liveEventChannel = 'gridatlas_events';
/** Arbitrary but fixed: serialises id assignment with NOTIFY commit order across processes. */
const liveEventLockKey = 7_431_202_612;

export async function nextLiveEventId(sql: Sql): Promise<number> {
  const [row] = await sql<{ id: number }[]>`select nextval('live_event_ids') as id`;
  return Number(row!.id);
}

/** `count` ids in one statement, ascending (a batch is delivered in one go). */
export async function nextLiveEventIds(sql: Sql, count: number): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`select nextval('live_event_ids') as id from generate_series(1, ${count})`;
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

/** The last id handed out (0 if none yet). */
export async function currentLiveEventId(sql: Sql): Promise<number> {
  const [row] = await sql<{ lastValue: number; isCalled: boolean }[]>`select last_value, is_called from live_event_ids`;
  return row!.isCalled ? Number(row!.lastValue) : 0;
}

/**
 * Take the next id and NOTIFY in one transaction under an advisory lock held to commit: the next
 * publisher gets a larger id and commits later, so listeners receive events in id order.
 */
export async function notifyLiveEvent(sql: Sql, input: LiveEventInput, at: string): Promise<LiveEvent> {
  return sql.begin(async (transaction) => {
    await transaction`select pg_advisory_xact_lock(${liveEventLockKey})`;
    const [row] = await transaction<{ id: number }[]>`select nextval('live_event_ids') as id`;
    const event: LiveEvent = { id: Number(row!.id), type: input.type, at, area: input.area, payload: input.payload };
    await transaction`select pg_notify(${liveEventChannel}, ${JSON.stringify(event)})`;
    return event;
  });
}

/**
 * Many events in one transaction (a batch import announces up to a thousand incidents): one lock,
 * one round trip for the ids and one for the NOTIFYs, issued in id order — instead of a
 * transaction per event. The payloads travel as one JSON array of texts (escaped natively) rather
 * than a text[] parameter, whose element escaping in JavaScript cost a batch import a few ms.
 */
export async function notifyLiveEvents(sql: Sql, inputs: LiveEventInput[], at: string): Promise<LiveEvent[]> {
  if (inputs.length === 0) return [];
  return sql.begin(async (transaction) => {
    await transaction`select pg_advisory_xact_lock(${liveEventLockKey})`;
    const rows = await transaction<{ id: number }[]>`select nextval('live_event_ids') as id from generate_series(1, ${inputs.length})`;
    const ids = rows.map((row) => Number(row.id)).sort((a, b) => a - b);
    const events: LiveEvent[] = inputs.map((input, index) => ({ id: ids[index]!, type: input.type, at, area: input.area, payload: input.payload }));
    await transaction`
      select count(pg_notify(${liveEventChannel}, ordered.payload))
        from (select payload from json_array_elements_text(${JSON.stringify(events.map((event) => JSON.stringify(event)))}::text::json)
                               with ordinality as sent (payload, position)
               order by position) ordered`;
    return events;
  });
}

export interface LiveEventListener {
  unlisten(): Promise<void>;
}

/** LISTEN on a dedicated connection (postgres.js re-listens after a reconnect and calls onListen). */
export async function listenForLiveEvents(
  sql: Sql,
  deliver: (event: LiveEvent) => void,
  onListen: () => void,
): Promise<LiveEventListener> {
  const { unlisten } = await sql.listen(
    liveEventChannel,
    (payload) => {
      try {
        deliver(JSON.parse(payload) as LiveEvent);
      } catch (error) {
        console.warn(`[gridatlas] unreadable live event ignored: ${(error as Error).message}`);
      }
    },
    onListen,
  );
  return { unlisten };
}

/**
 * Compare-and-set the announced layout revision: returns the new revision if this call moved the
 * watermark (so exactly one process announces each change), else undefined.
 */
export async function announceLayoutChange(sql: Sql): Promise<{ revision: number; changedAt: string } | undefined> {
  const [row] = await sql<{ revision: number; changedAt: Date }[]>`
    update live_layout_watermark w
       set revision = r.revision
      from layout_revision r
     where r.revision > w.revision
    returning r.revision, r.changed_at`;
  return row ? { revision: Number(row.revision), changedAt: new Date(row.changedAt).toISOString() } : undefined;
}
