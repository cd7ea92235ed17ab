import type { Queryable } from '../db/connect.ts';

/** SQL of warnings (预警): the area as one MultiPolygon, validity, acknowledgements (migration 0019). */

export interface WarningRow {
  id: number;
  identifier: string;
  level: 'blue' | 'yellow' | 'orange' | 'red';
  eventKind: string | null;
  headline: string;
  body: string;
  area: GeoJSON.MultiPolygon;
  gridIds: number[];
  communityIds: number[];
  validFrom: Date;
  validTo: Date;
  publishedAt: Date;
  publishedBy: number | null;
  cancelledAt: Date | null;
  active: boolean;
  acknowledgedCount: number;
  acknowledgedByMe: boolean;
}

export interface AreaCheck {
  valid: boolean | null;
  reason: string | null;
  areaSquareMetres: number | null;
  geometry: GeoJSON.MultiPolygon | null;
  missingGrids: number[];
  missingCommunities: number[];
}

/**
 * The warning's area: the drawn shape, the chosen grids (current versions) and communities, as one
 * MultiPolygon, with what PostGIS thinks of it. PGlite's PostGIS can swallow errors and answer
 * nothing, so a missing or empty answer is reported as such, never taken as a shape.
 */
export async function composeArea(sql: Queryable, input: { drawn: GeoJSON.Geometry | null; gridIds: number[]; communityIds: number[] }): Promise<AreaCheck> {
  const missingGrids = input.gridIds.length === 0 ? [] : (await sql<{ id: number }[]>`
    select wanted.id from unnest(${input.gridIds}::int[]) as wanted (id)
     where not exists (select 1 from grid_versions gv where gv.grid_id = wanted.id and gv.valid_to is null)`).map((row) => row.id);
  const missingCommunities = input.communityIds.length === 0 ? [] : (await sql<{ id: number }[]>`
    select wanted.id from unnest(${input.communityIds}::int[]) as wanted (id)
     where not exists (select 1 from communities c where c.id = wanted.id)`).map((row) => row.id);
  if (missingGrids.length > 0 || missingCommunities.length > 0) {
    return { valid: null, reason: null, areaSquareMetres: null, geometry: null, missingGrids, missingCommunities };
  }
  const drawn = input.drawn ? JSON.stringify(input.drawn) : null;
  const [row] = await sql<{ valid: boolean | null; reason: string | null; areaSquareMetres: number | null; geometry: GeoJSON.MultiPolygon | null }[]>`
    with parts as (
      select ST_SetSRID(ST_GeomFromGeoJSON(${drawn}::text), 4326) as g where ${drawn}::text is not null
      union all
      select gv.geometry from grid_versions gv where gv.grid_id = any (${input.gridIds}::int[]) and gv.valid_to is null
      union all
      select c.boundary from communities c where c.id = any (${input.communityIds}::int[])
    ),
    checked as (select bool_and(ST_IsValid(g)) as valid, min(case when ST_IsValid(g) then null else ST_IsValidReason(g) end) as reason from parts),
    merged as (select ST_Multi(ST_CollectionExtract(ST_Union(g), 3)) as g from parts where (select valid from checked))
    select checked.valid, checked.reason, ST_Area(merged.g::geography)::float8 as area_square_metres,
           case when merged.g is null or ST_IsEmpty(merged.g) then null else ST_AsGeoJSON(merged.g, 7)::json end as geometry
      from checked left join merged on true`;
  return { valid: row?.valid ?? null, reason: row?.reason ?? null, areaSquareMetres: row?.areaSquareMetres ?? null, geometry: row?.geometry ?? null, missingGrids, missingCommunities };
}

