import type { Queryable } from '../db/connect.ts';
import type { LiveEventHub } from '../stream/live-event-hub.ts';

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
  const rows = await sql<
    {
      id: number; trackingCode: string; status: string; categoryCode: string; majorCode: string | null;
      longitude: number; latitude: number; reportedAt: Date; dueAt: Date | null;
      communityId: number | null; gridId: number | null; assignedWorkerId: number | null; responseMinutes: number | null;
    }[]
  >`
    select i.id, i.tracking_code, i.status, i.category_code, category.major_code,
           ST_X(i.location) as longitude, ST_Y(i.location) as latitude, i.reported_at, i.due_at,
           i.community_id, i.grid_id, i.assigned_worker_id, emergency_response_minutes(i.category_code) as response_minutes
      from incidents i join incident_categories category on category.code = i.category_code
     where i.id in ${sql(incidentIds as number[])}
     order by i.id`;
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
