/** Shapes of the API's answers, as the server documents them (all GeoJSON in WGS84). */

// the territory's shapes come from the API contract itself (contract/territory.ts)
export type { CommunityProperties, GridProperties, WorkerCard, GridVersion, GridDetail } from '../../../contract/territory.ts';

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

export type Role = 'admin' | 'planner' | 'dispatcher' | 'worker' | 'auditor' | 'leader';

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
