import type { Queryable } from '../db/connect.ts';
import type { LiveEventHub } from '../stream/live-event-hub.ts';
import { suggestDuplicatesOf, type IngestedItem } from './incident-ingestion.ts';
import type { ReportedSpan } from './incident-loop.repo.ts';

/** What one incident live event carries, and the area that decides who receives it. */
export interface LiveIncidentRow {
  id: number; trackingCode: string; status: string; categoryCode: string; majorCode: string | null;
  longitude: number; latitude: number; reportedAt: Date; dueAt: Date | null;
  communityId: number | null; gridId: number | null; assignedWorkerId: number | null; responseMinutes: number | null;
}

/**
 * After an incident change commits, tell the command centre: one live event per incident with
 * the fields the live map and list need, and the area that decides who receives it.
 */
export async function publishIncidentEvents(
  sql: Queryable,
  liveEvents: LiveEventHub,
  type: 'incident.created' | 'incident.changed',
  incidentIds: readonly number[],
): Promise<void> {
  if (incidentIds.length === 0) return;
  const rows = await sql<LiveIncidentRow[]>`
    select i.id, i.tracking_code, i.status, i.category_code, category.major_code,
           ST_X(i.location) as longitude, ST_Y(i.location) as latitude, i.reported_at, i.due_at,
           i.community_id, i.grid_id, i.assigned_worker_id, emergency_response_minutes(i.category_code) as response_minutes
      from incidents i join incident_categories category on category.code = i.category_code
     where i.id in ${sql(incidentIds as number[])}
     order by i.id`;
  await publishIncidentRows(liveEvents, type, rows);
}

/**
 * The same events from rows the caller already holds (ingestion knows every field of the cases it
 * just created: no second read of a thousand rows), in id order.
 */
export async function publishIncidentRows(
  liveEvents: LiveEventHub,
  type: 'incident.created' | 'incident.changed',
  unordered: readonly LiveIncidentRow[],
): Promise<void> {
  if (unordered.length === 0) return;
  const rows = [...unordered].sort((a, b) => a.id - b.id);
  // a new case in an emergency category (24/7 clock, server/emergency/response-clock.ts) also
  // raises the command centre's alarm at once, whatever the hour
  const alarms = type === 'incident.created' ? rows.filter((row) => row.responseMinutes !== null) : [];
  // one announcement for the whole set (a batch import creates up to a thousand at once)
  await liveEvents.publishMany([
    ...rows.map((row) => ({
      type,
      payload: {
        id: row.id,
        trackingCode: row.trackingCode,
        status: row.status,
        categoryCode: row.categoryCode,
        majorCode: row.majorCode,
        longitude: row.longitude,
        latitude: row.latitude,
        reportedAt: row.reportedAt.toISOString(),
        dueAt: row.dueAt ? row.dueAt.toISOString() : null,
      },
      area: { communityId: row.communityId ?? undefined, gridId: row.gridId ?? undefined, workerId: row.assignedWorkerId ?? undefined },
    })),
    ...alarms.map((row) => ({
      type: 'emergency.alarm' as const,
      payload: {
        incidentId: row.id,
        trackingCode: row.trackingCode,
        categoryCode: row.categoryCode,
        responseMinutes: Number(row.responseMinutes),
        longitude: row.longitude,
        latitude: row.latitude,
        reportedAt: row.reportedAt.toISOString(),
        dueAt: row.dueAt ? row.dueAt.toISOString() : null,
      },
      area: { communityId: row.communityId ?? undefined, gridId: row.gridId ?? undefined, workerId: row.assignedWorkerId ?? undefined },
    })),
  ]);
}

/**
 * After a batch commits and is answered: the open cases of the same category nearby for each
 * created case, one 'incident.duplicates' event per case that has any (the case page computes the
 * same list when it is opened). Advice, not validation, so it stays out of the insert transaction
 * and off the answer's path.
 */
export async function announceDuplicateSuggestions(
  sql: Queryable, liveEvents: LiveEventHub, items: readonly IngestedItem[], reported: ReportedSpan,
): Promise<number> {
  const created = items.filter((item) => item.result === 'created').map((item) => ({ ...item, duplicateSuggestions: [] }));
  if (created.length === 0) return 0;
  const suggested = (await suggestDuplicatesOf(sql, created, reported)).filter((item) => item.duplicateSuggestions.length > 0);
  if (suggested.length === 0) return 0;
  const areas = await sql<{ id: number; communityId: number | null; gridId: number | null; assignedWorkerId: number | null }[]>`
    select id, community_id, grid_id, assigned_worker_id from incidents
     where id = any(${suggested.map((item) => item.id)}::bigint[]) and reported_at between ${reported.from} and ${reported.to}`;
  const areaOf = new Map(areas.map((row) => [Number(row.id), row]));
  await liveEvents.publishMany(suggested.map((item) => {
    const area = areaOf.get(item.id);
    return {
      type: 'incident.duplicates' as const,
      payload: { id: item.id, trackingCode: item.trackingCode, duplicateSuggestions: item.duplicateSuggestions },
      area: { communityId: area?.communityId ?? undefined, gridId: area?.gridId ?? undefined, workerId: area?.assignedWorkerId ?? undefined },
    };
  }));
  return suggested.length;
}
