import type { Queryable } from '../db/connect.ts';
import type { Bbox } from '../http/query-parameters.ts';

/** SQL for communities and grids. `at` undefined means the current layout. */

export interface CommunityRow {
  id: number;
  code: string;
  name: string;
  streetCode: string;
  streetName: string;
  gridCount: number;
  households: number;
  residents: number;
  serviceHallAddress: string | null;
  serviceHallHours: string | null;
  dutyPhone: string | null;
  geometry: GeoJSON.MultiPolygon;
}

export async function listCommunities(sql: Queryable): Promise<CommunityRow[]> {
  return sql<CommunityRow[]>`
    select c.id, c.code, c.name, s.code as street_code, s.name as street_name,
           c.service_hall_address, c.service_hall_hours, c.duty_phone,
           (select count(*)::int from grid_versions gv where gv.community_id = c.id and gv.valid_to is null) as grid_count,
           coalesce(totals.households, 0)::int as households,
           coalesce(totals.residents, 0)::int as residents,
           ST_AsGeoJSON(c.boundary, 7)::json as geometry
      from communities c
      join streets s on s.id = c.street_id
      left join lateral (
        select count(*) as households, sum(h.resident_count) as residents
          from households h
          join grid_versions gv on gv.grid_id = h.grid_id and gv.valid_to is null
         where gv.community_id = c.id
      ) totals on true
     order by c.code`;
}

export interface GridRow {
  id: number;
  versionId: number;
  code: string;
  name: string;
  communityId: number;
  communityName: string;
  communityCode: string;
  validFrom: Date;
  validTo: Date | null;
  workerId: number | null;
  workerName: string | null;
  households: number;
  residents: number;
  buildings: number;
  areaSquareMetres: number;
  geometry: GeoJSON.MultiPolygon;
}

/**
 * Grids whose version was valid at `at` (or is current) and that intersect the bbox.
 * Household figures come from households.grid_id for the current layout and from the
 * households' locations for a past one (their grid_id only tracks the present).
 */
export async function listGrids(sql: Queryable, filter: { bbox?: Bbox; at?: Date; gridId?: number }): Promise<GridRow[]> {
  const at = filter.at ?? null;
  const bbox = filter.bbox;
  return sql<GridRow[]>`
    select gv.grid_id as id, gv.id as version_id, gv.code, gv.name, gv.community_id,
           c.name as community_name, c.code as community_code, gv.valid_from, gv.valid_to,
           worker.id as worker_id, worker.name as worker_name,
           coalesce(figures.households, 0)::int as households,
           coalesce(figures.residents, 0)::int as residents,
           coalesce(figures.buildings, 0)::int as buildings,
           round(ST_Area(gv.geometry::geography))::float8 as area_square_metres,
           ST_AsGeoJSON(gv.geometry, 7)::json as geometry
      from grid_versions gv
      join communities c on c.id = gv.community_id
      left join lateral (
        select w.id, w.name
          from grid_assignments ga join workers w on w.id = ga.worker_id
         where ga.grid_id = gv.grid_id
           and ${at === null ? sql`ga.ended_at is null` : sql`ga.started_at <= ${at} and (ga.ended_at is null or ga.ended_at > ${at})`}
         limit 1
      ) worker on true
      left join lateral (
        select count(*) as households, sum(h.resident_count) as residents, count(distinct h.building_id) as buildings
          from households h
         where ${at === null ? sql`h.grid_id = gv.grid_id` : sql`ST_Intersects(gv.geometry, h.location)`}
      ) figures on true
     where ${at === null ? sql`gv.valid_to is null` : sql`gv.valid_from <= ${at} and (gv.valid_to is null or gv.valid_to > ${at})`}
       ${bbox ? sql`and gv.geometry && ST_MakeEnvelope(${bbox.minLng}, ${bbox.minLat}, ${bbox.maxLng}, ${bbox.maxLat}, 4326)` : sql``}
       ${filter.gridId !== undefined ? sql`and gv.grid_id = ${filter.gridId}` : sql``}
     order by gv.code`;
}

export interface GridVersionRow {
  versionId: number;
  code: string;
  name: string;
  validFrom: Date;
  validTo: Date | null;
  changeNote: string | null;
  /** the display name of who made the version (kept for older clients; same as changedByName) */
  changedBy: string | null;
  changedById: number | null;
  changedByName: string | null;
  /** the change note under the name the grid page uses */
  note: string | null;
  /** the draft plan the version was published from (null for a direct edit) */
  planName: string | null;
}

export async function listGridVersions(sql: Queryable, gridId: number): Promise<GridVersionRow[]> {
  return sql<GridVersionRow[]>`
    select gv.id as version_id, gv.code, gv.name, gv.valid_from, gv.valid_to, gv.change_note,
           u.display_name as changed_by, gv.changed_by as changed_by_id, u.display_name as changed_by_name,
           gv.change_note as note,
           (select p.name from plans p where p.id = gv.plan_id) as plan_name
      from grid_versions gv left join users u on u.id = gv.changed_by
     where gv.grid_id = ${gridId}
     order by gv.valid_from desc`;
}

export interface WorkerPublicCard {
  workerId: number;
  name: string;
  dutyPhone: string | null;
  dutyHours: string | null;
  photoPath: string | null;
}

export async function currentWorkerCard(sql: Queryable, gridId: number): Promise<WorkerPublicCard | null> {
  const [row] = await sql<WorkerPublicCard[]>`
    select w.id as worker_id, w.name, w.duty_phone, w.duty_hours, w.photo_path
      from grid_assignments ga join workers w on w.id = ga.worker_id
     where ga.grid_id = ${gridId} and ga.ended_at is null`;
  return row ?? null;
}

export async function gridExists(sql: Queryable, gridId: number): Promise<boolean> {
  const [row] = await sql`select exists (select 1 from grids where id = ${gridId}) as present`;
  return Boolean(row?.present);
}
