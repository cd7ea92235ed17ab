import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type postgres from 'postgres';
import { householdSingleFromZoom, incidentSingleFromZoom, vectorTileLayers, type VectorTileLayer } from '../../contract/tiles.ts';
import type { Database, Queryable } from '../db/connect.ts';

/**
 * The city view as Mapbox vector tiles. One SQL statement per layer computes every feature already
 * in tile coordinates (Web Mercator tile → 4096 × 4096, clipped with a 64-unit buffer, snapped to
 * whole units, polygons wound as the MVT specification asks) with its properties. PostgreSQL encodes
 * those rows with `ST_AsMVT`; PGlite's PostGIS has no protobuf support (no ST_AsMVT/ST_AsMVTGeom),
 * so there the very same rows are encoded in JavaScript (@maplibre/vt-pbf). Hence one tile contract
 * on both databases, and test/scale/vector-tiles.test.ts checks that both encodings decode to the
 * same features.
 */

export const tileLayers = vectorTileLayers;
export type TileLayer = VectorTileLayer;

export const tileExtent = 4096;
const tileBuffer = 64;
/**
 * Below the layer's single-feature zoom (contract/tiles.ts), a point per 512 × 512-unit cell with
 * counts: 8 × 8 cells a tile, 64 px apart on a 512-px map tile — what a reader can tell apart
 * (the web map's GeoJSON clusters used a 42-px radius), and at most 64 features a tile.
 */
const clusterCell = 512;
/** EPSG:3857's sphere: metres of easting per degree of longitude, and the latitude where its square ends. */
const earthRadius = 6378137;
const mercatorMetresPerDegree = (earthRadius * Math.PI) / 180;
const mercatorLatitudeLimit = 85.0511287798066;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

type Fragment = postgres.PendingQuery<postgres.Row[]>;

/**
 * The tile's frame: its Web Mercator envelope, the buffered clip box, the same boxes in WGS84 for
 * the spatial indexes (a Mercator rectangle is a longitude/latitude rectangle), and the scale.
 */
function frame(sql: Queryable, { z, x, y }: TileAddress): Fragment {
  return sql`
    select ST_XMin(envelope) as x0, ST_YMax(envelope) as y1,
           ${tileExtent}::float8 / (ST_XMax(envelope) - ST_XMin(envelope)) as scale,
           ST_Expand(envelope, (ST_XMax(envelope) - ST_XMin(envelope)) * ${tileBuffer / tileExtent}::float8) as clip,
           ST_Transform(ST_Expand(envelope, (ST_XMax(envelope) - ST_XMin(envelope)) * ${tileBuffer / tileExtent}::float8), 4326) as clip_wgs84,
           ST_Transform(envelope, 4326) as envelope_wgs84
      from (select ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int) as envelope) t` as unknown as Fragment;
}

/** Mercator → tile units (y down), not yet snapped. */
const toTile = (sql: Queryable, geometry: Fragment) =>
  sql`ST_Affine(${geometry}, f.scale, 0, 0, -f.scale, -f.x0 * f.scale, f.y1 * f.scale)`;

/** A polygon column clipped to the buffered tile, exterior clockwise on screen, snapped to whole units. */
const polygonInTile = (sql: Queryable, column: Fragment) =>
  sql`ST_SnapToGrid(${toTile(sql, sql`ST_ForcePolygonCW(ST_CollectionExtract(ST_ClipByBox2D(ST_Transform(${column}, 3857), f.clip::box2d), 3))` as unknown as Fragment)}, 1)`;

/** Polygons that survived clipping and snapping (a sliver can collapse to nothing at low zoom). */
const keepPolygons = (sql: Queryable) => sql`geom is not null and not ST_IsEmpty(geom) and ST_Area(geom) > 0`;

function communitiesFeatures(sql: Queryable, address: TileAddress): Fragment {
  return sql`
    select id, code, name, geom from (
      select c.id, c.code, c.name, ${polygonInTile(sql, sql`c.boundary` as unknown as Fragment)} as geom
        from communities c, (${frame(sql, address)}) f
       where c.boundary && f.clip_wgs84
    ) s
     where ${keepPolygons(sql)}
     order by id` as unknown as Fragment;
}

/** Current grids with the public figures /api/grids also shows: households, residents, worker, vacancy. */
function gridsFeatures(sql: Queryable, address: TileAddress): Fragment {
  return sql`
    select id, code, name, "communityId", households, residents, "workerId", "workerName", vacant, geom from (
      select gv.grid_id as id, gv.code, gv.name, gv.community_id as "communityId",
             coalesce(figures.households, 0)::int as households, coalesce(figures.residents, 0)::int as residents,
             worker.id as "workerId", worker.name as "workerName", (worker.id is null) as vacant,
             ${polygonInTile(sql, sql`gv.geometry` as unknown as Fragment)} as geom
        from grid_versions gv
        cross join (${frame(sql, address)}) f
        left join lateral (
          select w.id, w.name from grid_assignments ga join workers w on w.id = ga.worker_id
           where ga.grid_id = gv.grid_id and ga.ended_at is null limit 1
        ) worker on true
        left join lateral (
          select count(*) as households, sum(h.resident_count) as residents from households h where h.grid_id = gv.grid_id
        ) figures on true
       where gv.valid_to is null and gv.geometry && f.clip_wgs84
    ) s
     where ${keepPolygons(sql)}
     order by id` as unknown as Fragment;
}

