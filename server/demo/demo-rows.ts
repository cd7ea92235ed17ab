/**
 * The rows the generator produces for one street office, shaped like the database tables
 * (camelCase keys, as postgres.js maps them) but linked by stable codes and local keys instead
 * of database ids; the loader swaps those for ids when it inserts. Plain data only, so two runs
 * can be compared with a deep equality check.
 */
export interface StreetRow {
  code: string;
  name: string;
  boundary: GeoJSON.MultiPolygon;
}

export interface CommunityRow {
  code: string;
  name: string;
  boundary: GeoJSON.MultiPolygon;
  serviceHallAddress: string;
  serviceHallHours: string;
  dutyPhone: string;
}

export interface GridRow {
  code: string;
  name: string;
  communityCode: string;
  geometry: GeoJSON.MultiPolygon;
  validFrom: Date;
}

export interface WorkerRow {
  key: string;
  name: string;
  gender: 'F' | 'M';
  phone: string;
  dutyPhone: string;
  dutyHours: string;
  idNumber: string;
  active: boolean;
}

export interface AssignmentRow {
  gridCode: string;
  workerKey: string;
  startedAt: Date;
  endedAt: Date | null;
  reason: string | null;
}

export interface BuildingRow {
  /** Index of the building within its street. */
  key: number;
  communityCode: string;
  gridCode: string;
  complexName: string | null;
  number: string;
  kind: 'residential' | 'resettlement' | 'commercial' | 'village' | 'public' | 'industrial';
  floors: number;
  footprint: GeoJSON.Polygon;
  location: GeoJSON.Point;
}

export interface HouseholdRow {
  buildingKey: number;
  gridCode: string;
  unit: string | null;
  room: string;
  location: GeoJSON.Point;
  registeredCount: number;
  residentCount: number;
  floatingCount: number;
  registeredElsewhere: boolean;
  elderlyAlone: boolean;
  disability: boolean;
  headName: string;
  headIdNumber: string;
  headPhone: string;
}

export type IncidentStatus = 'reported' | 'registered' | 'rejected' | 'dispatched' | 'handling' | 'handled' | 'checked' | 'closed' | 'rework' | 'backlog';
export type IncidentSource = 'patrol' | 'resident' | 'hotline' | 'referral' | 'sensor';

export interface IncidentEventRow {
  at: Date;
  /** set where the status alone does not say what happened (the deadline escalation keeps the status) */
  action: string | null;
  fromStatus: IncidentStatus | null;
  toStatus: IncidentStatus;
  actorLabel: string;
  /** what the (synthetic) person wrote */
  note: string | null;
  /** what the system wrote, as a code of server/messages `notes` and its params (JSON), rendered when read */
  noteCode: string | null;
  noteParams: string | null;
}

export interface IncidentRow {
  trackingCode: string;
  categoryCode: string;
  source: IncidentSource;
  status: IncidentStatus;
  description: string;
  location: GeoJSON.Point;
  address: string;
  gridCode: string;
  communityCode: string;
  assignedWorkerKey: string | null;
  reportedAt: Date;
  registeredAt: Date | null;
  dispatchedAt: Date | null;
  handledAt: Date | null;
  closedAt: Date | null;
  dueAt: Date | null;
  reporterName: string | null;
  reporterPhone: string | null;
  hiddenFromPublic: boolean;
  events: IncidentEventRow[];
}

export type RiskSourceKind = 'gas_station' | 'lpg_user' | 'construction_site' | 'market' | 'school' | 'old_building' | 'chemical_store' | 'flood_prone';

export interface RiskSourceRow {
  name: string;
  kind: RiskSourceKind;
  level: 1 | 2 | 3 | 4;
  geometry: GeoJSON.Point | GeoJSON.Polygon;
  communityCode: string;
  ownerName: string;
  ownerPhone: string;
  inspectionCycleDays: number;
  /** yyyy-MM-dd */
  lastInspectedOn: string;
  emergencyPlan: string;
}

export interface BasemapFeatureRow {
  layer: 'land' | 'water' | 'green' | 'farmland' | 'road' | 'block' | 'label';
  class: string;
  name: string | null;
  geometry: GeoJSON.Geometry;
}

/** Everything for one street office except incidents, which are generated from it. */
export interface TerritoryRows {
  street: StreetRow;
  communities: CommunityRow[];
  grids: GridRow[];
  workers: WorkerRow[];
  assignments: AssignmentRow[];
  buildings: BuildingRow[];
  households: HouseholdRow[];
  riskSources: RiskSourceRow[];
  basemapFeatures: BasemapFeatureRow[];
}