export async function insertWarning(
  sql: Queryable,
  warning: {
    identifier: string; level: string; eventKind: string | null; headline: string; body: string; area: GeoJSON.MultiPolygon;
    gridIds: number[]; communityIds: number[]; validFrom: Date; validTo: Date; publishedAt: Date; publishedBy: number;
  },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into emergency_warnings (identifier, level, event_kind, headline, body, area, grid_ids, community_ids, valid_from, valid_to, published_at, published_by)
    values (${warning.identifier}, ${warning.level}, ${warning.eventKind}, ${warning.headline}, ${warning.body},
            ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(warning.area)}::text), 4326), ${warning.gridIds}::int[], ${warning.communityIds}::int[],
            ${warning.validFrom}, ${warning.validTo}, ${warning.publishedAt}, ${warning.publishedBy})
    returning id`;
  return row!.id;
}

const warningColumns = (sql: Queryable, now: Date, userId: number | null) => sql`
  w.id, w.identifier, w.level, w.event_kind, w.headline, w.body, ST_AsGeoJSON(w.area, 7)::json as area, w.grid_ids, w.community_ids,
  w.valid_from, w.valid_to, w.published_at, w.published_by, w.cancelled_at,
  (w.cancelled_at is null and w.valid_from <= ${now} and w.valid_to > ${now}) as active,
  (select count(*)::int from emergency_warning_acknowledgements a where a.warning_id = w.id) as acknowledged_count,
  exists (select 1 from emergency_warning_acknowledgements a where a.warning_id = w.id and a.user_id = ${userId}) as acknowledged_by_me`;

/**
 * Warnings in force at `now` (valid and not cancelled): they end by themselves when their
 * validity does — nothing has to run for a warning to expire. Near a point: those whose area covers it.
 */
export async function listWarnings(
  sql: Queryable,
  filter: { now: Date; activeOnly: boolean; point?: { longitude: number; latitude: number } | undefined; identifier?: string | undefined; id?: number | undefined; userId?: number | null },
): Promise<WarningRow[]> {
  const { now, point } = filter;
  return sql<WarningRow[]>`
    select ${warningColumns(sql, now, filter.userId ?? null)}
      from emergency_warnings w
     where true
       ${filter.activeOnly ? sql`and w.cancelled_at is null and w.valid_from <= ${now} and w.valid_to > ${now}` : sql``}
       ${point ? sql`and ST_Covers(w.area, ST_SetSRID(ST_MakePoint(${point.longitude}, ${point.latitude}), 4326))` : sql``}
       ${filter.identifier !== undefined ? sql`and w.identifier = ${filter.identifier}` : sql``}
       ${filter.id !== undefined ? sql`and w.id = ${filter.id}` : sql``}
     order by case w.level when 'red' then 0 when 'orange' then 1 when 'yellow' then 2 else 3 end, w.published_at desc, w.id desc
     limit 200`;
}

/** Current grids the area reaches into (not merely touches): whose workers are told. */
export async function gridsUnder(sql: Queryable, warningId: number): Promise<number[]> {
  const rows = await sql<{ gridId: number }[]>`
    select gv.grid_id from grid_versions gv, emergency_warnings w
     where w.id = ${warningId} and gv.valid_to is null and ST_Intersects(gv.geometry, w.area)
       and ST_Area(ST_Intersection(gv.geometry, w.area)) > 0
     order by gv.grid_id`;
  return rows.map((row) => row.gridId);
}

export async function cancelWarning(sql: Queryable, id: number, at: Date): Promise<boolean> {
  const rows = await sql`update emergency_warnings set cancelled_at = ${at} where id = ${id} and cancelled_at is null returning id`;
  return rows.length > 0;
}

export async function acknowledgeWarning(sql: Queryable, warningId: number, userId: number, at: Date) {
  await sql`
    insert into emergency_warning_acknowledgements (warning_id, user_id, acknowledged_at) values (${warningId}, ${userId}, ${at})
    on conflict (warning_id, user_id) do nothing`;
}

/** Names of the communities the area reaches into, for CAP's areaDesc. */
export async function communityNamesUnder(sql: Queryable, warningId: number): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    select c.name from communities c, emergency_warnings w
     where w.id = ${warningId} and ST_Intersects(c.boundary, w.area) and ST_Area(ST_Intersection(c.boundary, w.area)) > 0
     order by c.code`;
  return rows.map((row) => row.name);
}
