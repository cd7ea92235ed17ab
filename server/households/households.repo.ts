import type { Queryable } from '../db/connect.ts';
import type { Bbox } from '../http/query-parameters.ts';
import type { HouseholdScope } from './household-scope.ts';

export interface HouseholdLocationRow {
  id: number;
  gridId: number;
  buildingId: number;
  residentCount: number;
  longitude: number;
  latitude: number;
}

/** Where households are, for the clustered map layer: locations and counts, no personal fields. */
export async function listHouseholdLocations(sql: Queryable, bbox: Bbox | undefined, scope: HouseholdScope): Promise<HouseholdLocationRow[]> {
  return sql<HouseholdLocationRow[]>`
    select h.id, h.grid_id, h.building_id, h.resident_count,
           round(ST_X(h.location)::numeric, 6)::float8 as longitude, round(ST_Y(h.location)::numeric, 6)::float8 as latitude
      from households h
     where ${scopeCondition(sql, scope)}
     ${bbox ? sql`and h.location && ST_MakeEnvelope(${bbox.minLng}, ${bbox.minLat}, ${bbox.maxLng}, ${bbox.maxLat}, 4326)` : sql``}`;
}


export interface HouseholdRecord {
  id: number;
  gridId: number;
  buildingId: number;
  complexName: string | null;
  buildingNumber: string;
  unit: string | null;
  room: string;
  registeredCount: number;
  residentCount: number;
  floatingCount: number;
  registeredElsewhere: boolean;
  elderlyAlone: boolean;
  disability: boolean;
  /** headName, headPhone and headIdNumber: sealed (encrypted) as stored; householdView opens and masks them. */
  headName: string | null;
  headPhone: string | null;
  headIdNumber: string | null;
  longitude: number;
  latitude: number;
}

function scopeCondition(sql: Queryable, scope: HouseholdScope) {
  if (scope.kind === 'all') return sql`true`;
  if (scope.kind === 'grid') return sql`h.grid_id = ${scope.gridId}`;
  return sql`false`;
}

export async function listHouseholds(
  sql: Queryable,
  scope: HouseholdScope,
  filter: { gridId?: number; buildingId?: number; limit: number; offset: number },
): Promise<{ rows: HouseholdRecord[]; total: number }> {
  const where = sql`
    ${scopeCondition(sql, scope)}
    ${filter.gridId ? sql`and h.grid_id = ${filter.gridId}` : sql``}
    ${filter.buildingId ? sql`and h.building_id = ${filter.buildingId}` : sql``}`;
  const rows = await sql<HouseholdRecord[]>`
    select h.id, h.grid_id, h.building_id, b.complex_name, b.number as building_number, h.unit, h.room,
           h.registered_count, h.resident_count, h.floating_count, h.registered_elsewhere, h.elderly_alone, h.disability,
           h.head_name, h.head_phone, h.head_id_number,
           ST_X(h.location) as longitude, ST_Y(h.location) as latitude
      from households h join buildings b on b.id = h.building_id
     where ${where}
     order by b.complex_name, b.number, h.unit, h.room
     limit ${filter.limit} offset ${filter.offset}`;
  const [count] = await sql<{ total: number }[]>`select count(*)::int as total from households h where ${where}`;
  return { rows, total: count?.total ?? 0 };
}

export async function findHousehold(sql: Queryable, scope: HouseholdScope, id: number): Promise<HouseholdRecord | undefined> {
  const [row] = await sql<HouseholdRecord[]>`
    select h.id, h.grid_id, h.building_id, b.complex_name, b.number as building_number, h.unit, h.room,
           h.registered_count, h.resident_count, h.floating_count, h.registered_elsewhere, h.elderly_alone, h.disability,
           h.head_name, h.head_phone, h.head_id_number,
           ST_X(h.location) as longitude, ST_Y(h.location) as latitude
      from households h join buildings b on b.id = h.building_id
     where h.id = ${id} and ${scopeCondition(sql, scope)}`;
  return row;
}
