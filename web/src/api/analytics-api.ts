import { decodeIncidentPoints, type DecodedIncidentPoints } from '../../../contract/incident-points-codec.ts';
import type { GridDensities, KpiName, KpiReport } from '../../../contract/analytics.ts';
import type { CctvPointProperties, EmergencyEquipmentProperties, RiskSourcePage, RiskSourceProperties, RiskSourceRecord } from '../../../contract/risks.ts';
import { downloadUrl, http } from './http-client.ts';

/**
 * The command centre's API: heatmap points (binary), grid densities, KPIs, risk register, equipment
 * and CCTV layers. Answers are the contract's types (contract/analytics.ts, contract/risks.ts).
 */

/** The KPIs the panels show, in their order (the contract's `KpiName` has them all). */
export const kpiNames = [
  'reported', 'registered', 'dispatched', 'handledOnTime', 'overdue', 'closed', 'onTimeClosureRate', 'rework', 'averageHandlingHours',
  'satisfactionRatings', 'satisfactionRate',
] as const satisfies readonly KpiName[];

/** The filter of a KPI report, as the panel holds it (dates, not strings). */
export interface KpiQuery {
  from: Date;
  to: Date;
  category?: string | undefined;
  communityId?: number | undefined;
  gridId?: number | undefined;
  workerId?: number | undefined;
  top?: number;
}

/** The body of a risk source's create or update (the register's form). */
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

const kpiParameters = (query: KpiQuery) => ({
  from: query.from.toISOString(),
  to: query.to.toISOString(),
  category: query.category,
  communityId: query.communityId,
  gridId: query.gridId,
  workerId: query.workerId,
  top: query.top,
});

const periodParameters = (options: { from: Date; to: Date; category?: string | undefined }) => ({
  from: options.from.toISOString(),
  to: options.to.toISOString(),
  category: options.category,
});

export const analyticsKeys = {
  all: ['analytics'] as const,
  riskSources: ['analytics', 'risk-sources'] as const,
  riskSource: (id: number) => ['analytics', 'risk-source', id] as const,
};

export const analyticsApi = {
  /** Every incident point of the period as typed arrays (about 9 bytes a point). */
  incidentPoints: async (options: { from: Date; to: Date; category?: string | undefined }, signal?: AbortSignal): Promise<DecodedIncidentPoints> =>
    decodeIncidentPoints(await http.getBinary('/api/analytics/incident-points', { query: { format: 'binary', ...periodParameters(options) }, signal })),
  gridDensities: (options: { from: Date; to: Date; category?: string | undefined }, signal?: AbortSignal) =>
    http.get<GridDensities>('/api/analytics/grid-densities', { query: periodParameters(options), signal }),
  kpis: (query: KpiQuery, signal?: AbortSignal) => http.get<KpiReport>('/api/analytics/kpis', { query: kpiParameters(query), signal }),
  kpiExportUrl: (query: KpiQuery) => downloadUrl('/api/analytics/kpis/export.xlsx', kpiParameters(query)),
  riskSources: (signal?: AbortSignal) => http.get<GeoJSON.FeatureCollection<GeoJSON.Geometry, RiskSourceProperties>>('/api/risk-sources', { signal }),
  riskSource: (id: number, signal?: AbortSignal) => http.get<RiskSourcePage>(`/api/risk-sources/${id}`, { query: { radius: 500, days: 180 }, signal }),
  createRiskSource: (input: RiskSourceInput) => http.post<RiskSourceRecord>('/api/risk-sources', input),
  updateRiskSource: (id: number, input: Partial<RiskSourceInput>) => http.patch<RiskSourceRecord>(`/api/risk-sources/${id}`, input),
  emergencyEquipment: (signal?: AbortSignal) =>
    http.get<GeoJSON.FeatureCollection<GeoJSON.Point, EmergencyEquipmentProperties>>('/api/emergency-equipment', { signal }),
  cctvPoints: (signal?: AbortSignal) => http.get<GeoJSON.FeatureCollection<GeoJSON.Point, CctvPointProperties>>('/api/cctv-points', { signal }),
};

export type { DecodedIncidentPoints };
