import type { Queryable } from '../db/connect.ts';
import type { GeometryHex } from './grid-editing.repo.ts';
import { extendLineEnds } from './line-ends.ts';

/** SQL of auto-split (auto-split.ts): the pieces a grid falls into along its roads, and their unions. */

export interface FaceRow {
  geometry: GeometryHex;
  areaSquareMetres: number;
  households: number;
  x: number;
  y: number;
}

/** How far inside the grid a road must run to cut it (degrees, about 20 cm): roads along its edge do not. */
const insideDegrees = 2e-6;

/**
 * The grid cut by every road that runs through its inside (streets and estate roads, never through
 * a building: roads go between them), as pieces with their households and centres in metres from
 * the grid's centre. A grid no road crosses is one piece.
 */
export async function facesAlongRoads(sql: Queryable, grid: GeometryHex): Promise<FaceRow[]> {
  const lines = await sql<{ line: GeoJSON.LineString }[]>`
    with g as (select ${grid}::geometry as geometry),
    inside as (
      select ST_LineMerge(ST_Union(ST_Intersection(r.geometry, ST_Buffer(g.geometry, ${-insideDegrees}::float8)))) as lines
        from basemap_features r, g
       where r.layer = 'road' and r.geometry && g.geometry and ST_Intersects(r.geometry, ST_Buffer(g.geometry, ${-insideDegrees}::float8))
    )
    select ST_AsGeoJSON(d.geom, 9)::json as line
      from inside, ST_Dump(inside.lines) as d
     where GeometryType(d.geom) = 'LINESTRING'`;
  // each road piece stops just inside the grid: pushed out past the edge so that it cuts
  const blade: GeoJSON.MultiLineString = {
    type: 'MultiLineString',
    coordinates: lines.map((row) => extendLineEnds(row.line.coordinates, insideDegrees * 2)),
  };
  return sql<FaceRow[]>`
    with g as (select ${grid}::geometry as geometry),
    pieces as (
      select d.geom as g
        from g, ST_Dump(ST_CollectionExtract(
          case when ${blade.coordinates.length} = 0 then g.geometry
               else ST_Split(g.geometry, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(blade)}), 4326)) end, 3)) as d
    )
    select ST_AsHEXEWKB(p.g) as geometry, area_square_metres(p.g)::float8 as area_square_metres,
           (select count(*) from households h where ST_Covers(p.g, h.location))::int as households,
           ((ST_X(ST_Centroid(p.g)) - ST_X(ST_Centroid(g.geometry))) * 111320 * cos(radians(ST_Y(ST_Centroid(g.geometry)))))::float8 as x,
           ((ST_Y(ST_Centroid(p.g)) - ST_Y(ST_Centroid(g.geometry))) * 110540)::float8 as y
      from pieces p, g
     where area_square_metres(p.g) > 0.01
     order by ST_XMin(p.g), ST_YMax(p.g) desc`;
}

/** Pairs of faces (by position) whose boundaries run together for at least a metre. */
export async function faceAdjacency(sql: Queryable, faces: GeometryHex[]): Promise<[number, number][]> {
  const rows = await sql<{ a: number; b: number }[]>`
    with f as (select t.hex::geometry as g, (t.position - 1)::int as i from unnest(${faces}::text[]) with ordinality as t(hex, position))
    select a.i as a, b.i as b
      from f a join f b on a.i < b.i and ST_DWithin(a.g, b.g, 1e-7)
     where ST_Length(ST_Intersection(ST_Boundary(a.g), ST_Buffer(ST_Boundary(b.g), 1e-7))::geography) >= 1`;
  return rows.map((row) => [row.a, row.b]);
}

/**
 * The parts' shapes: each the union of its faces, except the part holding the most faces, which
 * is the grid minus the others, so that the parts cover the grid exactly (no sliver left over).
 */
export async function partShapes(sql: Queryable, grid: GeometryHex, faces: GeometryHex[], assignment: number[], parts: number): Promise<GeometryHex[]> {
  const counts = Array.from({ length: parts }, (_, part) => assignment.filter((value) => value === part).length);
  const rest = counts.indexOf(Math.max(...counts));
  const rows = await sql<{ part: number; geometry: GeometryHex | null }[]>`
    with f as (select t.hex::geometry as g, t.part from unnest(${faces}::text[], ${assignment}::int[]) as t(hex, part)),
    unions as (
      select f.part, ST_Multi(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(f.g), 1e-9), 3)) as g from f where f.part <> ${rest} group by f.part
    )
    select part, ST_AsHEXEWKB(g) as geometry from unions
    union all
    select ${rest}::int as part,
           ST_AsHEXEWKB(ST_Multi(ST_CollectionExtract(ST_Difference(${grid}::geometry, (select ST_Union(g) from unions), 1e-9), 3))) as geometry`;
  const byPart = new Map(rows.map((row) => [Number(row.part), row.geometry]));
  return Array.from({ length: parts }, (_, part) => {
    const geometry = byPart.get(part);
    if (!geometry) throw new Error(`auto-split: part ${part} has no shape`);
    return geometry;
  });
}
