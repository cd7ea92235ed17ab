import type postgres from 'postgres';
import type { Geometry } from '../../contract/common.ts';
import type { Queryable } from '../db/connect.ts';
import { requireGeometry } from '../db/require-geometry.ts';
import { editTolerances } from './edit-tolerances.ts';

/**
 * SQL of grid editing. Geometries travel between statements as hex EWKB (`GeometryHex`), which
 * PostgreSQL casts back to geometry losslessly on both PGlite and PostgreSQL.
 */
export type GeometryHex = string;

const precision = editTolerances.precisionDegrees;
const touching = editTolerances.touchingDegrees;

// ─── versions, locks, policy ──────────────────────────────────────────────────────────────────

export interface NamedVersion {
  versionId: number;
  gridId: number;
  communityId: number;
  currentVersionId: number | null;
}

export async function findVersions(sql: Queryable, versionIds: number[]): Promise<NamedVersion[]> {
  return sql<NamedVersion[]>`
    select gv.id as version_id, gv.grid_id, gv.community_id,
           (select c.id from grid_versions c where c.grid_id = gv.grid_id and c.valid_to is null) as current_version_id
      from grid_versions gv
     where gv.id = any(${versionIds}::bigint[])`;
}

/** Edits of one community run one after another: the community row is the lock. */
export async function lockCommunity(sql: Queryable, communityId: number): Promise<{ id: number; code: string; name: string } | undefined> {
  const [row] = await sql<{ id: number; code: string; name: string }[]>`
    select id, code, name from communities where id = ${communityId} for update`;
  return row;
}

export interface CurrentVersion {
  versionId: number;
  gridId: number;
  communityId: number;
  code: string;
  name: string;
  geometry: GeometryHex;
  areaSquareMetres: number;
}

export async function currentVersionsOfGrids(sql: Queryable, gridIds: number[]): Promise<CurrentVersion[]> {
  return sql<CurrentVersion[]>`
    select id as version_id, grid_id, community_id, code, name, ST_AsHEXEWKB(geometry) as geometry,
           area_square_metres(geometry)::float8 as area_square_metres
      from grid_versions
     where grid_id = any(${gridIds}::int[]) and valid_to is null
     order by code`;
}

export async function currentVersionsOfCommunity(sql: Queryable, communityId: number): Promise<CurrentVersion[]> {
  return sql<CurrentVersion[]>`
    select id as version_id, grid_id, community_id, code, name, ST_AsHEXEWKB(geometry) as geometry,
           area_square_metres(geometry)::float8 as area_square_metres
      from grid_versions
     where community_id = ${communityId} and valid_to is null
     order by code`;
}

export async function readPolicyValues(sql: Queryable, keys: string[]): Promise<Map<string, unknown>> {
  const rows = await sql<{ key: string; value: unknown }[]>`select key, value from policy where key = any(${keys}::text[])`;
  return new Map(rows.map((row) => [row.key, row.value]));
}

// ─── geometry input and measures ──────────────────────────────────────────────────────────────

export interface GeometryCheck {
  geometry: GeometryHex | null;
  valid: boolean | null;
  reason: string | null;
  location: GeoJSON.Point | null;
}

/** GeoJSON from a request → geometry, with PostGIS's verdict on validity. */
export async function geometryFromGeoJson(sql: Queryable, geoJson: GeoJSON.Geometry): Promise<GeometryCheck> {
  const [row] = await sql<GeometryCheck[]>`
    with input as (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geoJson)}), 4326) as g),
         detail as (select g, ST_IsValidDetail(g) as d from input)
    select ST_AsHEXEWKB(g) as geometry, (d).valid as valid, (d).reason as reason,
           ST_AsGeoJSON((d).location, 9)::json as location
      from detail`;
  return row ?? { geometry: null, valid: null, reason: null, location: null };
}

export interface Measured {
  areaSquareMetres: number;
  geoJson: Geometry | null;
}

export async function measure(sql: Queryable, geometry: GeometryHex): Promise<Measured> {
  const [row] = await sql<Measured[]>`
    select coalesce(area_square_metres(${geometry}::geometry), 0)::float8 as area_square_metres,
           ST_AsGeoJSON(${geometry}::geometry, 9)::json as geo_json`;
  return row!;
}

export async function geoJsonOf(sql: Queryable, geometry: GeometryHex): Promise<Geometry> {
  const [row] = await sql<{ geoJson: Geometry }[]>`select ST_AsGeoJSON(${geometry}::geometry, 9)::json as geo_json`;
  return row!.geoJson;
}

/** a − b, polygonal part only (never NULL: PostGIS failures become `empty_geometry_result`). */
export async function difference(sql: Queryable, a: GeometryHex, b: GeometryHex, operation: string): Promise<GeometryHex> {
  const rows = await sql<{ geometry: GeometryHex | null }[]>`
    select ST_AsHEXEWKB(ST_CollectionExtract(ST_Difference(${a}::geometry, ${b}::geometry, ${precision}), 3)) as geometry`;
  return requireGeometry(rows, 'geometry', operation).geometry!;
}

export async function intersection(sql: Queryable, a: GeometryHex, b: GeometryHex, operation: string): Promise<GeometryHex> {
  const rows = await sql<{ geometry: GeometryHex | null }[]>`
    select ST_AsHEXEWKB(ST_CollectionExtract(ST_Intersection(${a}::geometry, ${b}::geometry, ${precision}), 3)) as geometry`;
  return requireGeometry(rows, 'geometry', operation).geometry!;
}

