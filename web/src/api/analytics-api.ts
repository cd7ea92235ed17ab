import { decodeIncidentPoints, type DecodedIncidentPoints } from '../../../contract/incident-points-codec.ts';
import { ApiError } from './api-client.ts';

/** The command centre's API: heatmap points (binary), grid densities, KPIs, risk register, equipment and CCTV layers. */

export interface GridDensity {
  gridId: number;
  code: string;
  name: string;
  communityId: number;
  incidents: number;
  households: number;
  areaSquareKilometres: number;
  incidentsPerHundredHouseholds: number | null;
  incidentsPerSquareKilometre: number | null;
}

export const kpiNames = [
  'reported', 'registered', 'dispatched', 'handledOnTime', 'overdue', 'closed', 'onTimeClosureRate', 'rework', 'averageHandlingHours',
  'satisfactionRatings', 'satisfactionRate',
] as const;
export type KpiName = (typeof kpiNames)[number];

export interface KpiComparison {
  value: number | null;
  previous: number | null;
  lastYear: number | null;
  monthOnMonth: number | null;
  yearOnYear: number | null;
}

export interface HotspotGrid {
  gridId: number;
  code: string | null;
  name: string | null;
  communityId: number | null;
  reported: number;
}

export interface KpiReport {
  period: { from: string; to: string };
  values: Record<KpiName, number | null>;
  kpis: KpiComparisonRow[];
  hotspots: HotspotGrid[];
}

export interface KpiComparisonRow extends KpiComparison {
  name: KpiName;
}

export interface KpiQuery {
  from: Date;
  to: Date;
  category?: string | undefined;
  communityId?: number | undefined;
  gridId?: number | undefined;
  workerId?: number | undefined;
  top?: number;
}

export interface RiskSourceFeatureProperties {
  id: number;
  name: string;
  kind: string;
  level: 1 | 2 | 3 | 4;
  communityId: number | null;
  ownerName: string | null;
  ownerPhone: string | null;
  inspectionCycleDays: number | null;
  lastInspectedOn: string | null;
  inspectionOverdue: boolean;
  nextInspectionOn?: string | null;
  emergencyPlan: string | null;
}

export interface NearbyIncident {
  id: number;
  trackingCode: string;
  categoryCode: string;
  categoryNameZh: string;
  status: string;
  reportedAt: string;
  distanceMetres: number;
}

export type RiskSourceFeature = GeoJSON.Feature<GeoJSON.Geometry, RiskSourceFeatureProperties>;
export type RiskSourcePage = RiskSourceFeature & { nearbyIncidents: { radiusMetres: number; since: string; count: number; incidents: NearbyIncident[] } };

export interface RiskSourceInput {
  name: string;
  kind: string;
  level: number;
  ownerName?: string | null;
  ownerPhone?: string | null;
  inspectionCycleDays?: number | null;
  lastInspectedOn?: string | null;
  emergencyPlan?: string | null;
  geometry: GeoJSON.Point | GeoJSON.Polygon | GeoJSON.MultiPolygon;
}

export interface EmergencyEquipmentProperties {
  id: number;
  kind: string;
  name: string;
  quantity: number;
  expiresOn: string | null;
  expired: boolean;
  expiresSoon: boolean;
}

export interface CctvPointProperties {
  id: number;
  name: string;
  placement: string;
  online: boolean;
}

async function answer<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? response.statusText, body?.error?.details);
  }
  return (await response.json()) as T;
}

function urlOf(path: string, query: Record<string, string | number | undefined>): string {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  return url.toString();
}

const kpiParameters = (query: KpiQuery) => ({
  from: query.from.toISOString(),
  to: query.to.toISOString(),
  category: query.category,
  communityId: query.communityId,
  gridId: query.gridId,
  workerId: query.workerId,
  top: query.top,
});

async function send<T>(method: 'POST' | 'PATCH', path: string, body: unknown, csrfToken: string | null): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return answer<T>(await fetch(new URL(path, window.location.origin), { method, headers, body: JSON.stringify(body) }));
}

export const analyticsApi = {
  /** Every incident point of the period as typed arrays (about 9 bytes a point). */
  async incidentPoints(options: { from: Date; to: Date; category?: string }, signal?: AbortSignal): Promise<DecodedIncidentPoints> {
    const response = await fetch(
      urlOf('/api/analytics/incident-points', { format: 'binary', from: options.from.toISOString(), to: options.to.toISOString(), category: options.category }),
      { signal, headers: { Accept: 'application/octet-stream' } },
    );
    if (!response.ok) await answer(response);
    return decodeIncidentPoints(await response.arrayBuffer());
  },
  gridDensities: (options: { from: Date; to: Date; category?: string }, signal?: AbortSignal) =>
    fetch(urlOf('/api/analytics/grid-densities', { from: options.from.toISOString(), to: options.to.toISOString(), category: options.category }), { signal })
      .then((response) => answer<{ grids: GridDensity[] }>(response)),
  kpis: (query: KpiQuery, signal?: AbortSignal) => fetch(urlOf('/api/analytics/kpis', kpiParameters(query)), { signal }).then((response) => answer<KpiReport>(response)),
  kpiExportUrl: (query: KpiQuery) => urlOf('/api/analytics/kpis/export.xlsx', kpiParameters(query)),
  riskSources: (signal?: AbortSignal) =>
    fetch(urlOf('/api/risk-sources', {}), { signal }).then((response) => answer<GeoJSON.FeatureCollection<GeoJSON.Geometry, RiskSourceFeatureProperties>>(response)),
  riskSource: (id: number, signal?: AbortSignal) =>
    fetch(urlOf(`/api/risk-sources/${id}`, { radius: 500, days: 180 }), { signal }).then((response) => answer<RiskSourcePage>(response)),
  createRiskSource: (input: RiskSourceInput, csrfToken: string | null) => send<RiskSourceFeature>('POST', '/api/risk-sources', input, csrfToken),
  updateRiskSource: (id: number, input: Partial<RiskSourceInput>, csrfToken: string | null) =>
    send<RiskSourceFeature>('PATCH', `/api/risk-sources/${id}`, input, csrfToken),
  emergencyEquipment: (signal?: AbortSignal) =>
    fetch(urlOf('/api/emergency-equipment', {}), { signal }).then((response) =>
      answer<GeoJSON.FeatureCollection<GeoJSON.Point, EmergencyEquipmentProperties>>(response)),
  cctvPoints: (signal?: AbortSignal) =>
    fetch(urlOf('/api/cctv-points', {}), { signal }).then((response) => answer<GeoJSON.FeatureCollection<GeoJSON.Point, CctvPointProperties>>(response)),
};

export type { DecodedIncidentPoints };
