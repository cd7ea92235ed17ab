import type { Geometry } from '../../contract/common.ts';
import type { Queryable } from '../db/connect.ts';
import { zoneTodaySql } from '../time/zone.ts';
import { Failure, problem } from '../http/failure.ts';
import { invalidGeometry, unreadableGeometry } from '../db/geometry-validity.ts';
import type { Bbox } from '../http/query-parameters.ts';

export const riskSourceKinds = [
  'gas_station', 'lpg_user', 'construction_site', 'market', 'school', 'old_building', 'chemical_store', 'flood_prone',
] as const;
export type RiskSourceKind = (typeof riskSourceKinds)[number];

export interface RiskSourceRow {
  id: number;
  name: string;
  kind: RiskSourceKind;
  level: number;
  communityId: number | null;
  inspectionCycleDays: number | null;
  lastInspectedOn: string | null;
  /** last inspection + cycle; null without a cycle. */
  nextInspectionDueOn: string | null;
  inspectionOverdue: boolean;
  emergencyPlan: string | null;
  geometry: Geometry;
}

/**
 * Overdue: the source has an inspection cycle and was never inspected, or its last inspection
 * plus the cycle lies before today (in the zone's calendar: policy zone_time_zone, server/time/zone.ts).
 */
export interface RiskSourceFilter {
  bbox?: Bbox | undefined;
  level?: number | undefined;
  kind?: string | undefined;
  overdue?: boolean | undefined;
}

/** Risk sources for the map: the owner's contact is not part of the list. */
export async function listRiskSources(sql: Queryable, { bbox, level, kind, overdue }: RiskSourceFilter = {}): Promise<RiskSourceRow[]> {
  return sql<RiskSourceRow[]>`
    select * from (
      select r.id, r.name, r.kind, r.level, r.community_id, r.inspection_cycle_days,
             to_char(r.last_inspected_on, 'YYYY-MM-DD') as last_inspected_on,
             to_char(r.last_inspected_on + r.inspection_cycle_days, 'YYYY-MM-DD') as next_inspection_due_on,
             (r.inspection_cycle_days is not null and
               (r.last_inspected_on is null or r.last_inspected_on + r.inspection_cycle_days < ${zoneTodaySql(sql)})) as inspection_overdue,
             r.emergency_plan,
             ST_AsGeoJSON(r.geometry, 7)::json as geometry
        from risk_sources r
       where true
         ${bbox ? sql`and r.geometry && ST_MakeEnvelope(${bbox.minLng}, ${bbox.minLat}, ${bbox.maxLng}, ${bbox.maxLat}, 4326)` : sql``}
         ${level !== undefined ? sql`and r.level = ${level}` : sql``}
         ${kind !== undefined ? sql`and r.kind = ${kind}` : sql``}
    ) listed
    ${overdue !== undefined ? sql`where inspection_overdue = ${overdue}` : sql``}
    order by level, id`;
}

export interface RiskSourceDetailRow extends RiskSourceRow {
  ownerName: string | null;
  ownerPhone: string | null;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: number | null;
}

export async function findRiskSource(sql: Queryable, id: number): Promise<RiskSourceDetailRow | undefined> {
  const [row] = await sql<RiskSourceDetailRow[]>`
    select r.id, r.name, r.kind, r.level, r.community_id, r.owner_name, r.owner_phone, r.inspection_cycle_days,
           to_char(r.last_inspected_on, 'YYYY-MM-DD') as last_inspected_on,
           to_char(r.last_inspected_on + r.inspection_cycle_days, 'YYYY-MM-DD') as next_inspection_due_on,
           (r.inspection_cycle_days is not null and
             (r.last_inspected_on is null or r.last_inspected_on + r.inspection_cycle_days < ${zoneTodaySql(sql)})) as inspection_overdue,
           r.emergency_plan, r.created_at, r.updated_at, r.updated_by,
           ST_AsGeoJSON(r.geometry, 7)::json as geometry
      from risk_sources r
     where r.id = ${id}`;
  return row;
}

/**
 * PostGIS decides whether a geometry is acceptable: parsed from GeoJSON, valid, non-empty,
 * a point or a polygon. Answers 422 naming the field otherwise.
 */
export async function checkRiskGeometry(sql: Queryable, geometry: GeoJSON.Geometry): Promise<void> {
  let row: { valid: boolean | null; reason: string | null; empty: boolean | null; type: string | null } | undefined;
  try {
    [row] = await sql<{ valid: boolean | null; reason: string | null; empty: boolean | null; type: string | null }[]>`
      select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason, ST_IsEmpty(g) as empty, GeometryType(g) as type
        from (select ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326) as g) parsed`;
  } catch {
    // PostGIS's own words are not for the user: the answer is the code
    throw unreadableGeometry('geometry', geometry);
  }
  if (!row || row.valid === null) throw unreadableGeometry('geometry', geometry);
  if (row.empty) throw new Failure('geometry_empty', { field: 'geometry' }, { fields: [problem('geometry', 'geometry_empty', {})] });
  if (!row.valid) throw invalidGeometry('geometry', row.reason, geometry);
  if (row.type !== 'POINT' && row.type !== 'POLYGON' && row.type !== 'MULTIPOLYGON') {
    throw new Failure('risk_geometry_type', { type: row.type ?? '' }, { fields: [problem('geometry', 'point_or_polygon', {})] });
  }
}