export async function union(sql: Queryable, geometries: GeometryHex[], operation: string): Promise<GeometryHex> {
  const rows = await sql<{ geometry: GeometryHex | null }[]>`
    select ST_AsHEXEWKB(ST_CollectionExtract(ST_UnaryUnion(ST_Collect(g::geometry), ${precision}), 3)) as geometry
      from unnest(${geometries}::text[]) as g`;
  return requireGeometry(rows, 'geometry', operation).geometry!;
}

export async function communityBoundary(sql: Queryable, communityId: number): Promise<GeometryHex> {
  const rows = await sql<{ geometry: GeometryHex }[]>`select ST_AsHEXEWKB(boundary) as geometry from communities where id = ${communityId}`;
  return requireGeometry(rows, 'geometry', 'community boundary').geometry;
}

export interface Piece {
  geometry: GeometryHex;
  areaSquareMetres: number;
  touchesLine: boolean;
}

/** The polygons (`g`) ST_Split cuts `grid` into along `line` (`line`): the rows of a CTE `pieces`. */
const splitPieces = (sql: Queryable, grid: postgres.PendingQuery<postgres.Row[]>, line: postgres.PendingQuery<postgres.Row[]>) =>
  sql`select (ST_Dump(ST_CollectionExtract(ST_Split(${grid}, ${line}), 3))).geom as g, ${line} as line`;

/** A `Piece`'s columns, from a row of `splitPieces`. */
const pieceColumns = (sql: Queryable, piece: string) => sql`
  ST_AsHEXEWKB(${sql(piece)}.g) as geometry, area_square_metres(${sql(piece)}.g)::float8 as area_square_metres,
  ST_DWithin(${sql(piece)}.g, ${sql(piece)}.line, ${touching}) as touches_line`;

/** The polygons ST_Split cuts a grid into; one piece means the line does not cross the grid. */
export async function splitByLine(sql: Queryable, grid: GeometryHex, line: GeometryHex): Promise<Piece[]> {
  return sql<Piece[]>`
    with pieces as (${splitPieces(sql, sql`${grid}::geometry`, sql`${line}::geometry`)})
    select ${pieceColumns(sql, 'pieces')} from pieces
     order by area_square_metres desc`;
}

/**
 * A request's GeoJSON line read and checked (`geometryFromGeoJson`) and, when valid, the pieces ST_Split cuts the
 * grid version `versionId` into (`splitByLine`) — one statement, the grid's outline never leaving the database.
 * null when the statement answered no row (PGlite's PostGIS may swallow a GEOS error: require-geometry.ts).
 */
export async function splitVersionByGeoJsonLine(
  sql: Queryable,
  versionId: number,
  line: GeoJSON.Geometry,
): Promise<{ line: Omit<GeometryCheck, 'geometry'> & { read: boolean }; pieces: Piece[] } | null> {
  const rows = await sql<({ read: boolean; valid: boolean | null; reason: string | null; location: GeoJSON.Point | null }
    & { geometry: GeometryHex | null; areaSquareMetres: number | null; touchesLine: boolean | null })[]>`
    with input as (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(line)}), 4326) as g),
         detail as materialized (select g, ST_IsValidDetail(g) as d from input),
         pieces as (
           select cut.* from grid_versions gv cross join detail
            cross join lateral (${splitPieces(sql, sql`gv.geometry`, sql`detail.g`)}) cut
            where gv.id = ${versionId} and (detail.d).valid
         )
    select detail.g is not null as read, (detail.d).valid as valid, (detail.d).reason as reason,
           ST_AsGeoJSON((detail.d).location, 9)::json as location, p.geometry, p.area_square_metres, p.touches_line
      from detail
      left join lateral (select ${pieceColumns(sql, 'pieces')} from pieces) p on true
     order by p.area_square_metres desc`;
  const [first] = rows;
  if (!first) return null;
  return {
    line: { read: first.read, valid: first.valid, reason: first.reason, location: first.location },
    pieces: rows.flatMap((row) => (row.geometry === null ? [] : [{ geometry: row.geometry, areaSquareMetres: row.areaSquareMetres!, touchesLine: row.touchesLine! }])),
  };
}

/** Parts of a polygonal geometry larger than `minimumSquareMetres`. */
export async function partsOf(sql: Queryable, geometry: GeometryHex, minimumSquareMetres: number): Promise<Piece[]> {
  return sql<Piece[]>`
    with parts as (select (ST_Dump(${geometry}::geometry)).geom as g)
    select ST_AsHEXEWKB(g) as geometry, area_square_metres(g)::float8 as area_square_metres, false as touches_line
      from parts
     where area_square_metres(g) > ${minimumSquareMetres}`;
}

export async function isTouching(sql: Queryable, a: GeometryHex, b: GeometryHex): Promise<boolean> {
  const [row] = await sql<{ touching: boolean }[]>`select ST_DWithin(${a}::geometry, ${b}::geometry, ${touching}) as touching`;
  return Boolean(row?.touching);
}

/** Length in metres along which the boundaries of a and b run together (within 1 cm). */
export async function sharedBoundaryMetres(sql: Queryable, a: GeometryHex, b: GeometryHex): Promise<number> {
  const [row] = await sql<{ metres: number | null }[]>`
    select case when ST_DWithin(${a}::geometry, ${b}::geometry, ${touching})
                then ST_Length(ST_Intersection(ST_Boundary(${a}::geometry), ST_Buffer(ST_Boundary(${b}::geometry), ${touching}))::geography)
                else 0 end::float8 as metres`;
  return row?.metres ?? 0;
}

export interface BlockRow {
  id: number;
  name: string | null;
  geometry: GeometryHex;
}

