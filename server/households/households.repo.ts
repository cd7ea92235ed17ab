import type { Queryable } from '../db/connect.ts';
import type { Bbox } from '../http/query-parameters.ts';

export interface HouseholdLocationRow {
  id: number;
  gridId: number;
  buildingId: number;
  residentCount: number;
  longitude: number;
  latitude: number;
}

/** Where households are, for the clustered map layer: locations and counts, no personal fields. */
export async function listHouseholdLocations(sql: Queryable, bbox?: Bbox): Promise<HouseholdLocationRow[]> {
  return sql<HouseholdLocationRow[]>`
    select h.id, h.grid_id, h.building_id, h.resident_count,
           round(ST_X(h.location)::numeric, 6)::float8 as longitude, round(ST_Y(h.location)::numeric, 6)::float8 as latitude
      from households h
     ${bbox ? sql`where h.location && ST_MakeEnvelope(${bbox.minLng}, ${bbox.minLat}, ${bbox.maxLng}, ${bbox.maxLat}, 4326)` : sql``}`;
}