export interface RiskSourceFields {
  name?: string;
  kind?: RiskSourceKind;
  level?: number;
  communityId?: number | null;
  ownerName?: string | null;
  ownerPhone?: string | null;
  inspectionCycleDays?: number | null;
  lastInspectedOn?: string | null;
  emergencyPlan?: string | null;
  geometry?: GeoJSON.Geometry;
}

/** The community holding the geometry (a point on its surface), for a source created without one. */
async function communityAt(sql: Queryable, geometry: GeoJSON.Geometry): Promise<number | null> {
  const [row] = await sql<{ id: number }[]>`
    select c.id from communities c
     where ST_Intersects(c.boundary, ST_PointOnSurface(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)))
     order by c.code limit 1`;
  return row?.id ?? null;
}

export async function insertRiskSource(sql: Queryable, fields: Required<Pick<RiskSourceFields, 'name' | 'kind' | 'level' | 'geometry'>> & RiskSourceFields, userId: number): Promise<number> {
  const communityId = fields.communityId !== undefined ? fields.communityId : await communityAt(sql, fields.geometry);
  const [row] = await sql<{ id: number }[]>`
    insert into risk_sources (name, kind, level, geometry, community_id, owner_name, owner_phone, inspection_cycle_days,
                              last_inspected_on, emergency_plan, updated_by)
    values (${fields.name}, ${fields.kind}, ${fields.level}, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(fields.geometry)}), 4326),
            ${communityId}, ${fields.ownerName ?? null}, ${fields.ownerPhone ?? null}, ${fields.inspectionCycleDays ?? null},
            ${fields.lastInspectedOn ?? null}, ${fields.emergencyPlan ?? null}, ${userId})
    returning id`;
  return row!.id;
}

const columnOf: Record<Exclude<keyof RiskSourceFields, 'geometry'>, string> = {
  name: 'name', kind: 'kind', level: 'level', communityId: 'community_id', ownerName: 'owner_name', ownerPhone: 'owner_phone',
  inspectionCycleDays: 'inspection_cycle_days', lastInspectedOn: 'last_inspected_on', emergencyPlan: 'emergency_plan',
};

/** Apply the given fields only; returns false if the source does not exist. */
export async function updateRiskSource(sql: Queryable, id: number, fields: RiskSourceFields, userId: number): Promise<boolean> {
  const { geometry, ...plain } = fields;
  const assignments: Record<string, unknown> = { updated_by: userId };
  for (const [key, value] of Object.entries(plain)) {
    if (value !== undefined) assignments[columnOf[key as keyof typeof columnOf]] = value;
  }
  const rows = await sql`
    update risk_sources
       set ${sql(assignments as Record<string, never>)}, updated_at = now()
           ${geometry ? sql`, geometry = ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)` : sql``}
     where id = ${id}
    returning id`;
  return rows.length > 0;
}

export interface NearbyIncidentRow {
  id: number;
  trackingCode: string;
  categoryCode: string;
  categoryNameZh: string;
  status: string;
  reportedAt: Date;
  gridId: number | null;
  distanceMetres: number;
  longitude: number;
  latitude: number;
}

/** Incidents within `radiusMetres` of the source (its edge, for a polygon) reported since `since`. */
export async function listIncidentsNear(
  sql: Queryable,
  riskSourceId: number,
  options: { radiusMetres: number; since: Date; scope: { kind: 'all' } | { kind: 'worker'; workerId: number | null; gridId: number | null } },
): Promise<NearbyIncidentRow[]> {
  const { scope } = options;
  return sql<NearbyIncidentRow[]>`
    select i.id, i.tracking_code, i.category_code, category.name_zh as category_name_zh, i.status, i.reported_at, i.grid_id,
           round(ST_Distance(i.location::geography, r.geometry::geography)::numeric, 1)::float8 as distance_metres,
           ST_X(i.location) as longitude, ST_Y(i.location) as latitude
      from risk_sources r
      -- the box lets incidents_location_gist find the candidates; ST_DWithin on geography decides (migration 0025)
      join incidents i on i.location && geography_search_box(r.geometry, ${options.radiusMetres})
                      and ST_DWithin(i.location::geography, r.geometry::geography, ${options.radiusMetres})
      join incident_categories category on category.code = i.category_code
     where r.id = ${riskSourceId} and i.reported_at >= ${options.since}
       ${scope.kind === 'worker'
         ? sql`and (${scope.workerId !== null ? sql`i.assigned_worker_id = ${scope.workerId}` : sql`false`}
                    ${scope.gridId !== null ? sql`or i.grid_id = ${scope.gridId}` : sql``})`
         : sql``}
     order by distance_metres, i.reported_at desc
     limit 500`;
}