export async function findBlock(sql: Queryable, blockId: number): Promise<BlockRow | undefined> {
  const [row] = await sql<BlockRow[]>`
    select id, name, ST_AsHEXEWKB(ST_CollectionExtract(geometry, 3)) as geometry
      from basemap_features where id = ${blockId} and layer = 'block'`;
  return row;
}

// ─── the write path ───────────────────────────────────────────────────────────────────────────

export interface NormalisedGeometry {
  geometry: GeometryHex | null;
  valid: boolean | null;
  reason: string | null;
  empty: boolean | null;
  areaSquareMetres: number | null;
  outsideSquareMetres: number | null;
  outside: Geometry | null;
  partCount: number | null;
}

export interface PreparedLayoutChange {
  /** the community, locked (`lockCommunity`); undefined when there is none (nothing else is answered then) */
  community: { id: number; code: string; name: string } | undefined;
  /** each geometry snapped and measured, in the order given */
  normalised: NormalisedGeometry[];
  /**
   * The union of the current versions of `coveredGridIds` with the digest of the community's layout (`layoutKeyOf`), as
   * the write path needs it: null when none has a current version (a grid an undo revives) or none was asked for; geometry null if PostGIS failed.
   */
  coverage: { geometry: GeometryHex | null; layoutKey: string | null } | null;
}

/**
 * The reads that open the write path, in one statement: lock the community row (edits of one community run one
 * after another), snap each geometry to the precision lattice, keep polygons, and measure it against the community
 * boundary; and what the grids `coveredGridIds` cover now.
 */
export async function lockAndPrepareLayoutChange(
  sql: Queryable,
  communityId: number,
  geometries: GeometryHex[],
  coveredGridIds: number[],
): Promise<PreparedLayoutChange> {
  const coverage = coveredGridIds.length > 0
    ? sql`
      select count(*) > 0 as present, ST_AsHEXEWKB(ST_UnaryUnion(ST_Collect(geometry), ${precision})) as geometry,
             (select ${layoutKeyOf(sql, communityId)} from (select ST_AsEWKB(boundary) as boundary_bytes from community) c) as layout_key
        from grid_versions where grid_id = any(${coveredGridIds}::int[]) and valid_to is null`
    : sql`select false as present, null::text as geometry, null::text as layout_key`;
  const rows = await sql<(NormalisedGeometry & {
    communityId: number; communityCode: string; communityName: string;
    coveragePresent: boolean; coverageGeometry: GeometryHex | null; coverageLayoutKey: string | null; position: number | null;
  })[]>`
    with community as materialized (
      select id, code, name, boundary from communities where id = ${communityId} for update
    ),
    snapped as (
      select input.position, ST_Multi(ST_CollectionExtract(ST_ReducePrecision(input.hex::geometry, ${precision}), 3)) as g
        from unnest(${geometries}::text[]) with ordinality as input(hex, position)
    ),
    checked as materialized (
      select s.position, s.g, ST_IsValid(s.g) as valid, c.boundary from snapped s cross join community c
    ),
    -- materialized: each test once; the part outside the community only for a grid not inside it
    -- (the overlay costs more than the containment test with the boundary prepared), and the reason only for an invalid one
    measured as materialized (
      select position, g, valid, case when valid then 'Valid Geometry' else ST_IsValidReason(g) end as reason,
             case when valid and ST_CoveredBy(g, boundary) then null else ST_Difference(g, boundary, ${precision}) end as outside
        from checked
    ),
    coverage as (${coverage})
    select c.id as community_id, c.code as community_code, c.name as community_name,
           coverage.present as coverage_present, coverage.geometry as coverage_geometry, coverage.layout_key as coverage_layout_key,
           m.position::int as position, ST_AsHEXEWKB(m.g) as geometry, m.valid, m.reason, ST_IsEmpty(m.g) as empty,
           area_square_metres(m.g)::float8 as area_square_metres,
           area_square_metres(m.outside)::float8 as outside_square_metres,
           ST_AsGeoJSON(m.outside, 9)::json as outside,
           ST_NumGeometries(m.g) as part_count
      from community c cross join coverage left join measured m on true`;
  const none: NormalisedGeometry = { geometry: null, valid: null, reason: null, empty: null, areaSquareMetres: null, outsideSquareMetres: null, outside: null, partCount: null };
  const [first] = rows;
  if (!first) {
    // no row: no such community — or PGlite's PostGIS swallowed a GEOS error (require-geometry.ts): nothing was
    // checked, so nothing may pass
    const community = await lockCommunity(sql, communityId);
    if (community) requireGeometry([], 'geometry', 'checks of the new outlines');
    return { community: undefined, normalised: [], coverage: null };
  }
  const normalised = geometries.map((_, index) => {
    const row = rows.find((candidate) => candidate.position === index + 1);
    if (!row) return none;
    const { geometry, valid, reason, empty, areaSquareMetres, outsideSquareMetres, outside, partCount } = row;
    return { geometry, valid, reason, empty, areaSquareMetres, outsideSquareMetres, outside, partCount };
  });
  return {
    community: { id: first.communityId, code: first.communityCode, name: first.communityName },
    normalised,
    coverage: first.coveragePresent ? { geometry: first.coverageGeometry, layoutKey: first.coverageLayoutKey } : null,
  };
}

export interface EndedVersion {
  versionId: number;
  gridId: number;
  code: string;
  name: string;
}

/**
 * End the grids' current versions and read `nextGridSequence`, in one statement (the sequence is read from the codes, which ending
 * a version does not change).
 */