/**
 * Points → features: single points (with their own columns) at and above `singleFromZoom`, below it
 * one point per cell (`clusterCell` units square) at the cell's mean position with `count` (and the sums given).
 * A point belongs to the one tile whose half-open envelope holds it, so counts add up across tiles.
 */
function pointFeatures(
  sql: Queryable,
  address: TileAddress,
  options: { points: Fragment; singleColumns: Fragment; clusterSums: Fragment; singleFromZoom: number },
): Fragment {
  // Web Mercator in closed form from the point's longitude and latitude (the same metres as
  // ST_Transform(…, 3857) to 1e-9 of a tile unit; clamped to the projection's latitude limit): a
  // few float operations a point instead of a PROJ call and two geometries, which is most of a
  // low-zoom tile's first encoding at city scale (BENCHMARKS.md, issue 21 fourth session)
  const placed = sql`
    select p.*,
           (ST_X(p.point) * ${mercatorMetresPerDegree}::float8 - f.x0) * f.scale as tx,
           (f.y1 - ln(tan(radians(90 + greatest(least(ST_Y(p.point), ${mercatorLatitudeLimit}::float8), ${-mercatorLatitudeLimit}::float8)) / 2))
                   * ${earthRadius}::float8) * f.scale as ty
      from (${options.points}) p
      cross join (${frame(sql, address)}) f`;
  if (address.z >= options.singleFromZoom) {
    return sql`
      select ${options.singleColumns}, ST_SnapToGrid(ST_MakePoint(tx, ty), 1) as geom
        from (${placed}) q
       where tx >= 0 and tx < ${tileExtent} and ty >= 0 and ty < ${tileExtent}
       order by id` as unknown as Fragment;
  }
  const cells = tileExtent / clusterCell;
  return sql`
    select (cy * ${cells} + cx + 1)::int as id, count(*)::int as count ${options.clusterSums},
           ST_SnapToGrid(ST_MakePoint(avg(tx), avg(ty)), 1) as geom
      from (
        select q.*, floor(ty / ${clusterCell}) as cy, floor(tx / ${clusterCell}) as cx
          from (${placed}) q
         where tx >= 0 and tx < ${tileExtent} and ty >= 0 and ty < ${tileExtent}
      ) c
     group by cy, cx
     order by 1` as unknown as Fragment;
}

/** Households for staff: no personal field, only where they are, their grid and how many live there. */
function householdsFeatures(sql: Queryable, address: TileAddress): Fragment {
  return pointFeatures(sql, address, {
    points: sql`
      select h.id, h.grid_id, h.resident_count, h.location as point
        from households h, (${frame(sql, address)}) f
       where h.location && f.envelope_wgs84` as unknown as Fragment,
    singleColumns: sql`id, grid_id as "gridId", resident_count::int as residents` as unknown as Fragment,
    clusterSums: sql`, sum(resident_count)::int as residents` as unknown as Fragment,
    singleFromZoom: householdSingleFromZoom,
  });
}

/**
 * Incidents as the public may see them (issue 23): only cases `incident_is_public` admits, at their
 * public point — snapped to the policy's precision cell, as server/residents/public-location.ts does,
 * exact only for the classes the policy names (public fixtures). The same tile for every caller, so
 * it can be cached publicly; staff read exact points through the desk and the heatmap.
 */
function incidentsFeatures(sql: Queryable, address: TileAddress): Fragment {
  const policy = sql`
    select greatest(coalesce((select (value #>> '{}')::float8 from policy where key = 'public_location_precision_metres'), 50), 1) as metres,
           coalesce((select value from policy where key = 'public_exact_location_majors'), '[]'::jsonb) as exact_majors`;
  return pointFeatures(sql, address, {
    points: sql`
      select i.id, i.category_code, i.status, coalesce(category.major_code, category.code) as major_code,
             case when pp.exact_majors ? coalesce(category.major_code, category.code) then i.location
                  else ST_SetSRID(ST_MakePoint(
                         round(((floor(ST_X(i.location) / cell.longitude_step) + 0.5) * cell.longitude_step)::numeric, 6)::float8,
                         round(cell.latitude::numeric, 6)::float8), 4326) end as point
        from incidents i
        join incident_categories category on category.code = i.category_code
        cross join (${policy}) pp
        cross join (${frame(sql, address)}) f
        cross join lateral (
          select lat as latitude, pp.metres / (111320 * greatest(cos(radians(lat)), 0.01)) as longitude_step
            from (select (floor(ST_Y(i.location) / (pp.metres / 111320)) + 0.5) * (pp.metres / 111320) as lat) l
        ) cell
       where i.location && ST_Expand(f.envelope_wgs84, pp.metres / 111320 * 4)
         -- what incident_is_public requires in any case, read from columns and one policy value (an
         -- InitPlan), so the function — which PostgreSQL cannot inline, and which costs a policy and
         -- a category lookup a call — runs only for the few cases that may be public
         and i.hidden_from_public is not true
         and (i.published_at is not null
              or (i.status not in ('reported', 'rejected') and (select value from policy where key = 'public_report_sources') ? i.source))
         and incident_is_public(i.source, i.category_code, i.status, i.hidden_from_public, i.published_at)` as unknown as Fragment,
    singleColumns: sql`id, category_code as category, major_code as major, status` as unknown as Fragment,
    clusterSums: sql`` as unknown as Fragment,
    singleFromZoom: incidentSingleFromZoom,
  });
}

