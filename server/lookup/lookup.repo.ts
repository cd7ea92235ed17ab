import type { Queryable } from '../db/connect.ts';

export interface IndexedGrid {
  gridId: number;
  code: string;
  name: string;
  community: { id: number; code: string; name: string; serviceHallAddress: string | null; serviceHallHours: string | null };
  street: { code: string; name: string };
  worker: { name: string; dutyPhone: string | null; dutyHours: string | null; photoPath: string | null } | null;
  bbox: [number, number, number, number];
  geometry: GeoJSON.MultiPolygon;
}

export async function readLayoutRevision(sql: Queryable): Promise<number> {
  const [row] = await sql`select revision from layout_revision`;
  return Number(row?.revision ?? 0);
}

/** Everything the resident card needs, for every current grid, in one query. */
export async function loadCurrentGridsForIndex(sql: Queryable): Promise<IndexedGrid[]> {
  const rows = await sql<
    {
      gridId: number; code: string; name: string;
      communityId: number; communityCode: string; communityName: string;
      serviceHallAddress: string | null; serviceHallHours: string | null;
      streetCode: string; streetName: string;
      workerName: string | null; dutyPhone: string | null; dutyHours: string | null; photoPath: string | null;
      minX: number; minY: number; maxX: number; maxY: number;
      geometry: GeoJSON.MultiPolygon;
    }[]
  >`
    select gv.grid_id, gv.code, gv.name,
           c.id as community_id, c.code as community_code, c.name as community_name,
           c.service_hall_address, c.service_hall_hours,
           s.code as street_code, s.name as street_name,
           w.name as worker_name, w.duty_phone, w.duty_hours, w.photo_path,
           ST_XMin(gv.geometry) as min_x, ST_YMin(gv.geometry) as min_y,
           ST_XMax(gv.geometry) as max_x, ST_YMax(gv.geometry) as max_y,
           ST_AsGeoJSON(gv.geometry)::json as geometry
      from grid_versions gv
      join communities c on c.id = gv.community_id
      join streets s on s.id = c.street_id
      left join grid_assignments ga on ga.grid_id = gv.grid_id and ga.ended_at is null
      left join workers w on w.id = ga.worker_id
     where gv.valid_to is null`;
  return rows.map((row) => ({
    gridId: row.gridId,
    code: row.code,
    name: row.name,
    community: {
      id: row.communityId,
      code: row.communityCode,
      name: row.communityName,
      serviceHallAddress: row.serviceHallAddress,
      serviceHallHours: row.serviceHallHours,
    },
    street: { code: row.streetCode, name: row.streetName },
    worker: row.workerName
      ? { name: row.workerName, dutyPhone: row.dutyPhone, dutyHours: row.dutyHours, photoPath: row.photoPath }
      : null,
    bbox: [row.minX, row.minY, row.maxX, row.maxY],
    geometry: row.geometry,
  }));
}

/** A community's boundary for the index: the ingestion places a point in a community as SQL would (communities.boundary). */
export interface IndexedCommunity {
  id: number;
  code: string;
  bbox: [number, number, number, number];
  geometry: GeoJSON.MultiPolygon;
}

export async function loadCommunitiesForIndex(sql: Queryable): Promise<IndexedCommunity[]> {
  const rows = await sql<{ id: number; code: string; minX: number; minY: number; maxX: number; maxY: number; geometry: GeoJSON.MultiPolygon }[]>`
    select c.id, c.code, ST_XMin(c.boundary) as min_x, ST_YMin(c.boundary) as min_y, ST_XMax(c.boundary) as max_x, ST_YMax(c.boundary) as max_y,
           ST_AsGeoJSON(c.boundary)::json as geometry
      from communities c`;
  return rows.map((row) => ({ id: row.id, code: row.code, bbox: [row.minX, row.minY, row.maxX, row.maxY], geometry: row.geometry }));
}

/**
 * The last instant at which any grid version began or ended. From then on the versions valid at
 * an instant are exactly the current ones (valid_to null), so the index answers "the grid valid
 * at `at`" only for `at` at or after it.
 */
export async function readLayoutSettledAt(sql: Queryable): Promise<Date | null> {
  const [row] = await sql<{ settledAt: Date | null }[]>`
    select max(greatest(valid_from, coalesce(valid_to, valid_from))) as settled_at from grid_versions`;
  return row?.settledAt ?? null;
}

export interface NearestCommunity {
  id: number;
  code: string;
  name: string;
  distanceMetres: number;
}

/** Only for points outside every grid, which are rare: a SQL nearest-neighbour query is fine. */
export async function nearestCommunity(sql: Queryable, longitude: number, latitude: number): Promise<NearestCommunity | null> {
  const [row] = await sql<NearestCommunity[]>`
    select c.id, c.code, c.name,
           round(ST_Distance(c.boundary::geography, ST_SetSRID(ST_MakePoint(${longitude}, ${latitude}), 4326)::geography))::float8
             as distance_metres
      from communities c
     order by c.boundary <-> ST_SetSRID(ST_MakePoint(${longitude}, ${latitude}), 4326)
     limit 1`;
  return row ?? null;
}
