import type { Queryable } from '../db/connect.ts';
import { zoneTodaySql } from '../time/zone.ts';

/** SQL of activated emergencies: the place, the plan, the affected circle, the log and hand-overs. */

export interface EmergencyRow {
  id: number;
  status: 'active' | 'closed';
  planId: number | null;
  planTitle: string | null;
  planVersion: number | null;
  planResources: { kind: 'shelter' | 'assembly_point' | 'equipment_store'; name: string; point: [number, number] }[] | null;
  incidentId: number | null;
  responseLevel: 'I' | 'II' | 'III' | 'IV';
  longitude: number;
  latitude: number;
  radiusMetres: number;
  communityId: number | null;
  activatedAt: Date;
  activatedBy: number | null;
  closedAt: Date | null;
  review: string | null;
}

export async function incidentPlace(sql: Queryable, id: number) {
  const [row] = await sql<{ longitude: number; latitude: number; communityId: number | null; categoryCode: string }[]>`
    select ST_X(location) as longitude, ST_Y(location) as latitude, community_id, category_code from incidents where id = ${id}`;
  return row;
}

export async function communityAt(sql: Queryable, longitude: number, latitude: number): Promise<number | null> {
  const [row] = await sql<{ id: number }[]>`
    select id from communities where ST_Covers(boundary, ST_SetSRID(ST_MakePoint(${longitude}, ${latitude}), 4326)) order by id limit 1`;
  return row?.id ?? null;
}

export async function lockPlanForActivation(sql: Queryable, id: number) {
  const [row] = await sql<{ id: number; status: string; version: number }[]>`
    select id, status, version from emergency_plans where id = ${id} for share`;
  return row;
}

/**
 * The current plan that answers an event here: one covering a risk source inside the circle
 * first (a site plan), then a community plan for this kind of event, then a street plan.
 */
export async function coveringPlan(
  sql: Queryable,
  place: { longitude: number; latitude: number; radiusMetres: number; communityId: number | null; categoryCode: string | null },
): Promise<number | undefined> {
  const point = sql`ST_SetSRID(ST_MakePoint(${place.longitude}, ${place.latitude}), 4326)`;
  const [row] = await sql<{ id: number }[]>`
    select p.id from emergency_plans p
     where p.status = 'current'
       and (
         exists (select 1 from emergency_plan_risk_sources c join risk_sources r on r.id = c.risk_source_id
                  where c.plan_id = p.id and ST_DWithin(r.geometry::geography, ${point}::geography, ${place.radiusMetres}))
         or (${place.categoryCode}::text is not null and ${place.categoryCode}::text = any (p.event_kinds)
             and (p.community_id is null or p.community_id = ${place.communityId}))
       )
     order by case p.level when 'site' then 0 when 'community' then 1 else 2 end, p.id
     limit 1`;
  return row?.id;
}