/**
 * The data revision of the point layers: the layout revision (a household's grid) plus the
 * `point_data_revision` sequence, which every statement that adds, changes or removes a household,
 * an incident or an incident category advances (migration 0024). Read from the database, so every
 * server process agrees on it without a message; a sum of two non-decreasing counters is one.
 * A sign-in or another audited action that leaves the points as they were does not move it.
 */
export async function readDataRevision(sql: Queryable): Promise<number> {
  const [row] = await sql<{ revision: string }[]>`
    select ((select revision from layout_revision) + (select last_value from point_data_revision))::text as revision`;
  return Number(row?.revision ?? 0);
}

/** The features of one layer's tile, each row: `id`, properties, and `geom` in tile units. */
export function tileFeatures(sql: Queryable, layer: TileLayer, address: TileAddress): Fragment {
  switch (layer) {
    case 'communities':
      return communitiesFeatures(sql, address);
    case 'grids':
      return gridsFeatures(sql, address);
    case 'households':
      return householdsFeatures(sql, address);
    case 'incidents':
      return incidentsFeatures(sql, address);
  }
}

/** The tile as PostgreSQL encodes it (`ST_AsMVT`); empty when no feature falls in it. */
export async function encodeTileInDatabase(sql: Queryable, layer: TileLayer, address: TileAddress): Promise<Uint8Array> {
  const [row] = await sql<{ tile: Buffer | null }[]>`
    select ST_AsMVT(f, ${layer}::text, ${tileExtent}::int, 'geom', 'id') as tile from (${tileFeatures(sql, layer, address)}) f`;
  return row?.tile ? new Uint8Array(row.tile.buffer, row.tile.byteOffset, row.tile.byteLength) : new Uint8Array(0);
}

interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

/** The tile encoded in JavaScript from the same rows: what PGlite serves (and a check on PostgreSQL). */
export async function encodeTileInJavaScript(sql: Queryable, layer: TileLayer, address: TileAddress): Promise<Uint8Array> {
  const rows = await sql<{ id: number; properties: Record<string, unknown>; geometry: string }[]>`
    select f.id, to_jsonb(f) - 'geom' - 'id' as properties, ST_AsGeoJSON(f.geom) as geometry
      from (${tileFeatures(sql, layer, address)}) f`;
  if (rows.length === 0) return new Uint8Array(0);
  const features = rows.flatMap((row) => {
    const geometry = JSON.parse(row.geometry) as GeoJsonGeometry;
    const tags = Object.fromEntries(Object.entries(row.properties).filter(([, value]) => value !== null && value !== undefined));
    const shaped = toTileGeometry(geometry);
    return shaped ? [{ id: row.id, type: shaped.type, geometry: shaped.geometry, tags }] : [];
  });
  return fromGeojsonVt({ [layer]: { features } } as never, { version: 2, extent: tileExtent });
}

/**
 * GeoJSON in tile units → the geojson-vt shape vt-pbf writes: points as a list of [x, y], lines
 * and polygons as a list of rings (a multipolygon's rings one after another, as ST_AsMVT writes them).
 */
function toTileGeometry(geometry: GeoJsonGeometry): { type: 1 | 2 | 3; geometry: number[][] | number[][][] } | undefined {
  const coordinates = geometry.coordinates as never;
  switch (geometry.type) {
    case 'Point':
      return { type: 1, geometry: [coordinates] };
    case 'MultiPoint':
      return { type: 1, geometry: coordinates };
    case 'LineString':
      return { type: 2, geometry: [coordinates] };
    case 'MultiLineString':
      return { type: 2, geometry: coordinates };
    case 'Polygon':
      return { type: 3, geometry: coordinates };
    case 'MultiPolygon':
      return { type: 3, geometry: (coordinates as number[][][][]).flat() };
    default:
      return undefined;
  }
}

/** The tile on this database: ST_AsMVT on PostgreSQL, JavaScript on PGlite. */
export function encodeTile(database: Database, layer: TileLayer, address: TileAddress): Promise<Uint8Array> {
  return database.mode === 'postgres'
    ? encodeTileInDatabase(database.sql, layer, address)
    : encodeTileInJavaScript(database.sql, layer, address);
}
