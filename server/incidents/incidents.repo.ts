import type { Category } from '../../contract/incidents.ts';
import type { Queryable } from '../db/connect.ts';
import type { IncidentStatus } from './incident-statuses.ts';
import type { Bbox } from '../http/query-parameters.ts';

export interface IncidentFilter {
  bbox?: Bbox;
  from?: Date;
  to?: Date;
  /** A major ('01') or minor ('0101') category code. */
  category?: string;
  statuses?: string[];
  limit: number;
  /** A worker sees the cases of their current grid and those assigned to them; others see all. */
  scope: { kind: 'all' } | { kind: 'worker'; workerId: number; gridId: number | null };
}

export interface IncidentMapRow {
  id: number;
  trackingCode: string;
  categoryCode: string;
  majorCode: string;
  categoryNameZh: string;
  categoryNameEn: string;
  status: IncidentStatus;
  source: string;
  reportedAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
  gridId: number | null;
  longitude: number;
  latitude: number;
}

/** Incidents for the map. No personal fields: reporter contacts are never part of this list. */
export async function listIncidentsForMap(sql: Queryable, filter: IncidentFilter): Promise<IncidentMapRow[]> {
  const { bbox, from, to, category, statuses } = filter;
  return sql<IncidentMapRow[]>`
    select i.id, i.tracking_code, i.category_code, category.major_code,
           category.name_zh as category_name_zh, category.name_en as category_name_en,
           i.status, i.source, i.reported_at, i.due_at, i.closed_at, i.grid_id,
           ST_X(i.location) as longitude, ST_Y(i.location) as latitude
      from incidents i
      join incident_categories category on category.code = i.category_code
     where true
       ${filter.scope.kind === 'worker'
         ? sql`and (i.assigned_worker_id = ${filter.scope.workerId} ${filter.scope.gridId !== null ? sql`or i.grid_id = ${filter.scope.gridId}` : sql``})`
         : sql``}
       ${bbox ? sql`and i.location && ST_MakeEnvelope(${bbox.minLng}, ${bbox.minLat}, ${bbox.maxLng}, ${bbox.maxLat}, 4326)` : sql``}
       ${from ? sql`and i.reported_at >= ${from}` : sql``}
       ${to ? sql`and i.reported_at < ${to}` : sql``}
       ${category ? sql`and (i.category_code = ${category} or category.major_code = ${category})` : sql``}
       ${statuses && statuses.length > 0 ? sql`and i.status in ${sql(statuses)}` : sql``}
     order by i.reported_at desc
     limit ${filter.limit}`;
}

export async function categoryExists(sql: Queryable, code: string): Promise<boolean> {
  const [row] = await sql`select exists (select 1 from incident_categories where code = ${code}) as present`;
  return Boolean(row?.present);
}

export async function listCategories(sql: Queryable): Promise<Category[]> {
  return sql<Category[]>`
    select code, major_code, kind, name_zh, name_en, deadline_amount, deadline_unit, photo_required_to_close, department
      from incident_categories order by code`;
}