export async function endCurrentVersionsWithNextSequence(sql: Queryable, gridIds: number[], communityId: number): Promise<{ ended: EndedVersion[]; nextSequence: number }> {
  const rows = await sql<(Partial<EndedVersion> & { highest: number | null })[]>`
    with ended as (
      update grid_versions set valid_to = now()
       where grid_id = any(${gridIds}::int[]) and valid_to is null
      returning id as version_id, grid_id, code, name
    ),
    highest as (${highestSequence(sql, communityId)})
    select ended.version_id, ended.grid_id, ended.code, ended.name, highest.highest
      from highest left join ended on true`;
  return {
    ended: rows.flatMap(({ versionId, gridId, code, name }) => (versionId == null ? [] : [{ versionId, gridId: gridId!, code: code!, name: name! }])),
    nextSequence: (rows[0]?.highest ?? 0) + 1,
  };
}

/** The highest sequence any version of the community ever had (`highest`, null for none), from the codes. */
const highestSequence = (sql: Queryable, communityId: number) => sql`
    select max(substr(gv.code, 13, 3)::int) as highest
      from grid_versions gv join communities c on c.id = gv.community_id
     where gv.community_id = ${communityId} and left(gv.code, 12) = c.code`;

/** Sequences are never reused: the next one follows the highest any version of the community ever had. */
export async function nextGridSequence(sql: Queryable, communityId: number): Promise<number> {
  const [row] = await sql<{ highest: number | null }[]>`${highestSequence(sql, communityId)}`;
  return (row?.highest ?? 0) + 1;
}