export async function insertEmergency(
  sql: Queryable,
  emergency: {
    planId: number | null; planVersion: number | null; incidentId: number | null; responseLevel: string; longitude: number; latitude: number;
    radiusMetres: number; communityId: number | null; activatedAt: Date; activatedBy: number;
  },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into emergencies (plan_id, plan_version, incident_id, response_level, location, radius_metres, community_id, activated_at, activated_by)
    values (${emergency.planId}, ${emergency.planVersion}, ${emergency.incidentId}, ${emergency.responseLevel},
            ST_SetSRID(ST_MakePoint(${emergency.longitude}, ${emergency.latitude}), 4326), ${emergency.radiusMetres},
            ${emergency.communityId}, ${emergency.activatedAt}, ${emergency.activatedBy})
    returning id`;
  return row!.id;
}

export async function insertLogEntry(
  sql: Queryable,
  entry: { emergencyId: number; at: Date; kind: string; actorUserId: number | null; actorLabel: string | null; note: string | null; details: unknown },
): Promise<void> {
  await sql`
    insert into emergency_log (emergency_id, at, kind, actor_user_id, actor_label, note, details)
    values (${entry.emergencyId}, ${entry.at}, ${entry.kind}, ${entry.actorUserId}, ${entry.actorLabel}, ${entry.note},
            ${entry.details === null ? null : JSON.stringify(entry.details)}::text::jsonb)`;
}

const emergencyColumns = (sql: Queryable) => sql`
  e.id, e.status, e.plan_id, p.title as plan_title, e.plan_version, p.resources as plan_resources, e.incident_id, e.response_level,
  ST_X(e.location) as longitude, ST_Y(e.location) as latitude, e.radius_metres, e.community_id, e.activated_at, e.activated_by,
  e.closed_at, e.review`;

export async function findEmergency(sql: Queryable, id: number, lock = false): Promise<EmergencyRow | undefined> {
  const [row] = await sql<EmergencyRow[]>`
    select ${emergencyColumns(sql)} from emergencies e left join emergency_plans p on p.id = e.plan_id
     where e.id = ${id} ${lock ? sql`for update of e` : sql``}`;
  return row;
}

export async function listEmergencies(sql: Queryable, filter: { status?: 'active' | 'closed' | undefined }): Promise<EmergencyRow[]> {
  return sql<EmergencyRow[]>`
    select ${emergencyColumns(sql)} from emergencies e left join emergency_plans p on p.id = e.plan_id
     where true ${filter.status ? sql`and e.status = ${filter.status}` : sql``}
     order by e.activated_at desc, e.id desc limit 200`;
}

export async function closeEmergency(sql: Queryable, id: number, at: Date, userId: number, review: string): Promise<void> {
  await sql`update emergencies set status = 'closed', closed_at = ${at}, closed_by = ${userId}, review = ${review} where id = ${id}`;
}

export async function listLog(sql: Queryable, emergencyId: number) {
  return sql<{ id: number; at: Date; kind: string; actorUserId: number | null; actorLabel: string | null; note: string | null; details: Record<string, unknown> | null }[]>`
    select id, at, kind, actor_user_id, actor_label, note, details from emergency_log where emergency_id = ${emergencyId} order by at, id`;
}

export async function insertHandover(
  sql: Queryable,
  handover: { emergencyId: number; platform: string; handedAt: Date; handedBy: number | null; channel: string; reference: string | null; delivery: string },
) {
  const [row] = await sql<{ id: number }[]>`
    insert into emergency_handovers (emergency_id, platform, handed_at, handed_by, channel, reference, delivery)
    values (${handover.emergencyId}, ${handover.platform}, ${handover.handedAt}, ${handover.handedBy}, ${handover.channel},
            ${handover.reference}, ${handover.delivery})
    returning id`;
  return row!.id;
}

export async function listHandovers(sql: Queryable, emergencyId: number) {
  return sql<{ id: number; platform: '110' | '119' | '120'; handedAt: Date; handedBy: number | null; channel: 'phone' | 'webhook'; reference: string | null; delivery: 'recorded' | 'delivered' | 'failed' }[]>`
    select id, platform, handed_at, handed_by, channel, reference, delivery from emergency_handovers where emergency_id = ${emergencyId} order by handed_at, id`;
}

/** Households in the circle: how many, how many people, how many need help to leave. */
export async function affectedFigures(sql: Queryable, place: { longitude: number; latitude: number; radiusMetres: number }) {
  const point = sql`ST_SetSRID(ST_MakePoint(${place.longitude}, ${place.latitude}), 4326)`;
  const [row] = await sql<{ households: number; residents: number; elderlyAlone: number; disability: number }[]>`
    select count(*)::int as households, coalesce(sum(h.resident_count), 0)::int as residents,
           count(*) filter (where h.elderly_alone)::int as elderly_alone, count(*) filter (where h.disability)::int as disability
      from households h
     where ST_DWithin(h.location::geography, ${point}::geography, ${place.radiusMetres})`;
  return row!;
}

/** Elderly living alone and disabled residents in the circle: both first, then nearest first. */
export async function vulnerableHouseholds(sql: Queryable, place: { longitude: number; latitude: number; radiusMetres: number }, limit: number) {
  const point = sql`ST_SetSRID(ST_MakePoint(${place.longitude}, ${place.latitude}), 4326)`;
  return sql<{
    householdId: number; complexName: string | null; buildingNumber: string; unit: string | null; room: string; headName: string | null;
    elderlyAlone: boolean; disability: boolean; residents: number; distanceMetres: number; longitude: number; latitude: number;
  }[]>`
    select h.id as household_id, b.complex_name, b.number as building_number, h.unit, h.room, h.head_name,
           h.elderly_alone, h.disability, h.resident_count as residents,
           round(ST_Distance(h.location::geography, ${point}::geography))::float8 as distance_metres,
           ST_X(h.location) as longitude, ST_Y(h.location) as latitude
      from households h join buildings b on b.id = h.building_id
     where (h.elderly_alone or h.disability)
       and ST_DWithin(h.location::geography, ${point}::geography, ${place.radiusMetres})
     order by (h.elderly_alone and h.disability) desc, distance_metres, h.id
     limit ${limit}`;
}

/** Equipment near the place: usable items first, nearest first; expired ones after, flagged. */
export async function nearestEquipment(sql: Queryable, place: { longitude: number; latitude: number }, radiusMetres: number, limit: number) {
  const point = sql`ST_SetSRID(ST_MakePoint(${place.longitude}, ${place.latitude}), 4326)`;
  return sql<{ id: number; kind: string; name: string; quantity: number; expiresOn: string | null; expired: boolean; distanceMetres: number; longitude: number; latitude: number }[]>`
    select * from (
      select e.id, e.kind, e.name, e.quantity, to_char(e.expires_on, 'YYYY-MM-DD') as expires_on,
             coalesce(e.expires_on < ${zoneTodaySql(sql)}, false) as expired,
             round(ST_Distance(e.location::geography, ${point}::geography))::float8 as distance_metres,
             ST_X(e.location) as longitude, ST_Y(e.location) as latitude
        from emergency_equipment e
       where ST_DWithin(e.location::geography, ${point}::geography, ${radiusMetres})
    ) nearby
    order by expired, distance_metres, id
    limit ${limit}`;
}
