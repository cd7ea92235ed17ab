import type { Queryable } from '../db/connect.ts';

/** SQL of back-street inspections and their findings. */

export async function insertInspection(
  sql: Queryable,
  inspection: {
    sectionId: number; kind: string; inspectorUserId: number; startedAt: Date; finishedAt: Date; route: GeoJSON.Geometry | null; photos: string[]; note: string | null;
  },
): Promise<number> {
  const route = inspection.route === null ? null : JSON.stringify(inspection.route);
  const [row] = await sql<{ id: number }[]>`
    insert into back_street_inspections (section_id, kind, inspector_user_id, started_at, finished_at, route, photos, note)
    values (${inspection.sectionId}, ${inspection.kind}, ${inspection.inspectorUserId}, ${inspection.startedAt}, ${inspection.finishedAt},
            ${route === null ? null : sql`ST_SetSRID(ST_GeomFromGeoJSON(${route}), 4326)`}, ${inspection.photos}, ${inspection.note})
    returning id`;
  return row!.id;
}

export async function insertFinding(
  sql: Queryable,
  finding: { inspectionId: number; categoryCode: string; description: string; longitude: number; latitude: number; photos: string[]; incidentId: number },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into back_street_findings (inspection_id, category_code, description, location, photos, incident_id)
    values (${finding.inspectionId}, ${finding.categoryCode}, ${finding.description},
            ST_SetSRID(ST_MakePoint(${finding.longitude}, ${finding.latitude}), 4326), ${finding.photos}, ${finding.incidentId})
    returning id`;
  return row!.id;
}

export interface InspectionRow {
  id: number;
  sectionId: number;
  kind: 'scheduled' | 'spot';
  inspectorUserId: number;
  startedAt: Date;
  finishedAt: Date;
  route: GeoJSON.Geometry | null;
  photos: string[];
  note: string | null;
}

export async function listInspections(sql: Queryable, filter: { id?: number; sectionId?: number | undefined; limit: number }): Promise<InspectionRow[]> {
  return sql<InspectionRow[]>`
    select i.id, i.section_id, i.kind, i.inspector_user_id, i.started_at, i.finished_at, ST_AsGeoJSON(i.route, 7)::json as route, i.photos, i.note
      from back_street_inspections i
     where true
       ${filter.id !== undefined ? sql`and i.id = ${filter.id}` : sql``}
       ${filter.sectionId !== undefined ? sql`and i.section_id = ${filter.sectionId}` : sql``}
     order by i.finished_at desc, i.id desc
     limit ${filter.limit}`;
}

export interface FindingRow {
  id: number;
  inspectionId: number;
  categoryCode: string;
  description: string;
  longitude: number;
  latitude: number;
  photos: string[];
  incidentId: number;
  trackingCode: string;
  status: string;
  assignedWorkerId: number | null;
  assignedDepartment: string | null;
  dueAt: Date | null;
}

export async function listFindings(sql: Queryable, inspectionIds: number[]): Promise<FindingRow[]> {
  return sql<FindingRow[]>`
    select f.id, f.inspection_id, f.category_code, f.description, ST_X(f.location) as longitude, ST_Y(f.location) as latitude, f.photos,
           n.id as incident_id, n.tracking_code, n.status, n.assigned_worker_id, n.assigned_department, n.due_at
      from back_street_findings f join incidents n on n.id = f.incident_id
     where f.inspection_id = any(${inspectionIds}::int[])
     order by f.id`;
}