export async function insertGridVersion(
  sql: Queryable,
  version: { gridId: number; communityId: number; code: string; name: string; geometry: GeometryHex; changedBy: number | null; changeNote: string | null },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from, changed_by, change_note)
    values (${version.gridId}, ${version.communityId}, ${version.code}, ${version.name}, ${version.geometry}::geometry, now(),
            ${version.changedBy}, ${version.changeNote})
    returning id`;
  return row!.id;
}

/**
 * The CTEs `targets` and `moved` (id, from_grid_id, grid_id) of the rule below: rows of the `from` grids and the
 * `to` grid each would go to — the containing one with the lowest code (on a shared edge), else the nearest.
 */
function movedRowsCtes(sql: Queryable, table: 'households' | 'incidents', fromGridIds: number[], toGridIds: number[]) {
  // closed and rejected incidents keep the grid they were in; households always follow the layout
  const stillOpen = table === 'incidents' ? sql`and item.status not in ('closed', 'rejected')` : sql``;
  return sql`
    with targets as (
      select grid_id, code, geometry from grid_versions where grid_id = any(${toGridIds}::int[]) and valid_to is null
    ),
    items as materialized (
      select item.id, item.grid_id as from_grid_id, item.location
        from ${sql(table)} item
       where item.grid_id = any(${fromGridIds}::int[]) ${stillOpen}
    ),
    -- target by target (lateral): one outline tested against row after row (PostGIS prepares it once); a
    -- subquery per row alternating between the targets cost 2.5 ms more for 2,245 incidents
    containing as (
      select distinct on (inside.id) inside.id, t.grid_id
        from targets t
        cross join lateral (select items.id from items where ST_Intersects(t.geometry, items.location)) inside
       order by inside.id, t.code
    ),
    -- materialized: read once by the count or the update; only a row inside no target pays for distances
    -- (coalesce evaluates its second argument only when the first is null)
    moved as materialized (
      select items.id, items.from_grid_id,
             coalesce(containing.grid_id,
                      (select t.grid_id from targets t order by ST_Distance(t.geometry, items.location), t.code limit 1)) as grid_id
        from items left join containing on containing.id = items.id
    )`;
}

/**
 * How many rows of the `from` grids would move, counted from what was read (no second visit to the
 * table: for incidents, a probe of every month) — a statement, or a scalar subquery inside one.
 */
const movedCount = (sql: Queryable, table: 'households' | 'incidents', fromGridIds: number[], toGridIds: number[]) => sql`
  ${movedRowsCtes(sql, table, fromGridIds, toGridIds)}
  select count(*)::int as moved from moved where moved.grid_id is not null and moved.grid_id <> moved.from_grid_id`;

/** A new grid of the community and its first version (a grids row, then `insertGridVersion`), in one statement. */
export async function insertGridWithVersion(
  sql: Queryable,
  version: { communityId: number; code: string; name: string; geometry: GeometryHex; changedBy: number | null; changeNote: string | null },
): Promise<{ gridId: number; versionId: number }> {
  const [row] = await sql<{ gridId: number; versionId: number }[]>`
    with grid as (insert into grids (community_id) values (${version.communityId}) returning id)
    insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from, changed_by, change_note)
    select grid.id, ${version.communityId}, ${version.code}, ${version.name}, ${version.geometry}::geometry, now(),
           ${version.changedBy}, ${version.changeNote}
      from grid
    returning grid_id, id as version_id`;
  return row!;
}

/**
 * Rows of the `from` grids go to the `to` grid containing their location (the lowest code on a
 * shared edge, as the resident lookup answers), or the nearest one if none contains it.
 */
async function reassignToContainingGrid(
  sql: Queryable,
  table: 'households' | 'incidents',
  fromGridIds: number[],
  toGridIds: number[],
  countOnly = false,
): Promise<number> {
  if (countOnly) {
    const [row] = await sql<{ moved: number }[]>`${movedCount(sql, table, fromGridIds, toGridIds)}`;
    return Number(row?.moved ?? 0);
  }
  const result = await sql`
    ${movedRowsCtes(sql, table, fromGridIds, toGridIds)}
    update ${sql(table)} target set grid_id = moved.grid_id
      from moved
     where moved.id = target.id and moved.grid_id is not null and moved.grid_id <> target.grid_id`;
  return result.count;
}

export function reassignHouseholds(sql: Queryable, fromGridIds: number[], toGridIds: number[]): Promise<number> {
  return reassignToContainingGrid(sql, 'households', fromGridIds, toGridIds);
}

/** `countOnly`: how many open incidents would move, nothing written (a preview). */
export function reassignOpenIncidents(sql: Queryable, fromGridIds: number[], toGridIds: number[], countOnly = false): Promise<number> {
  return reassignToContainingGrid(sql, 'incidents', fromGridIds, toGridIds, countOnly);
}

export interface HouseholdFigures {
  households: number;
  residents: number;
  buildings: number;
}

export interface HouseholdPlacement {
  /** households (and residents) of the `from` grids where they are now */
  before: { households: number; residents: number };
  /** households (and residents) the `to` grids would hold */
  after: { households: number; residents: number };
  /** households whose grid would change */
  moved: number;
  /** figures of each `to` grid that would hold households (absent: none) */
  byGrid: Map<number, HouseholdFigures>;
  /** figures of each `from` grid as it holds households now, before the edit (absent: none) */
  byGridBefore: Map<number, HouseholdFigures>;
  /** with `countOpenIncidents`: how many open incidents would move (`reassignOpenIncidents`, counted), else 0 */
  incidentsMoved: number;
}

/**
 * Where the households of the `from` grids would go — by the rule of `reassignHouseholds`, the
 * containing `to` grid with the lowest code, else the nearest — counted, not written: one
 * aggregate that gives a preview the moved count, the conservation totals and each grid's figures,
 * after the edit and (for the `from` grids) before it. Households already in a `to` grid that is
 * not a `from` grid stay where they are. `countOpenIncidents`: the same statement counts the open incidents
 * that would move too (a preview's `reassignOpenIncidents(…, countOnly)`), as `incidentsMoved`.
 */
export async function placeHouseholds(sql: Queryable, fromGridIds: number[], toGridIds: number[], countOpenIncidents = false): Promise<HouseholdPlacement> {
  // households by (grid now, grid after, building): the figures are summed below, so that the
  // statement does one hash aggregate and no sort for counting distinct buildings; one row carries
  // them as JSON arrays [old grid, target, building, households, residents] with the incident count
  const [answer] = await sql<{ groups: [number, number | null, number | null, number, number][]; incidentsMoved: number }[]>`
    with targets as (
      select grid_id, code, geometry from grid_versions where grid_id = any(${toGridIds}::int[]) and valid_to is null
    ),
    held as materialized (
      select h.id, h.grid_id, h.resident_count, h.building_id, h.location, h.grid_id = any(${fromGridIds}::int[]) as from_grid
        from households h
       where h.grid_id = any(${[...new Set([...fromGridIds, ...toGridIds])]}::int[])
    ),
    -- target by target (lateral): one outline tested against household after household (PostGIS
    -- prepares it once); a subquery per household alternated between the targets: 2.3 vs 6-9 ms for 2,300 households
    containing as (
      select distinct on (inside.id) inside.id, t.grid_id
        from targets t
        cross join lateral (select held.id from held where held.from_grid and ST_Intersects(t.geometry, held.location)) inside
       order by inside.id, t.code
    ),
    placed as (
      select held.grid_id as old_grid_id, held.resident_count, held.building_id,
             -- in no target: the nearest (coalesce evaluates the distances only then)
             case when held.from_grid then coalesce(
               containing.grid_id,
               (select t.grid_id from targets t order by ST_Distance(t.geometry, held.location), t.code limit 1)
             ) end as target
        from held left join containing on containing.id = held.id
    ),
    grouped as (
      select old_grid_id, target, building_id, count(*)::int as households, coalesce(sum(resident_count), 0)::int as residents
        from placed
       group by old_grid_id, target, building_id
    )
    select (select coalesce(json_agg(json_build_array(old_grid_id, target, building_id, households, residents)), '[]'::json) from grouped) as groups,
           ${countOpenIncidents ? sql`(${movedCount(sql, 'incidents', fromGridIds, toGridIds)})` : sql`0`} as incidents_moved`;
  const rows = answer!.groups.map(([oldGridId, target, buildingId, households, residents]) => ({ oldGridId, target, buildingId, households, residents }));
  const to = new Set(toGridIds);
  const from = new Set(fromGridIds);
  const placement: HouseholdPlacement = {
    before: { households: 0, residents: 0 }, after: { households: 0, residents: 0 }, moved: 0, byGrid: new Map(), byGridBefore: new Map(),
    incidentsMoved: Number(answer!.incidentsMoved ?? 0),
  };
  const buildings = { after: new Map<number, Set<number>>(), before: new Map<number, Set<number>>() };
  const add = (figures: Map<number, HouseholdFigures>, buildingsOf: Map<number, Set<number>>, gridId: number, row: (typeof rows)[number]) => {
    const grid = figures.get(gridId) ?? { households: 0, residents: 0, buildings: 0 };
    grid.households += row.households;
    grid.residents += row.residents;
    figures.set(gridId, grid);
    const seen = buildingsOf.get(gridId) ?? new Set<number>();
    if (row.buildingId !== null) seen.add(row.buildingId);
    buildingsOf.set(gridId, seen);
    grid.buildings = seen.size;
  };
  for (const row of rows) {
    const gridId = row.target ?? row.oldGridId;
    if (from.has(row.oldGridId)) {
      placement.before.households += row.households;
      placement.before.residents += row.residents;
      add(placement.byGridBefore, buildings.before, row.oldGridId, row);
    }
    if (row.target !== null && row.target !== row.oldGridId) placement.moved += row.households;
    if (!to.has(gridId)) continue;
    placement.after.households += row.households;
    placement.after.residents += row.residents;
    add(placement.byGrid, buildings.after, gridId, row);
  }
  return placement;
}

export interface Overlap {
  gridId: number;
  otherGridId: number;
  code: string;
  otherCode: string;
  areaSquareMetres: number | null;
  geometry: Geometry | null;
}

/** The CTE `overlapping` (`overlaps` is a keyword): interior overlaps between the given current versions and their current siblings. */
const overlapsCte = (sql: Queryable, versionIds: number[]) => sql`
    pairs as (
      select a.grid_id, b.grid_id as other_grid_id, a.code, b.code as other_code,
             ST_CollectionExtract(ST_Intersection(a.geometry, b.geometry, ${precision}), 3) as shared
        from grid_versions a
        join grid_versions b on b.community_id = a.community_id and b.valid_to is null and b.grid_id <> a.grid_id
                            and b.geometry && a.geometry
       where a.id = any(${versionIds}::bigint[]) and a.valid_to is null
         and ST_Relate(a.geometry, b.geometry, '2********')
    ),
    overlapping as (
      select grid_id, other_grid_id, code, other_code, area_square_metres(shared)::float8 as area_square_metres,
             ST_AsGeoJSON(shared, 9)::json as geometry
        from pairs
       where shared is null or area_square_metres(shared) > ${editTolerances.overlapSquareMetres}
    )`;

/** Interior overlaps between the given current versions and their current siblings. */
export async function overlapsOfVersions(sql: Queryable, versionIds: number[]): Promise<Overlap[]> {
  return sql<Overlap[]>`with ${overlapsCte(sql, versionIds)} select * from overlapping`;
}

/**
 * What the community's uncovered area depends on — its boundary and its current grids' outlines —
 * as one digest, from a `boundary_bytes` column of the community in scope: equal keys, equal layouts
 * (grid-figures.ts remembers the uncovered area by it).
 */
const layoutKeyOf = (sql: Queryable, communityId: number) => sql`
  (select md5(c.boundary_bytes || coalesce(string_agg(ST_AsEWKB(gv.geometry), ''::bytea order by ST_AsEWKB(gv.geometry)), ''::bytea))
     from grid_versions gv where gv.community_id = ${communityId} and gv.valid_to is null)`;

/**
 * CTEs `covered` (the union of the grids' current versions), `gap` (what of `coveredBefore` they no
 * longer cover) and `measured` (its area), for `uncoveredColumns`.
 */
const uncoveredCtes = (sql: Queryable, coveredBefore: GeometryHex, gridIds: number[]) => sql`
    covered as (
      select ST_UnaryUnion(ST_Collect(geometry), ${precision}) as g
        from grid_versions where grid_id = any(${gridIds}::int[]) and valid_to is null
    ),
    gap as (
      select covered.g as covered, ST_CollectionExtract(ST_Difference(${coveredBefore}::geometry, covered.g, ${precision}), 3) as g
        from covered
    ),
    measured as (select covered, g, coalesce(area_square_metres(g), 0)::float8 as area from gap)`;

/** The uncovered area's columns, from `measured` (uncoveredCtes). */
const uncoveredColumns = (sql: Queryable, coveredBefore: GeometryHex, reportAboveSquareMetres: number) => sql`
    ST_AsHEXEWKB(covered) as covered, ST_AsHEXEWKB(g) as gap, area as area_square_metres,
    -- gained: |after \ before| = |after| − |before| + |before \ after|, without a second overlay
    (area_square_metres(covered) - area_square_metres(${coveredBefore}::geometry) + area)::float8 as gained_square_metres,
    case when area > ${reportAboveSquareMetres} then ST_AsGeoJSON(g, 9)::json end as geo_json`;

export type Uncovered = Measured & { gainedSquareMetres: number | null };

/**
 * The write path's two checks of the new outlines, in one statement: the overlaps of the versions `versionIds` with
 * their siblings (`overlapsOfVersions`), and — when `coveredBefore` is given — the part of it the grids `gridIds`'
 * current versions no longer cover (polygonal, never NULL: a PostGIS failure becomes `empty_geometry_result`, thrown by
 * `uncovered()` so that the caller answers an overlap first), its area, and its GeoJSON when larger than
 * `reportAboveSquareMetres`; and the area they now cover beyond it (`gainedSquareMetres`, null if PostGIS failed).
 */
export async function overlapsAndUncovered(
  sql: Queryable,
  versionIds: number[],
  coveredBefore: GeometryHex | null,
  gridIds: number[],
  reportAboveSquareMetres: number,
): Promise<{ overlaps: Overlap[]; uncovered: () => Uncovered }> {
  type Row = { overlaps: Overlap[]; covered: GeometryHex | null; gap: GeometryHex | null; areaSquareMetres: number; gainedSquareMetres: number | null; geoJson: Geometry | null };
  const overlapsJson = sql`(select coalesce(json_agg(json_build_object(
      'gridId', grid_id, 'otherGridId', other_grid_id, 'code', code, 'otherCode', other_code,
      'areaSquareMetres', area_square_metres, 'geometry', geometry)), '[]'::json) from overlapping) as overlaps`;
  const rows = coveredBefore === null
    ? await sql<Row[]>`with ${overlapsCte(sql, versionIds)} select ${overlapsJson}`
    : await sql<Row[]>`
    with ${overlapsCte(sql, versionIds)}, ${uncoveredCtes(sql, coveredBefore, gridIds)}
    select ${overlapsJson}, ${uncoveredColumns(sql, coveredBefore, reportAboveSquareMetres)}
      from measured`;
  const [row] = rows;
  if (!row) {
    // no row (PGlite's PostGIS may swallow a GEOS error: require-geometry.ts): each check on its own
    const overlaps = await overlapsOfVersions(sql, versionIds);
    if (overlaps.length > 0 || coveredBefore === null) return { overlaps, uncovered: () => requireGeometry([], 'covered', 'union of the edited grids') as never };
    const measured = await uncoveredBy(sql, coveredBefore, gridIds, reportAboveSquareMetres);
    return { overlaps, uncovered: () => measured };
  }
  return {
    overlaps: row.overlaps,
    uncovered: () => {
      requireGeometry([row], 'covered', 'union of the edited grids');
      requireGeometry([row], 'gap', 'area left uncovered by the edit');
      return { areaSquareMetres: row.areaSquareMetres, geoJson: row.geoJson, gainedSquareMetres: row.gainedSquareMetres };
    },
  };
}

/**
 * The part of `coveredBefore` the grids' current versions no longer cover (polygonal, never NULL:
 * a PostGIS failure becomes `empty_geometry_result`), its area, and its GeoJSON when larger than
 * `reportAboveSquareMetres`; and the area they now cover beyond it (`gainedSquareMetres`, null if PostGIS failed).
 */
async function uncoveredBy(
  sql: Queryable,
  coveredBefore: GeometryHex,
  gridIds: number[],
  reportAboveSquareMetres: number,
): Promise<Measured & { gainedSquareMetres: number | null }> {
  const [row] = await sql<{ covered: GeometryHex | null; gap: GeometryHex | null; areaSquareMetres: number; gainedSquareMetres: number | null; geoJson: Geometry | null }[]>`
    with ${uncoveredCtes(sql, coveredBefore, gridIds)}
    select ${uncoveredColumns(sql, coveredBefore, reportAboveSquareMetres)}
      from measured`;
  requireGeometry(row ? [row] : [], 'covered', 'union of the edited grids');
  requireGeometry([row!], 'gap', 'area left uncovered by the edit');
  return { areaSquareMetres: row!.areaSquareMetres, geoJson: row!.geoJson, gainedSquareMetres: row!.gainedSquareMetres };
}

export interface HouseholdTotals {
  households: number;
  residents: number;
  /** households whose grid has no current version */
  orphaned: number;
}

export async function householdTotals(sql: Queryable, gridIds: number[]): Promise<HouseholdTotals> {
  const [row] = await sql<HouseholdTotals[]>`
    with current as (
      -- which of the grids still have a current version: looked up once, not once per household
      select array(select distinct grid_id from grid_versions where grid_id = any(${gridIds}::int[]) and valid_to is null) as ids
    )
    select count(*)::int as households, coalesce(sum(h.resident_count), 0)::int as residents,
           count(*) filter (where h.grid_id <> all(current.ids))::int as orphaned
      from households h, current where h.grid_id = any(${gridIds}::int[])`;
  return row!;
}

export async function insertGridEdit(
  sql: Queryable,
  edit: {
    operation: string;
    communityId: number;
    changedBy: number | null;
    changeNote: string | null;
    endedVersionIds: number[];
    createdVersionIds: number[];
    endedAssignmentIds: number[];
    undoesEditId: number | null;
    details: Record<string, unknown>;
  },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into grid_edits (operation, community_id, changed_by, change_note, ended_version_ids, created_version_ids,
                            ended_assignment_ids, undoes_edit_id, details)
    values (${edit.operation}, ${edit.communityId}, ${edit.changedBy}, ${edit.changeNote}, ${edit.endedVersionIds}::bigint[],
            ${edit.createdVersionIds}::bigint[], ${edit.endedAssignmentIds}::bigint[], ${edit.undoesEditId},
            ${sql.json(edit.details as never)})
    returning id`;
  return Number(row!.id);
}

