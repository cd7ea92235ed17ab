import type {
  Emergency, EmergencyPlan, EmergencyTeam, EmergencyWarning, PlanCoverage, PublicWarning,
} from '../../../contract/emergency.ts';
import { http } from './http-client.ts';

/** Community emergency management (issue 20): plans, coverage, teams and duty, activation, warnings. */

export const emergencyKeys = {
  all: ['emergency'] as const,
  plans: ['emergency', 'plans'] as const,
  coverage: ['emergency', 'coverage'] as const,
  teams: ['emergency', 'teams'] as const,
  warnings: ['emergency', 'warnings'] as const,
  publicWarnings: (lng: number | null, lat: number | null) => ['emergency', 'public-warnings', lng, lat] as const,
};

export interface ActivationRequest {
  planId?: number;
  incidentId?: number;
  point?: [number, number];
  responseLevel: 'I' | 'II' | 'III' | 'IV';
  radiusMetres?: number;
  note?: string;
}

export interface WarningRequest {
  level: EmergencyWarning['level'];
  headline: string;
  body: string;
  gridIds?: number[];
  communityIds?: number[];
  validTo: string;
}

export const emergencyApi = {
  plans: (signal?: AbortSignal) => http.get<{ plans: EmergencyPlan[] }>('/api/emergency-plans', { signal }),
  coverage: (signal?: AbortSignal) => http.get<PlanCoverage>('/api/emergency-plans/coverage', { signal }),
  teams: (signal?: AbortSignal) => http.get<{ teams: EmergencyTeam[] }>('/api/emergency-teams', { signal }),
  activate: (request: ActivationRequest) => http.post<Emergency>('/api/emergencies', request),
  note: (id: number, note: string) => http.post<Emergency>(`/api/emergencies/${id}/log`, { note }),
  handOver: (id: number, platform: '110' | '119' | '120', channel: 'phone' | 'webhook', reference?: string) =>
    http.post<Emergency>(`/api/emergencies/${id}/handovers`, { platform, channel, ...(reference ? { reference } : {}) }),
  close: (id: number, review: string) => http.post<Emergency>(`/api/emergencies/${id}/close`, { review }),
  warnings: (signal?: AbortSignal) => http.get<{ warnings: EmergencyWarning[] }>('/api/warnings', { signal }),
  publishWarning: (request: WarningRequest) => http.post<EmergencyWarning>('/api/warnings', request),
  cancelWarning: (id: number) => http.post<EmergencyWarning>(`/api/warnings/${id}/cancel`, {}),
  /** No account: the warnings in force covering a place (or all of them). */
  publicWarnings: (place: { lng: number; lat: number } | null, signal?: AbortSignal) =>
    http.get<{ warnings: PublicWarning[] }>('/api/public/warnings', { query: place ? { lng: place.lng, lat: place.lat } : {}, signal }),
};
