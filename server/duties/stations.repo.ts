import type { Queryable } from '../db/connect.ts';
import { zoneTodaySql } from '../time/zone.ts';

/** SQL of the community urban-management stations: figures for the staffing rule, roster, equipment ledger. */

export interface StationRow {
  id: number;
  communityId: number;
  communityName: string;
  name: string;
  officeAddress: string | null;
  officeAreaSquareMetres: number | null;
  residents: number;
  marketCount: number;
  vendorClusterCount: number;
}

/**
 * Stations with the community's resident population (常住, from its current grids' households) and its market/vendor points.
 * `residents`: the community's resident population as the caller just counted it (with `communityId`: grid-figures.ts), not summed again.
 * `withCurrentMembers`: also `currentMemberCount`, the roster's current members (role member) who are still active —
 * what `listMemberships` filters to, counted in the same statement (station-warnings.ts).
 */
export async function listStations(sql: Queryable, filter: { id?: number; communityId?: number; residents?: number } = {}, withCurrentMembers = false): Promise<(StationRow & { currentMemberCount?: number })[]> {
  const residents = filter.residents !== undefined && filter.communityId !== undefined
    ? sql`${filter.residents}::int`
    // the community's current grids first, then their households by the grid_id index (a join hashed every household)
    : sql`(select coalesce(sum(h.resident_count), 0)::int from households h
             where h.grid_id = any(array(select gv.grid_id from grid_versions gv where gv.community_id = c.id and gv.valid_to is null)))`;
  return sql<StationRow[]>`
    select s.id, s.community_id, c.name as community_name, s.name, s.office_address, s.office_area_square_metres,
           ${residents} as residents,
           (select count(*)::int from risk_sources r where r.community_id = c.id and r.kind = 'market') as market_count,
           greatest((select count(*)::int from duty_posts p where p.community_id = c.id and p.kind = 'vendor_cluster'), s.has_vendor_cluster::int) as vendor_cluster_count
           ${withCurrentMembers ? sql`, (select count(*)::int from station_memberships m join duty_people p on p.id = m.person_id
                                         where m.station_id = s.id and m.role = 'member'
                                           and (p.left_on is null or p.left_on > ${zoneTodaySql(sql)})
                                           and m.joined_on <= ${zoneTodaySql(sql)} and (m.left_on is null or m.left_on > ${zoneTodaySql(sql)})) as current_member_count` : sql``}
      from urban_stations s join communities c on c.id = s.community_id
     where true ${filter.id !== undefined ? sql`and s.id = ${filter.id}` : sql``}
       ${filter.communityId !== undefined ? sql`and s.community_id = ${filter.communityId}` : sql``}
     order by c.code`;
}

export interface MembershipRow {
  membershipId: number;
  stationId: number;
  personId: number;
  personName: string;
  personKind: string;
  personOrganisation: string | null;
  personActive: boolean;
  role: 'head' | 'deputy' | 'member';
  joinedOn: string;
  leftOn: string | null;
  current: boolean;
}

export async function listMemberships(sql: Queryable, stationIds: number[]): Promise<MembershipRow[]> {
  return sql<MembershipRow[]>`
    select m.id as membership_id, m.station_id, p.id as person_id, p.name as person_name, p.kind as person_kind, p.organisation as person_organisation,
           (p.left_on is null or p.left_on > ${zoneTodaySql(sql)}) as person_active,
           m.role, to_char(m.joined_on, 'YYYY-MM-DD') as joined_on, to_char(m.left_on, 'YYYY-MM-DD') as left_on,
           (m.joined_on <= ${zoneTodaySql(sql)} and (m.left_on is null or m.left_on > ${zoneTodaySql(sql)})) as current
      from station_memberships m join duty_people p on p.id = m.person_id
     where m.station_id = any(${stationIds}::int[])
     order by m.station_id, case m.role when 'head' then 0 when 'deputy' then 1 else 2 end, m.left_on nulls first, m.joined_on, m.id`;
}

export async function equipmentStock(sql: Queryable, stationIds: number[]): Promise<{ stationId: number; kind: string; quantity: number }[]> {
  return sql<{ stationId: number; kind: string; quantity: number }[]>`
    select station_id, kind, sum(quantity_change)::int as quantity
      from station_equipment_entries where station_id = any(${stationIds}::int[])
     group by station_id, kind order by station_id, kind`;
}

export interface EquipmentEntryRow {
  id: number;
  stationId: number;
  kind: string;
  quantityChange: number;
  recordedOn: string;
  note: string | null;
  createdAt: Date;
}

