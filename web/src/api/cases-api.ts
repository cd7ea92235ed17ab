import type { AuditEntry } from '../../../contract/audit.ts';
import type { Household, HouseholdPage, PersonalField } from '../../../contract/households.ts';
import type {
  CaseList, CasePage, IncidentAction, IncidentStatus, IngestedIncident, Notification, StoredPhoto, TransitionResult,
} from '../../../contract/incidents.ts';
import type { PublicVisibility } from '../../../contract/residents.ts';
import type { WorkerListItem } from '../../../contract/workers.ts';
import { http } from './http-client.ts';

export { describeError } from './http-client.ts';

/**
 * The incident loop, households and the audit log over HTTP, for the worker's phone view, the
 * dispatcher's case desk and the auditor view. Writes carry the session's CSRF token.
 */

export const incidentActions: readonly IncidentAction[] = [
  'register', 'reject', 'merge', 'dispatch', 'accept', 'start', 'handle', 'pass_check', 'fail_check', 'close', 'backlog',
];

export const incidentStatuses: IncidentStatus[] = [
  'reported', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'closed', 'rework', 'backlog', 'rejected',
];

export interface CaseFilter {
  status?: IncidentStatus[];
  category?: string;
  gridId?: number;
  overdue?: boolean;
  assignedToMe?: boolean;
  sort?: 'due' | 'reported';
  limit?: number;
  offset?: number;
}

export interface TransitionRequest {
  action: IncidentAction;
  note?: string;
  photos?: string[];
  duplicateOf?: number;
  target?: { workerId: number } | { department: string } | { userId: number };
}

export interface IncidentReport {
  idempotencyKey: string;
  categoryCode: string;
  description: string;
  longitude: number;
  latitude: number;
  address?: string;
  photos?: string[];
}

export interface AuditFilter {
  from?: string;
  to?: string;
  userId?: number;
  action?: string;
  result?: 'ok' | 'denied' | 'failed';
  limit: number;
  offset: number;
}

export const caseKeys = {
  all: ['cases'] as const,
  list: (filter: CaseFilter) => ['cases', 'list', filter] as const,
  page: (id: number) => ['cases', 'page', id] as const,
  notifications: ['cases', 'notifications'] as const,
  workers: ['cases', 'workers'] as const,
  households: (options: { gridId?: number; limit: number; offset: number }) => ['cases', 'households', options] as const,
  auditLog: (filter: AuditFilter) => ['cases', 'audit-log', filter] as const,
};

export const casesApi = {
  list: (filter: CaseFilter, signal?: AbortSignal) =>
    http.get<CaseList>('/api/cases', {
      query: {
        status: filter.status,
        category: filter.category,
        gridId: filter.gridId,
        overdue: filter.overdue,
        assignedToMe: filter.assignedToMe,
        sort: filter.sort,
        limit: filter.limit,
        offset: filter.offset,
      },
      signal,
    }),
  get: (id: number, signal?: AbortSignal) => http.get<CasePage>(`/api/incidents/${id}`, { signal }),
  transition: (id: number, request: TransitionRequest) => http.post<TransitionResult>(`/api/incidents/${id}/transitions`, request),
  report: (report: IncidentReport) => http.post<IngestedIncident>('/api/incidents', report),
  /** Hide, publish, or leave to the rule; `publicSummary` replaces the reporter's words for the public (null clears it). */
  setPublicVisibility: (id: number, change: { decision: 'rule' | 'published' | 'hidden'; publicSummary?: string | null }) =>
    http.put<PublicVisibility>(`/api/incidents/${id}/public-visibility`, change),
  uploadPhoto: (file: Blob) => {
    const form = new FormData();
    form.append('photo', file);
    return http.postForm<StoredPhoto>('/api/photos', form);
  },
  notifications: (signal?: AbortSignal) => http.get<{ notifications: Notification[] }>('/api/notifications', { query: { limit: 50 }, signal }),
  markNotificationRead: (id: number) => http.post<{ id: number; read: true }>(`/api/notifications/${id}/read`, {}),
  workers: (signal?: AbortSignal) => http.get<{ workers: WorkerListItem[] }>('/api/workers', { signal }),
  households: (options: { gridId?: number; limit: number; offset: number }, signal?: AbortSignal) =>
    http.get<HouseholdPage>('/api/households', { query: options, signal }),
  revealHousehold: (id: number, fields: PersonalField[], reason: string) => http.post<Household>(`/api/households/${id}/reveal`, { fields, reason }),
  auditLog: (filter: AuditFilter, signal?: AbortSignal) => http.get<{ entries: AuditEntry[] }>('/api/audit-log', { query: { ...filter }, signal }),
};

export const photoUrl = (name: string) => `/api/photos/${encodeURIComponent(name)}`;
