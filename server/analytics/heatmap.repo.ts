import type { Queryable, Sql } from '../db/connect.ts';

/** A worker sees their current grid and the cases assigned to them; everyone else sees all. */
export type AnalyticsScope = { kind: 'all' } | { kind: 'worker'; workerId: number | null; gridId: number | null };

export interface IncidentPointFilter {
  from: Date;
  to: Date;
  /** A major ('01') or minor ('0101') category code. */
  category?: string;
  scope: AnalyticsScope;
}

function scopeCondition(sql: Queryable, scope: AnalyticsScope) {
  if (scope.kind === 'all') return sql``;
  if (scope.workerId === null && scope.gridId === null) return sql`and false`;
  return sql`and (${scope.workerId !== null ? sql`i.assigned_worker_id = ${scope.workerId}` : sql`false`}
                  ${scope.gridId !== null ? sql`or i.grid_id = ${scope.gridId}` : sql``})`;
}

function pointConditions(sql: Queryable, filter: IncidentPointFilter) {
  return sql`
    i.reported_at >= ${filter.from} and i.reported_at < ${filter.to}
    ${filter.category ? sql`and (i.category_code = ${filter.category} or category.major_code = ${filter.category})` : sql``}
    ${scopeCondition(sql, filter.scope)}`;
}

export interface PointsExtent {
  count: number;
  minLongitude: number | null;
  minLatitude: number | null;
  maxLongitude: number | null;
  maxLatitude: number | null;
}

/** How many points match, and the box holding them and the zone (the communities' boundaries). */
export async function incidentPointsExtent(sql: Queryable, filter: IncidentPointFilter): Promise<PointsExtent> {
  const [row] = await sql<PointsExtent[]>`
    with matched as (
      select count(*)::int as count, ST_Extent(i.location) as box
        from incidents i
        join incident_categories category on category.code = i.category_code
       where ${pointConditions(sql, filter)}
    ), zone as (
      select ST_Extent(boundary) as box from communities
    ), combined as (
      select matched.count,
             case when matched.box is null then zone.box::geometry
                  when zone.box is null then matched.box::geometry
                  else ST_Collect(matched.box::geometry, zone.box::geometry) end as box
        from matched, zone
    )
    select count, ST_XMin(box) as min_longitude, ST_YMin(box) as min_latitude,
           ST_XMax(box) as max_longitude, ST_YMax(box) as max_latitude
      from combined`;
  return row!;
}

export interface IncidentPointRow {
  longitude: number;
  latitude: number;
  minutes: number;
  majorClass: number;
}

/** Stream the matching points in batches (a cursor), oldest first, at most `limit`. */
export async function forEachIncidentPoint(
  sql: Sql,
  filter: IncidentPointFilter,
  limit: number,
  onBatch: (rows: IncidentPointRow[]) => void,
): Promise<void> {
  await sql<IncidentPointRow[]>`
    select ST_X(i.location) as longitude, ST_Y(i.location) as latitude,
           floor(extract(epoch from (i.reported_at - ${filter.from}::timestamptz)) / 60)::int as minutes,
           coalesce(category.major_code, category.code)::int as major_class
      from incidents i
      join incident_categories category on category.code = i.category_code
     where ${pointConditions(sql, filter)}
     order by i.reported_at
     limit ${limit}`.cursor(20_000, (rows) => {
    onBatch(rows);
  });
}

/**
 * The matching points quantised and packed by the database into one bytea: 9-byte big-endian
 * records (uint32 minutes since `from`, uint16 x, uint16 y, uint8 major class), oldest first, at
 * most `limit` — the quantisation IncidentPointsEncoder does (round half up, clamped), against the
 * same box and steps. A million points arrive as one value of 9 MB instead of a million rows
 * through postgres.js (issue 21: 1 M heatmap points in under a second).
 */
export async function packIncidentPoints(
  sql: Queryable,
  filter: IncidentPointFilter,
  quantum: { minLongitude: number; minLatitude: number; longitudeStep: number; latitudeStep: number },
  limit: number,
): Promise<Uint8Array> {
  const [row] = await sql<{ records: Buffer | null }[]>`
    select string_agg(
             int4send(p.minutes) || substring(int4send(p.x) from 3 for 2) || substring(int4send(p.y) from 3 for 2)
               || substring(int4send(p.major) from 4 for 1),
             ''::bytea order by p.reported_at, p.id) as records
      from (
        select i.id, i.reported_at,
               greatest(0, floor(extract(epoch from (i.reported_at - ${filter.from}::timestamptz)) / 60))::int as minutes,
               least(65535, greatest(0, floor((ST_X(i.location) - ${quantum.minLongitude}::float8) / ${quantum.longitudeStep}::float8 + 0.5)))::int as x,
               least(65535, greatest(0, floor((ST_Y(i.location) - ${quantum.minLatitude}::float8) / ${quantum.latitudeStep}::float8 + 0.5)))::int as y,
               least(255, greatest(0, coalesce(category.major_code, category.code)::int)) as major
          from incidents i
          join incident_categories category on category.code = i.category_code
         where ${pointConditions(sql, filter)}
         order by i.reported_at, i.id
         limit ${limit}
      ) p`;
  const records = row?.records;
  return records ? new Uint8Array(records.buffer, records.byteOffset, records.byteLength) : new Uint8Array(0);
}

export interface GridDensityRow {
  gridId: number;
  code: string;
  name: string;
  communityId: number;
  incidents: number;
  households: number;
  areaSquareKilometres: number;
  /** Incidents per 100 households; null for a grid without households. */
  incidentsPerHundredHouseholds: number | null;
  incidentsPerSquareKilometre: number | null;
}

/**
 * Per current grid: incidents reported in [from, to) (by the grid recorded on the incident), the
 * households now in the grid, its area (on the spheroid), and the two normalised densities.
 */
export async function listGridDensities(sql: Queryable, filter: IncidentPointFilter): Promise<GridDensityRow[]> {
  const rows = await sql<Omit<GridDensityRow, 'incidentsPerHundredHouseholds' | 'incidentsPerSquareKilometre'>[]>`
    with counted as (
      select i.grid_id, count(*)::int as incidents
        from incidents i
        join incident_categories category on category.code = i.category_code
       where ${pointConditions(sql, filter)}
       group by i.grid_id
    ), household_counts as (
      select grid_id, count(*)::int as households from households group by grid_id
    )
    select version.grid_id, version.code, version.name, version.community_id,
           coalesce(counted.incidents, 0) as incidents,
           coalesce(household_counts.households, 0) as households,
           ST_Area(version.geometry::geography) / 1e6 as area_square_kilometres
      from grid_versions version
      left join counted on counted.grid_id = version.grid_id
      left join household_counts on household_counts.grid_id = version.grid_id
     where version.valid_to is null and version.valid_from <= now()
       ${filter.scope.kind === 'worker' ? sql`and version.grid_id = ${filter.scope.gridId ?? -1}` : sql``}
     order by version.code`;
  return rows.map((row) => ({
    ...row,
    areaSquareKilometres: round(Number(row.areaSquareKilometres), 4),
    incidentsPerHundredHouseholds: row.households > 0 ? round((row.incidents * 100) / row.households, 2) : null,
    incidentsPerSquareKilometre: Number(row.areaSquareKilometres) > 0 ? round(row.incidents / Number(row.areaSquareKilometres), 2) : null,
  }));
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