// ─── edit history ─────────────────────────────────────────────────────────────────────────────

export interface GridEditRow {
  id: number;
  operation: string;
  communityId: number;
  at: Date;
  changedBy: number | null;
  changedByName: string | null;
  changeNote: string | null;
  endedVersionIds: number[];
  createdVersionIds: number[];
  endedAssignmentIds: number[];
  undoesEditId: number | null;
  undone: boolean;
  details: Record<string, unknown> | null;
}

const editColumns = (sql: Queryable) => sql`
  e.id, e.operation, e.community_id, e.at, e.changed_by, u.display_name as changed_by_name, e.change_note,
  e.ended_version_ids::float8[] as ended_version_ids, e.created_version_ids::float8[] as created_version_ids,
  e.ended_assignment_ids::float8[] as ended_assignment_ids, e.undoes_edit_id, e.details,
  not exists (select 1 from grid_versions gv where gv.id = any(e.created_version_ids) and gv.valid_to is null)
    and cardinality(e.created_version_ids) > 0 as undone`;

export async function findGridEdit(sql: Queryable, editId: number): Promise<GridEditRow | undefined> {
  const [row] = await sql<GridEditRow[]>`
    select ${editColumns(sql)} from grid_edits e left join users u on u.id = e.changed_by where e.id = ${editId}`;
  return row;
}

