import { ApiError } from './api-client.ts';
import type { IncidentStatus } from './api-types.ts';

/**
 * The incident loop, households and the audit log over HTTP, for the worker's phone view, the
 * dispatcher's case desk and the auditor view. Writes carry the session's CSRF token.
 */

export const incidentActions = [
  'register', 'reject', 'merge', 'dispatch', 'accept', 'start', 'handle', 'pass_check', 'fail_check', 'close', 'backlog',
] as const;
export type IncidentAction = (typeof incidentActions)[number];

export const incidentStatuses: IncidentStatus[] = [
  'reported', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'closed', 'rework', 'backlog', 'rejected',
];

export interface CaseSummary {
  id: number;
  hiddenFromPublic: boolean;
  publishedToPublic: boolean;
  publicSummary: string | null;
  publicReason: 'hidden' | 'published' | 'not_registered' | 'source' | 'category' | 'public';
  supporterCount: number;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied' | null;
  mayChangePublicVisibility: boolean;
  trackingCode: string;
  categoryCode: string;
  categoryNameZh: string;
  categoryNameEn: string;
  majorCode: string | null;
  photoRequiredToClose: boolean;
  source: string;
  status: IncidentStatus;
  description: string;
  location: { longitude: number; latitude: number };
  address: string | null;
  gridId: number | null;
  gridCode: string | null;
  gridName: string | null;
  communityName: string | null;
  assignedWorkerId: number | null;
  assignedWorkerName: string | null;
  assignedUserId: number | null;
  assignedUserName: string | null;
  assignedDepartment: string | null;
  vacantGrid: boolean;
  reportedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  escalatedAt: string | null;
  overdue: boolean;
  reworkCount: number;
  rejectionReason: string | null;
  duplicateOf: number | null;
  backlogReason: string | null;
  reporterName: string | null;
  reporterPhone: string | null;
  reporterContactMasked: boolean;
  allowedActions: IncidentAction[];
}

export interface TimelineEvent {
  id: number;
  at: string;
  action: string | null;
  fromStatus: string | null;
  toStatus: string;
  actorUserId: number | null;
  actorName: string | null;
  actorLabel: string | null;
  note: string | null;
  photos: string[];
}

export interface DuplicateSuggestion {
  id: number;
  trackingCode: string;
  status: string;
  reportedAt: string;
  distanceMetres: number;
}

export interface CasePage {
  case: CaseSummary;
  timeline: TimelineEvent[];
  duplicateSuggestions: DuplicateSuggestion[];
  now: string;
}

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

export interface ReportResult {
  id: number;
  trackingCode: string;
  result: 'created' | 'duplicate';
  duplicateSuggestions?: DuplicateSuggestion[];
}

export interface StoredPhoto {
  name: string;
  url: string;
}

export interface Notification {
  id: number;
  createdAt: string;
  kind: string;
  incidentId: number | null;
  trackingCode: string | null;
  message: string;
  readAt: string | null;
}

export type PersonalField = 'name' | 'idNumber' | 'phone';

export interface Household {
  id: number;
  gridId: number;
  buildingId: number;
  complexName: string | null;
  buildingNumber: string | null;
  unit: string | null;
  room: string | null;
  registeredCount: number;
  residentCount: number;
  floatingCount: number;
  registeredElsewhere: boolean;
  elderlyAlone: boolean;
  disability: boolean;
  longitude: number;
  latitude: number;
  headName: string | null;
  headPhone: string | null;
  headIdNumber: string | null;
  /** The personal fields still masked in this answer. */
  masked: PersonalField[];
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  role: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: 'ok' | 'denied' | 'failed';
  clientAddress: string | null;
  details: unknown;
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

export interface WorkerSummary {
  id: number;
  name: string;
  active: boolean;
  gridId: number | null;
  gridCode: string | null;
  gridName: string | null;
}

async function answer<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? response.statusText, body?.error?.details);
  }
  return (await response.json()) as T;
}

function query(values: Record<string, string | number | boolean | undefined>): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') parameters.set(key, String(value));
  const text = parameters.toString();
  return text ? `?${text}` : '';
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(path, { signal, headers: { Accept: 'application/json' } }));
}

function writeHeaders(csrfToken: string | null, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (json) headers['Content-Type'] = 'application/json';
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

async function postJson<T>(path: string, body: unknown, csrfToken: string | null): Promise<T> {
  return answer<T>(await fetch(path, { method: 'POST', headers: writeHeaders(csrfToken, true), body: JSON.stringify(body) }));
}

export const casesApi = {
  list: (filter: CaseFilter, signal?: AbortSignal) =>
    getJson<{ total: number; now: string; cases: CaseSummary[] }>(
      `/api/cases${query({
        status: filter.status?.join(','),
        category: filter.category,
        gridId: filter.gridId,
        overdue: filter.overdue,
        assignedToMe: filter.assignedToMe,
        sort: filter.sort,
        limit: filter.limit,
        offset: filter.offset,
      })}`,
      signal,
    ),
  get: (id: number, signal?: AbortSignal) => getJson<CasePage>(`/api/incidents/${id}`, signal),
  transition: (id: number, request: TransitionRequest, csrfToken: string | null) =>
    postJson<{ case: CaseSummary | null; timeline: TimelineEvent[]; now: string }>(`/api/incidents/${id}/transitions`, request, csrfToken),
  report: (report: IncidentReport, csrfToken: string | null) => postJson<ReportResult>('/api/incidents', report, csrfToken),
  /** Hide, publish, or leave to the rule; `publicSummary` replaces the reporter's words for the public (null clears it). */
  setPublicVisibility: async (
    id: number,
    change: { decision: 'rule' | 'published' | 'hidden'; publicSummary?: string | null },
    csrfToken: string | null,
  ) =>
    answer<{ id: number; hiddenFromPublic: boolean; isPublic: boolean }>(await fetch(`/api/incidents/${id}/public-visibility`, {
      method: 'PUT', headers: writeHeaders(csrfToken, true), body: JSON.stringify(change),
    })),
  uploadPhoto: async (file: Blob, csrfToken: string | null) => {
    const form = new FormData();
    form.append('photo', file);
    return answer<StoredPhoto>(await fetch('/api/photos', { method: 'POST', headers: writeHeaders(csrfToken, false), body: form }));
  },
  notifications: (signal?: AbortSignal) => getJson<{ notifications: Notification[] }>('/api/notifications?limit=50', signal),
  markNotificationRead: (id: number, csrfToken: string | null) => postJson<unknown>(`/api/notifications/${id}/read`, {}, csrfToken),
  workers: (signal?: AbortSignal) => getJson<{ workers: WorkerSummary[] }>('/api/workers', signal),
  households: (options: { gridId?: number; limit: number; offset: number }, signal?: AbortSignal) =>
    getJson<{ total: number; households: Household[] }>(`/api/households${query(options)}`, signal),
  revealHousehold: (id: number, fields: PersonalField[], reason: string, csrfToken: string | null) =>
    postJson<Household>(`/api/households/${id}/reveal`, { fields, reason }, csrfToken),
  auditLog: (filter: AuditFilter, signal?: AbortSignal) =>
    getJson<{ entries: AuditEntry[] }>(`/api/audit-log${query({ ...filter })}`, signal),
};

export const photoUrl = (name: string) => `/api/photos/${encodeURIComponent(name)}`;

/** A server refusal in words a person can act on: the message, plus field details when there are any. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = Array.isArray(error.details)
      ? (error.details as { field?: string; message?: string }[]).map((item) => [item.field, item.message].filter(Boolean).join(': ')).join('; ')
      : '';
    return details ? `${error.message} (${details})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
