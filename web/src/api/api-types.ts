/** Shapes of the API's answers, as the server documents them (all GeoJSON in WGS84). */

export interface CommunityProperties {
  id: number;
  code: string;
  name: string;
  streetCode: string;
  streetName: string;
  gridCount: number;
  households: number;
  residents: number;
  serviceHallAddress: string | null;
  serviceHallHours: string | null;
  dutyPhone: string | null;
}

export interface GridProperties {
  id: number;
  versionId: number;
  code: string;
  shortCode: string;
  name: string;
  communityId: number;
  communityName: string;
  communityCode: string;
  validFrom: string;
  validTo: string | null;
  workerId: number | null;
  workerName: string | null;
  vacant: boolean;
  households: number;
  residents: number;
  buildings: number;
  areaSquareMetres: number;
}

export interface WorkerCard {
  workerId: number;
  name: string;
  dutyPhone: string | null;
  dutyHours: string | null;
  photoPath: string | null;
}

export interface GridVersion {
  versionId: number;
  code: string;
  name: string;
  validFrom: string;
  validTo: string | null;
  changeNote: string | null;
  changedBy: string | null;
  /** who made the version (users.display_name) and their note; the plan it was published from, if any */
  changedByName?: string | null;
  note?: string | null;
  planName?: string | null;
}

export type GridDetail = GeoJSON.Feature<GeoJSON.MultiPolygon, GridProperties> & {
  worker: WorkerCard | null;
  versions: GridVersion[];
};

export type IncidentStatus =
  | 'reported' | 'registered' | 'rejected' | 'dispatched' | 'handling'
  | 'handled' | 'checked' | 'closed' | 'rework' | 'backlog';

export interface IncidentProperties {
  id: number;
  trackingCode: string;
  categoryCode: string;
  majorCode: string;
  categoryNameZh: string;
  categoryNameEn: string;
  status: IncidentStatus;
  source: string;
  reportedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  gridId: number | null;
  /** Added by the client: reported in the last seven days. */
  recent?: boolean;
}

export interface Category {
  code: string;
  majorCode: string | null;
  kind: 'incident' | 'component';
  nameZh: string;
  nameEn: string;
  deadlineAmount: number | null;
  deadlineUnit: string | null;
}

export interface RiskSourceProperties {
  id: number;
  name: string;
  kind: string;
  level: 1 | 2 | 3 | 4;
  communityId: number | null;
  inspectionCycleDays: number | null;
  lastInspectedOn: string | null;
  inspectionOverdue: boolean;
  emergencyPlan: string | null;
}

export interface HouseholdLocationProperties {
  id: number;
  gridId: number;
  buildingId: number;
  residentCount: number;
}

export interface Health {
  status: string;
  database: { mode: string; postgis: string; migrationLevel: number };
  gridIndex: { grids: number };
}

export type BasemapMode = 'offline' | 'pmtiles' | 'tianditu' | 'style-url';

export interface BasemapOptions {
  mode: BasemapMode;
  styleUrl: string;
  attribution: string[];
  bounds: [number, number, number, number] | null;
  notice: string | null;
}

export type Collection<P> = GeoJSON.FeatureCollection<GeoJSON.Geometry, P>;

export type Role = 'admin' | 'planner' | 'dispatcher' | 'worker' | 'auditor';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  workerId: number | null;
  mustChangePassword: boolean;
}

export interface Session {
  user: SessionUser | null;
  csrfToken: string | null;
}