export async function listGridEdits(sql: Queryable, filter: { communityId?: number; limit: number }): Promise<GridEditRow[]> {
  return sql<GridEditRow[]>`
    select ${editColumns(sql)} from grid_edits e left join users u on u.id = e.changed_by
     where true ${filter.communityId !== undefined ? sql`and e.community_id = ${filter.communityId}` : sql``}
     order by e.id desc limit ${filter.limit}`;
}

export interface StoredVersion {
  versionId: number;
  gridId: number;
  communityId: number;
  code: string;
  name: string;
  geometry: GeometryHex;
  current: boolean;
}

export async function storedVersions(sql: Queryable, versionIds: number[]): Promise<StoredVersion[]> {
  return sql<StoredVersion[]>`
    select id as version_id, grid_id, community_id, code, name, ST_AsHEXEWKB(geometry) as geometry, valid_to is null as current
      from grid_versions where id = any(${versionIds}::bigint[]) order by code`;
}

// ─── figures ──────────────────────────────────────────────────────────────────────────────────

export interface GridFigureRow {
  gridId: number;
  versionId: number;
  code: string;
  name: string;
  communityId: number;
  workerId: number | null;
  workerName: string | null;
  households: number;
  residents: number;
  buildings: number;
  areaSquareMetres: number;
  partCount: number;
  bbox: [number, number, number, number];
  geometry: GeoJSON.MultiPolygon | null;
}

