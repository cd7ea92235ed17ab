import type { Queryable } from '../db/connect.ts';

/** SQL of the emergency teams, duty rooms, their members and the duty roster (migration 0019). */

export interface TeamRow {
  id: number;
  name: string;
  kind: 'leading_group' | 'rescue_team' | 'volunteer_team' | 'duty_room' | 'cctv_room';
  communityId: number | null;
  longitude: number | null;
  latitude: number | null;
  phone: string | null;
}

export interface MemberRow {
  id: number;
  teamId: number;
  name: string;
  duty: string;
  phone: string | null;
  isResident: boolean;
}

export interface OnDutyRow {
  teamId: number;
  teamName: string;
  teamKind: TeamRow['kind'];
  memberId: number;
  memberName: string;
  duty: string;
  phone: string | null;
  until: Date;
  distanceMetres: number | null;
}

export async function listTeams(sql: Queryable): Promise<TeamRow[]> {
  return sql<TeamRow[]>`
    select id, name, kind, community_id, ST_X(location) as longitude, ST_Y(location) as latitude, phone
      from emergency_teams order by community_id nulls first, kind, id`;
}

export async function listMembers(sql: Queryable): Promise<MemberRow[]> {
  return sql<MemberRow[]>`select id, team_id, name, duty, phone, is_resident from emergency_team_members order by team_id, id`;
}

export async function insertTeam(
  sql: Queryable,
  team: { name: string; kind: TeamRow['kind']; communityId: number | null; point: [number, number] | null; phone: string | null },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into emergency_teams (name, kind, community_id, location, phone)
    values (${team.name}, ${team.kind}, ${team.communityId},
            ${team.point ? sql`ST_SetSRID(ST_MakePoint(${team.point[0]}, ${team.point[1]}), 4326)` : null}, ${team.phone})
    returning id`;
  return row!.id;
}

export async function teamExists(sql: Queryable, id: number): Promise<boolean> {
  const [row] = await sql`select 1 from emergency_teams where id = ${id}`;
  return Boolean(row);
}

export async function insertMember(
  sql: Queryable,
  member: { teamId: number; name: string; duty: string; phone: string | null; isResident: boolean },
): Promise<MemberRow> {
  const [row] = await sql<MemberRow[]>`
    insert into emergency_team_members (team_id, name, duty, phone, is_resident)
    values (${member.teamId}, ${member.name}, ${member.duty}, ${member.phone}, ${member.isResident})
    returning id, team_id, name, duty, phone, is_resident`;
  return row!;
}

export async function memberOfTeam(sql: Queryable, teamId: number, memberId: number): Promise<boolean> {
  const [row] = await sql`select 1 from emergency_team_members where id = ${memberId} and team_id = ${teamId}`;
  return Boolean(row);
}

export async function insertShift(sql: Queryable, shift: { teamId: number; memberId: number; startsAt: Date; endsAt: Date }) {
  const [row] = await sql<{ id: number; teamId: number; memberId: number; startsAt: Date; endsAt: Date }[]>`
    insert into emergency_duty_shifts (team_id, member_id, starts_at, ends_at)
    values (${shift.teamId}, ${shift.memberId}, ${shift.startsAt}, ${shift.endsAt})
    returning id, team_id, member_id, starts_at, ends_at`;
  return row!;
}

/**
 * Who is on duty at `at`: every member with a shift covering that instant. Near a point, the
 * teams of its community and the street-level ones, nearest duty rooms first.
 */
export async function listOnDuty(
  sql: Queryable,
  at: Date,
  near?: { longitude: number; latitude: number; communityId: number | null },
): Promise<OnDutyRow[]> {
  const point = near ? sql`ST_SetSRID(ST_MakePoint(${near.longitude}, ${near.latitude}), 4326)` : null;
  return sql<OnDutyRow[]>`
    select t.id as team_id, t.name as team_name, t.kind as team_kind, m.id as member_id, m.name as member_name, m.duty, m.phone,
           max(s.ends_at) as until,
           ${point ? sql`case when t.location is null then null else round(ST_Distance(t.location::geography, ${point}::geography))::float8 end` : sql`null::float8`} as distance_metres
      from emergency_duty_shifts s
      join emergency_team_members m on m.id = s.member_id
      join emergency_teams t on t.id = s.team_id
     where s.starts_at <= ${at} and s.ends_at > ${at}
       ${near && near.communityId !== null ? sql`and (t.community_id is null or t.community_id = ${near.communityId})` : sql``}
     group by t.id, m.id
     order by distance_metres asc nulls last, t.kind, t.id, m.id`;
}
