import type { Queryable } from '../db/connect.ts';

export interface ResidentsGroupRow {
  id: number;
  communityId: number;
  communityName: string;
  name: string;
  complexName: string | null;
  leaderName: string | null;
  leaderPhone: string | null;
  households: number;
  residents: number;
  buildings: number;
  geometry: GeoJSON.MultiPolygon;
}

/** Residents' groups with the households and buildings inside their boundary (of their own community). */
export async function listResidentsGroups(sql: Queryable): Promise<ResidentsGroupRow[]> {
  return sql<ResidentsGroupRow[]>`
    select r.id, r.community_id, c.name as community_name, r.name, r.complex_name, r.leader_name, r.leader_phone,
           coalesce(inside.households, 0)::int as households, coalesce(inside.residents, 0)::int as residents,
           coalesce(inside.buildings, 0)::int as buildings,
           ST_AsGeoJSON(r.boundary, 7)::json as geometry
      from residents_groups r
      join communities c on c.id = r.community_id
      left join lateral (
        select count(h.id) as households, sum(h.resident_count) as residents, count(distinct b.id) as buildings
          from buildings b left join households h on h.building_id = b.id
         where b.community_id = r.community_id and ST_Covers(r.boundary, b.location)
      ) inside on true
     order by c.code, r.name`;
}

export interface NewResidentsGroup {
  communityId: number;
  name: string;
  complexName: string | null;
  leaderName: string | null;
  leaderPhone: string | null;
}

/**
 * A residents' group drawn around the buildings of one residential area: their footprints' hull,
 * 12 m wider, inside the community. Used by the demo and when a planner creates one for an area.
 */
export async function insertResidentsGroupAroundArea(sql: Queryable, group: NewResidentsGroup): Promise<number | null> {
  const [row] = await sql<{ id: number }[]>`
    with hull as (
      select ST_Multi(ST_CollectionExtract(ST_Intersection(
               ST_Buffer(ST_ConvexHull(ST_Collect(b.footprint))::geography, 12)::geometry, c.boundary), 3)) as boundary
        from buildings b join communities c on c.id = b.community_id
       where b.community_id = ${group.communityId} and b.complex_name = ${group.complexName}
       group by c.boundary
    )
    insert into residents_groups (community_id, name, complex_name, leader_name, leader_phone, boundary)
    select ${group.communityId}, ${group.name}, ${group.complexName}, ${group.leaderName}, ${group.leaderPhone}, ST_SnapToGrid(boundary, 1e-7)
      from hull where not ST_IsEmpty(boundary) and ST_IsValid(ST_SnapToGrid(boundary, 1e-7))
    returning id`;
  return row?.id ?? null;
}