export async function listEquipmentEntries(sql: Queryable, stationId: number): Promise<EquipmentEntryRow[]> {
  return sql<EquipmentEntryRow[]>`
    select id, station_id, kind, quantity_change, to_char(recorded_on, 'YYYY-MM-DD') as recorded_on, note, created_at
      from station_equipment_entries where station_id = ${stationId} order by recorded_on, id`;
}

export async function insertEquipmentEntry(
  sql: Queryable,
  entry: { stationId: number; kind: string; quantityChange: number; recordedOn: string; note: string | null; recordedBy: number },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`insert into station_equipment_entries ${sql(entry)} returning id`;
  return row!.id;
}

export async function lockStation(sql: Queryable, id: number): Promise<{ id: number; communityId: number } | undefined> {
  const [row] = await sql<{ id: number; communityId: number }[]>`select id, community_id from urban_stations where id = ${id} for update`;
  return row;
}

export async function insertMembership(
  sql: Queryable,
  membership: { stationId: number; personId: number; role: string; joinedOn: string },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`insert into station_memberships ${sql(membership)} returning id`;
  return row!.id;
}

export async function overlappingMembership(sql: Queryable, personId: number, joinedOn: string): Promise<{ stationId: number } | undefined> {
  const [row] = await sql<{ stationId: number }[]>`
    select station_id from station_memberships
     where person_id = ${personId} and daterange(joined_on, left_on, '[)') && daterange(${joinedOn}::date, null, '[)') limit 1`;
  return row;
}

export async function endMembership(sql: Queryable, membershipId: number, leftOn: string): Promise<{ stationId: number; joinedOn: string } | undefined> {
  const [row] = await sql<{ stationId: number; joinedOn: string }[]>`
    update station_memberships set left_on = ${leftOn}
     where id = ${membershipId} and left_on is null and joined_on < ${leftOn}::date
    returning station_id, to_char(joined_on, 'YYYY-MM-DD') as joined_on`;
  return row;
}

export async function findMembership(sql: Queryable, membershipId: number): Promise<{ id: number; joinedOn: string; leftOn: string | null } | undefined> {
  const [row] = await sql<{ id: number; joinedOn: string; leftOn: string | null }[]>`
    select id, to_char(joined_on, 'YYYY-MM-DD') as joined_on, to_char(left_on, 'YYYY-MM-DD') as left_on
      from station_memberships where id = ${membershipId} for update`;
  return row;
}

export async function insertDutyPerson(
  sql: Queryable,
  person: { name: string; kind: string; organisation: string | null; dutyPhone: string | null; communityId: number | null; workerId: number | null },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`insert into duty_people ${sql(person)} returning id`;
  return row!.id;
}

export interface ReviewRow {
  id: number;
  stationId: number;
  personId: number;
  personName: string;
  personKind: string;
  personOrganisation: string | null;
  personActive: boolean;
  kind: 'monthly' | 'half_year';
  period: string;
  note: string;
  recordedBy: number | null;
  createdAt: Date;
}

export async function listReviews(sql: Queryable, stationId: number, id?: number): Promise<ReviewRow[]> {
  return sql<ReviewRow[]>`
    select r.id, r.station_id, p.id as person_id, p.name as person_name, p.kind as person_kind, p.organisation as person_organisation,
           (p.left_on is null or p.left_on > ${zoneTodaySql(sql)}) as person_active,
           r.kind, r.period, r.note, r.recorded_by, r.created_at
      from station_reviews r join duty_people p on p.id = r.person_id
     where r.station_id = ${stationId} ${id !== undefined ? sql`and r.id = ${id}` : sql``}
     order by r.period desc, r.kind, p.name, r.id`;
}

export async function isOnRoster(sql: Queryable, stationId: number, personId: number): Promise<boolean> {
  const [row] = await sql<{ present: boolean }[]>`
    select exists (select 1 from station_memberships where station_id = ${stationId} and person_id = ${personId}) as present`;
  return Boolean(row?.present);
}

export async function reviewExists(sql: Queryable, personId: number, kind: string, period: string): Promise<boolean> {
  const [row] = await sql<{ present: boolean }[]>`
    select exists (select 1 from station_reviews where person_id = ${personId} and kind = ${kind} and period = ${period}) as present`;
  return Boolean(row?.present);
}

export async function insertReview(sql: Queryable, review: { stationId: number; personId: number; kind: string; period: string; note: string; recordedBy: number }): Promise<number> {
  const [row] = await sql<{ id: number }[]>`insert into station_reviews ${sql(review)} returning id`;
  return row!.id;
}
