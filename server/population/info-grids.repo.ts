import type { Queryable } from '../db/connect.ts';

export interface GridBuildingRow {
  id: number;
  /** metres east and north of the grid's centroid (local plane), for grouping */
  x: number;
  y: number;
}

export interface CurrentGridVersion {
  gridId: number;
  versionId: number;
  code: string;
  name: string;
}

export async function currentGridVersion(sql: Queryable, gridId: number): Promise<CurrentGridVersion | undefined> {
  const [row] = await sql<CurrentGridVersion[]>`
    select grid_id, id as version_id, code, name from grid_versions where grid_id = ${gridId} and valid_to is null`;
  return row;
}

/**
 * The buildings of a grid version: those whose point lies in it; a point on a shared edge goes to
 * the current grid with the lowest id, so that every building is in exactly one grid.
 */
export async function buildingsOfGridVersion(sql: Queryable, versionId: number): Promise<GridBuildingRow[]> {
  return sql<GridBuildingRow[]>`
    select b.id,
           (ST_X(b.location) - ST_X(ST_Centroid(v.geometry))) * 111320 * cos(radians(ST_Y(b.location))) as x,
           (ST_Y(b.location) - ST_Y(ST_Centroid(v.geometry))) * 110540 as y
      from grid_versions v
      join buildings b on ST_Covers(v.geometry, b.location)
     where v.id = ${versionId}
       and not exists (
         select 1 from grid_versions other
          where other.valid_to is null and other.grid_id < v.grid_id and ST_Covers(other.geometry, b.location))
     order by b.id`;
}

export interface NewInfoGrid {
  sequence: number;
  name: string;
  buildingIds: number[];
  informationOfficer: string | null;
  officerPhone: string | null;
}

/**
 * Store the information grids of a grid version. Their shapes tile the grid: each building's
 * Voronoi cell (of all the grid's building points, clipped to the grid) goes to its group, so
 * the groups' shapes cover the grid with no gap and no overlap, and never cross it.
 */
export async function insertInfoGrids(sql: Queryable, gridId: number, versionId: number, infoGrids: NewInfoGrid[]): Promise<number[]> {
  if (infoGrids.length === 0) return [];
  const buildingIds = infoGrids.flatMap((group) => group.buildingIds);
  const sequences = infoGrids.flatMap((group) => group.buildingIds.map(() => group.sequence));
  const shapes = infoGrids.length === 1
    ? await sql<{ sequence: number; geometry: string }[]>`
        select ${infoGrids[0]!.sequence}::int as sequence, geometry from grid_versions where id = ${versionId}`
    : await sql<{ sequence: number; geometry: string }[]>`
        with parent as (select geometry from grid_versions where id = ${versionId}),
        members as (
          select t.building_id, t.sequence, b.location
            from unnest(${buildingIds}::int[], ${sequences}::int[]) as t(building_id, sequence)
            join buildings b on b.id = t.building_id
        ),
        cells as (
          select (ST_Dump(ST_VoronoiPolygons(ST_Collect(m.location), 0, (select geometry from parent)))).geom as cell from members m
        ),
        owned as (
          select distinct on (c.cell) m.sequence, c.cell
            from cells c join members m on ST_Intersects(c.cell, m.location)
           order by c.cell, m.building_id
        )
        select o.sequence,
               ST_Multi(ST_CollectionExtract(ST_Intersection(ST_Union(o.cell), (select geometry from parent)), 3)) as geometry
          from owned o
         group by o.sequence`;
  const geometryBySequence = new Map(shapes.map((shape) => [Number(shape.sequence), shape.geometry]));
  const ids: number[] = [];
  for (const group of infoGrids) {
    const geometry = geometryBySequence.get(group.sequence);
    if (!geometry) throw new Error(`information grid ${group.sequence} got no shape`);
    const [row] = await sql<{ id: number }[]>`
      insert into info_grids (grid_id, grid_version_id, sequence, name, geometry, information_officer, officer_phone)
      values (${gridId}, ${versionId}, ${group.sequence}, ${group.name}, ${geometry}, ${group.informationOfficer}, ${group.officerPhone})
      returning id`;
    ids.push(row!.id);
    await sql`
      insert into info_grid_buildings (grid_version_id, building_id, info_grid_id)
      select ${versionId}, building_id, ${row!.id} from unnest(${group.buildingIds}::int[]) as t(building_id)`;
  }
  return ids;
}

export interface InfoGridRow {
  id: number;
  gridId: number;
  gridVersionId: number;
  sequence: number;
  name: string;
  buildingCount: number;
  households: number;
  residents: number;
  informationOfficer: string | null;
  officerPhone: string | null;
  geometry: GeoJSON.MultiPolygon;
}

export async function listInfoGrids(sql: Queryable, versionId: number): Promise<InfoGridRow[]> {
  return sql<InfoGridRow[]>`
    select i.id, i.grid_id, i.grid_version_id, i.sequence, i.name, i.information_officer, i.officer_phone,
           (select count(*) from info_grid_buildings m where m.info_grid_id = i.id)::int as building_count,
           (select count(*) from info_grid_buildings m join households h on h.building_id = m.building_id where m.info_grid_id = i.id)::int as households,
           (select coalesce(sum(h.resident_count), 0) from info_grid_buildings m join households h on h.building_id = m.building_id where m.info_grid_id = i.id)::int as residents,
           ST_AsGeoJSON(i.geometry, 7)::json as geometry
      from info_grids i
     where i.grid_version_id = ${versionId}
     order by i.sequence`;
}
