import type { Queryable } from '../db/connect.ts';
import { zoneTodaySql } from '../time/zone.ts';

/** SQL of key-point duty posts (定人定时守点执勤): posts, the weekly roster, check-ins. */

export interface PostRow {
  id: number;
  communityId: number | null;
  name: string;
  kind: 'market' | 'school' | 'vendor_cluster' | 'other';
  longitude: number;
  latitude: number;
  radiusMetres: number;
  opensAt: string;
  closesAt: string;
}

export async function listPosts(sql: Queryable, filter: { id?: number; communityId?: number | undefined } = {}): Promise<PostRow[]> {
  return sql<PostRow[]>`
    select p.id, p.community_id, p.name, p.kind, ST_X(p.location) as longitude, ST_Y(p.location) as latitude, p.radius_metres,
           to_char(p.opens_at, 'HH24:MI') as opens_at, to_char(p.closes_at, 'HH24:MI') as closes_at
      from duty_posts p
     where true
       ${filter.id !== undefined ? sql`and p.id = ${filter.id}` : sql``}
       ${filter.communityId !== undefined ? sql`and p.community_id = ${filter.communityId}` : sql``}
     order by p.community_id, p.kind, p.id`;
}

export interface ShiftRow {
  shiftId: number;
  postId: number;
  personId: number;
  personName: string;
  personKind: string;
  personOrganisation: string | null;
  personActive: boolean;
  personWorkerId: number | null;
  weekday: number;
  startsAt: string;
  endsAt: string;
  checkInId: number | null;
  checkedInAt: Date | null;
  distanceMetres: number | null;
}

/** The shifts of one weekday with the check-ins of one date. */
export async function shiftsOn(sql: Queryable, input: { postIds: number[]; weekday: number; date: string; personId?: number }): Promise<ShiftRow[]> {
  return sql<ShiftRow[]>`
    select s.id as shift_id, s.post_id, p.id as person_id, p.name as person_name, p.kind as person_kind, p.organisation as person_organisation, p.worker_id as person_worker_id,
           (p.left_on is null or p.left_on > ${zoneTodaySql(sql)}) as person_active,
           s.weekday, to_char(s.starts_at, 'HH24:MI') as starts_at, to_char(s.ends_at, 'HH24:MI') as ends_at,
           c.id as check_in_id, c.checked_in_at, c.distance_metres
      from duty_shifts s
      join duty_people p on p.id = s.person_id
      left join duty_check_ins c on c.shift_id = s.id and c.duty_date = ${input.date}::date
     where s.post_id = any(${input.postIds}::int[]) and s.weekday = ${input.weekday}
       ${input.personId !== undefined ? sql`and s.person_id = ${input.personId}` : sql``}
     order by s.post_id, s.starts_at, s.id`;
}

export async function insertShift(sql: Queryable, shift: { postId: number; personId: number; weekday: number; startsAt: string; endsAt: string }): Promise<number> {
  const [row] = await sql<{ id: number }[]>`insert into duty_shifts ${sql(shift)} returning id`;
  return row!.id;
}

export async function dutyPersonOfWorker(sql: Queryable, workerId: number): Promise<{ id: number; name: string; active: boolean } | undefined> {
  const [row] = await sql<{ id: number; name: string; active: boolean }[]>`
    select id, name, (left_on is null or left_on > ${zoneTodaySql(sql)}) as active from duty_people where worker_id = ${workerId}`;
  return row;
}

export async function distanceToPost(sql: Queryable, postId: number, longitude: number, latitude: number): Promise<number> {
  const [row] = await sql<{ distance: number }[]>`
    select ST_Distance(location::geography, ST_SetSRID(ST_MakePoint(${longitude}, ${latitude}), 4326)::geography)::float8 as distance
      from duty_posts where id = ${postId}`;
  return row!.distance;
}

export async function insertCheckIn(
  sql: Queryable,
  checkIn: { shiftId: number; personId: number; dutyDate: string; checkedInAt: Date; longitude: number; latitude: number; distanceMetres: number },
): Promise<{ id: number } | undefined> {
  const [row] = await sql<{ id: number }[]>`
    insert into duty_check_ins (shift_id, person_id, duty_date, checked_in_at, location, distance_metres)
    values (${checkIn.shiftId}, ${checkIn.personId}, ${checkIn.dutyDate}, ${checkIn.checkedInAt},
            ST_SetSRID(ST_MakePoint(${checkIn.longitude}, ${checkIn.latitude}), 4326), ${checkIn.distanceMetres})
    on conflict (shift_id, duty_date) do nothing
    returning id`;
  return row;
}
