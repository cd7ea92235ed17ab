import type { Queryable } from '../db/connect.ts';
import type { GeometryHex } from './grid-editing.repo.ts';

/**
 * Figures of a layout's shapes, shared by auto-split's alternatives and a plan's metrics: for each
 * polygon its households, residents and buildings (by where they are), compactness (Polsby–Popper
 * 4πA/P² and area ÷ convex hull) and contiguity (number of separate parts); for the boundaries the
 * polygons share among themselves (the cut, leaving out their outer edge), the length and the share
 * lying within `roadMetres` of a road centre line (以街巷道路地缘为主).
 */
export interface ShapeMetrics {
  households: number;
  residents: number;
  buildings: number;
  areaSquareMetres: number;
  perimeterMetres: number;
  polsbyPopper: number;
  convexHullRatio: number;
  partCount: number;
}

export interface BoundaryMetrics {
  /** length of the inner boundaries (between the polygons), metres */
  cutMetres: number;
  /** length of the inner boundaries within `roadMetres` of a road, metres */
  onRoadsMetres: number;
  /** onRoadsMetres ÷ cutMetres (1 when there is no cut) */
  onRoadsShare: number;
}

export const roadMetres = 3;

export async function shapeMetrics(sql: Queryable, geometries: GeometryHex[]): Promise<ShapeMetrics[]> {
  const rows = await sql<(ShapeMetrics & { position: number })[]>`
    with shapes as (select t.hex::geometry as g, t.position from unnest(${geometries}::text[]) with ordinality as t(hex, position))
    select s.position::int as position,
           (select count(*) from households h where ST_Covers(s.g, h.location))::int as households,
           (select coalesce(sum(h.resident_count), 0) from households h where ST_Covers(s.g, h.location))::int as residents,
           (select count(*) from buildings b where ST_Covers(s.g, b.location))::int as buildings,
           area_square_metres(s.g)::float8 as area_square_metres,
           ST_Perimeter(s.g::geography)::float8 as perimeter_metres,
           ST_NumGeometries(ST_Multi(s.g))::int as part_count,
           (area_square_metres(s.g) / nullif(area_square_metres(ST_ConvexHull(s.g)), 0))::float8 as convex_hull_ratio
      from shapes s
     order by s.position`;
  return rows.map(({ position: _position, ...row }) => ({
    ...row,
    polsbyPopper: row.perimeterMetres > 0 ? (4 * Math.PI * row.areaSquareMetres) / (row.perimeterMetres * row.perimeterMetres) : 0,
    convexHullRatio: row.convexHullRatio ?? 0,
  }));
}

/** The boundaries between `geometries` (not their outline `outline`), and how much of them follows roads. */
export async function boundaryMetrics(sql: Queryable, geometries: GeometryHex[], outline: GeometryHex): Promise<BoundaryMetrics> {
  const [row] = await sql<{ cutMetres: number | null; onRoadsMetres: number | null }[]>`
    with shapes as (select t.hex::geometry as g from unnest(${geometries}::text[]) as t(hex)),
    cut as (
      select ST_Difference(ST_Union(ST_Boundary(s.g)), ST_Buffer(ST_Boundary(${outline}::geometry), 1e-6)) as line from shapes s
    ),
    roads as (
      select ST_Union(ST_Buffer(r.geometry::geography, ${roadMetres})::geometry) as area
        from basemap_features r
       where r.layer = 'road' and r.geometry && ST_Expand(${outline}::geometry, 0.001)
    )
    select ST_Length(cut.line::geography)::float8 as cut_metres,
           coalesce(ST_Length(ST_Intersection(cut.line, roads.area)::geography), 0)::float8 as on_roads_metres
      from cut, roads`;
  const cutMetres = row?.cutMetres ?? 0;
  const onRoadsMetres = Math.min(cutMetres, row?.onRoadsMetres ?? 0);
  return { cutMetres, onRoadsMetres, onRoadsShare: cutMetres > 0 ? onRoadsMetres / cutMetres : 1 };
}