/**
 * Live figures of current grids: from households.grid_id, so inside an edit's transaction they are the new ones.
 * `countHouseholds: false` leaves households, residents and buildings at 0 (a preview that did not move them counts them itself).
 */
export async function gridFigures(
  sql: Queryable,
  filter: { gridIds: number[] } | { communityId: number },
  withGeometry: boolean,
  countHouseholds = true,
): Promise<GridFigureRow[]> {
  return sql<GridFigureRow[]>`
    select gv.grid_id, gv.id as version_id, gv.code, gv.name, gv.community_id,
           worker.id as worker_id, worker.name as worker_name,
           coalesce(figures.households, 0)::int as households,
           coalesce(figures.residents, 0)::int as residents,
           coalesce(figures.buildings, 0)::int as buildings,
           area_square_metres(gv.geometry)::float8 as area_square_metres,
           ST_NumGeometries(gv.geometry) as part_count,
           array[ST_XMin(gv.geometry), ST_YMin(gv.geometry), ST_XMax(gv.geometry), ST_YMax(gv.geometry)]::float8[] as bbox,
           ${withGeometry ? sql`ST_AsGeoJSON(gv.geometry, 9)::json` : sql`null::json`} as geometry
      from grid_versions gv
      left join lateral (
        select w.id, w.name from grid_assignments ga join workers w on w.id = ga.worker_id
         where ga.grid_id = gv.grid_id and ga.ended_at is null limit 1
      ) worker on true
      left join lateral (
        select count(*) as households, sum(h.resident_count) as residents, count(distinct h.building_id) as buildings
          from households h where h.grid_id = gv.grid_id and ${countHouseholds}
      ) figures on true
     where gv.valid_to is null
       and ${'gridIds' in filter ? sql`gv.grid_id = any(${filter.gridIds}::int[])` : sql`gv.community_id = ${filter.communityId}`}
     order by gv.code`;
}

export interface CommunityFigureRow {
  communityId: number;
  code: string;
  name: string;
  gridCount: number;
  vacantGridCount: number;
  households: number;
  residents: number;
  areaSquareMetres: number;
  uncoveredSquareMetres: number | null;
  hasMarket: boolean;
}

/**
 * `uncoveredSquareMetres`: the community's uncovered area when the caller knows it (an edit that
 * left the covered area as it was), instead of the union of all its grids — the costly part.
 * `layoutKey`: the digest of the layout measured (`layoutKeyOf`).
 */
export async function communityFigures(
  sql: Queryable,
  communityId: number,
  known: { uncoveredSquareMetres: number | null } | null = null,
): Promise<(CommunityFigureRow & { layoutKey: string | null }) | undefined> {
  const uncovered = known
    ? sql`${known.uncoveredSquareMetres}::float8`
    : sql`area_square_metres(ST_Difference(c.boundary, (select ST_UnaryUnion(ST_Collect(geometry), ${precision}) from current), ${precision}))::float8`;
  const [row] = await sql<(CommunityFigureRow & { layoutKey: string | null })[]>`
    with current as (
      select grid_id, geometry from grid_versions where community_id = ${communityId} and valid_to is null
    ),
    -- one pass over the grids' households by the grid_id index (\`in (select …)\` hashed every household, twice)
    held as (
      select count(*)::int as households, coalesce(sum(h.resident_count), 0)::int as residents
        from households h where h.grid_id = any(array(select grid_id from current))
    )
    select c.id as community_id, c.code, c.name,
           (select count(*)::int from current) as grid_count,
           (select count(*)::int from current g
             where not exists (select 1 from grid_assignments ga where ga.grid_id = g.grid_id and ga.ended_at is null)) as vacant_grid_count,
           held.households, held.residents,
           area_square_metres(c.boundary)::float8 as area_square_metres,
           ${uncovered} as uncovered_square_metres,
           exists (select 1 from risk_sources r where r.community_id = c.id and r.kind = 'market') as has_market,
           ${known ? sql`null::text` : layoutKeyOf(sql, communityId)} as layout_key
      from (select *, ST_AsEWKB(boundary) as boundary_bytes from communities where id = ${communityId}) c cross join held`;
  return row;
}
