import type { Queryable } from '../db/connect.ts';
import type { Bbox } from '../http/query-parameters.ts';

export interface RiskSourceRow {
  id: number;
  name: string;
  kind: string;
  level: number;
  communityId: number | null;
  inspectionCycleDays: number | null;
  lastInspectedOn: string | null;
  inspectionOverdue: boolean;
  emergencyPlan: string | null;
  geometry: GeoJSON.Geometry;
}

/** Risk sources for the map: the owner's contact is not part of the list. */
export async function listRiskSources(sql: Queryable, bbox?: Bbox): Promise<RiskSourceRow[]> {
  return sql<RiskSourceRow[]>`
    select r.id, r.name, r.kind, r.level, r.community_id, r.inspection_cycle_days,
           to_char(r.last_inspected_on, 'YYYY-MM-DD') as last_inspected_on,
           (r.inspection_cycle_days is not null and
             (r.last_inspected_on is null or r.last_inspected_on + r.inspection_cycle_days < current_date)) as inspection_overdue,
           r.emergency_plan,
           ST_AsGeoJSON(r.geometry, 7)::json as geometry
      from risk_sources r
     ${bbox ? sql`where r.geometry && ST_MakeEnvelope(${bbox.minLng}, ${bbox.minLat}, ${bbox.maxLng}, ${bbox.maxLat}, 4326)` : sql``}
     order by r.level, r.id`;
}
