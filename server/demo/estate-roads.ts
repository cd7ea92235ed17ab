import type { Queryable } from '../db/connect.ts';

/**
 * Estate access roads (小区道路) of the demo: in each housing block, a road runs in every clear gap
 * between columns and between rows of buildings, from the block's surrounding streets (the grid's
 * edge, which follows their centre lines) across to the other side. The basemap held only the
 * streets between blocks, so a grid that is one large estate could not be cut along any road;
 * 第8篇 groups buildings "along access roads", and auto-split cuts along them. Returns the count.
 */
export async function insertEstateRoads(sql: Queryable, streetCode: string): Promise<number> {
  const blocks = await sql<{ blockId: number; gridGeometry: string; xmin: number; xmax: number; ymin: number; ymax: number }[]>`
    select k.id as block_id, v.geometry as grid_geometry,
           ST_XMin(k.geometry) as xmin, ST_XMax(k.geometry) as xmax, ST_YMin(k.geometry) as ymin, ST_YMax(k.geometry) as ymax
      from basemap_features k
      join grid_versions v on v.valid_to is null and ST_Covers(v.geometry, ST_PointOnSurface(k.geometry))
      join communities c on c.id = v.community_id join streets s on s.id = c.street_id
     where k.layer = 'block' and k.class in ('residential', 'commercial') and s.code = ${streetCode}
     order by k.id`;
  let inserted = 0;
  for (const block of blocks) {
    const buildings = await sql<{ xmin: number; xmax: number; ymin: number; ymax: number }[]>`
      select ST_XMin(b.footprint) as xmin, ST_XMax(b.footprint) as xmax, ST_YMin(b.footprint) as ymin, ST_YMax(b.footprint) as ymax
        from buildings b join basemap_features k on k.id = ${block.blockId}
       where ST_Covers(k.geometry, b.location) and b.kind in ('residential', 'resettlement', 'commercial')`;
    if (buildings.length < 4) continue;
    const latitude = (block.ymin + block.ymax) / 2;
    const metresX = 111_320 * Math.cos((latitude * Math.PI) / 180);
    const metresY = 110_540;
    const reach = 80; // metres beyond the block: far enough to cross the surrounding street's centre line
    const lines: [number, number][][] = [];
    for (const x of gapMiddles(buildings.map((b) => [b.xmin, b.xmax] as const), 8 / metresX)) {
      lines.push([[x, block.ymin - reach / metresY], [x, block.ymax + reach / metresY]]);
    }
    for (const y of gapMiddles(buildings.map((b) => [b.ymin, b.ymax] as const), 8 / metresY)) {
      lines.push([[block.xmin - reach / metresX, y], [block.xmax + reach / metresX, y]]);
    }
    for (const line of lines) {
      const [row] = await sql<{ id: number }[]>`
        with road as (
          select ST_LineMerge(ST_Intersection(ST_SetSRID(ST_MakeLine(ST_MakePoint(${line[0]![0]}, ${line[0]![1]}), ST_MakePoint(${line[1]![0]}, ${line[1]![1]})), 4326),
                                              ${block.gridGeometry}::geometry)) as geometry
        )
        insert into basemap_features (layer, class, name, geometry)
        select 'road', 'estate', null, road.geometry from road
         where not ST_IsEmpty(road.geometry) and GeometryType(road.geometry) = 'LINESTRING'
           and not exists (select 1 from buildings b where ST_Intersects(b.footprint, road.geometry))
        returning id`;
      if (row) inserted++;
    }
  }
  return inserted;
}

/** The middles of the clear gaps (wider than `minimumGap`) between intervals along one axis. Pure. */
export function gapMiddles(intervals: (readonly [number, number])[], minimumGap: number): number[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const middles: number[] = [];
  let reach = sorted[0]?.[1] ?? 0;
  for (const [start, end] of sorted.slice(1)) {
    if (start - reach >= minimumGap) middles.push((reach + start) / 2);
    reach = Math.max(reach, end);
  }
  return middles;
}
