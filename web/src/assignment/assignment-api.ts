import { ApiError } from '../api/api-client.ts';

/** Requests and answers of worker assignment (server/workers/assignment.routes.ts). */

export interface AssignmentGrid {
  gridId: number;
  versionId: number;
  code: string;
  name: string;
  communityId: number;
  communityName: string;
  workerId: number | null;
  workerName: string | null;
  assignmentId: number | null;
  assignedSince: string | null;
  households: number;
  residents: number;
  openCases: number;
  areaSquareMetres: number;
  workloadIndex: number;
  workloadParts: { households: number; openCases: number; area: number };
  vacant: boolean;
  overloaded: boolean;
}

export interface GridSummary {
  gridId: number;
  code: string;
  name: string;
  communityName: string;
  workerId: number | null;
  workerName: string | null;
  workloadIndex: number;
}

export interface WorkerSummary {
  id: number;
  name: string;
  gender: string | null;
  dutyPhone: string | null;
  active: boolean;
}

export interface WorkloadFormula {
  weights: { households: number; openCases: number; area: number };
  householdsMax: number;
  householdsMin: number;
  openCasesPerWorker: number;
  patrolAreaSquareMetres: number;
  overloadedAbove: number;
}

export interface Assignments {
  formula: WorkloadFormula;
  grids: AssignmentGrid[];
  vacancies: GridSummary[];
  overloaded: GridSummary[];
  unassignedWorkers: WorkerSummary[];
}

/** A row of GET /api/workers. */
export interface WorkerRow {
  id: number;
  name: string;
  gender: string | null;
  dutyPhone: string | null;
  active: boolean;
  gridId: number | null;
  gridCode: string | null;
  gridName: string | null;
}

export interface AssignmentHistoryEntry {
  id: number;
  gridId: number;
  workerId: number;
  workerName: string;
  gridCode: string | null;
  gridName: string | null;
  startedAt: string;
  endedAt: string | null;
  assignedById: number | null;
  assignedByName: string | null;
  reason: string | null;
  endReason: string | null;
  endCode: string | null;
  endSummary: string | null;
  endedByName: string | null;
}

export interface WorkerHasGridDetails {
  workerId: number;
  workerName: string;
  currentGrid: { id: number; code: string | null; name: string | null };
}

async function call<T>(method: string, path: string, options: { body?: unknown; csrfToken?: string | null; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.csrfToken) headers['X-CSRF-Token'] = options.csrfToken;
  const response = await fetch(new URL(path, window.location.origin), {
    method, headers, signal: options.signal, body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? response.statusText, body?.error?.details);
  }
  return (await response.json()) as T;
}

export const assignmentApi = {
  assignments: (communityId: number | undefined, signal?: AbortSignal) =>
    call<Assignments>('GET', `/api/assignments${communityId ? `?communityId=${communityId}` : ''}`, { signal }),
  workers: (signal?: AbortSignal) => call<{ workers: WorkerRow[] }>('GET', '/api/workers', { signal }),
  assign: (gridId: number, body: { workerId: number; reason: string; moveFromCurrentGrid?: boolean }, csrfToken: string | null) =>
    call<{ changed: boolean }>('PUT', `/api/grids/${gridId}/worker`, { body, csrfToken }),
  vacate: (gridId: number, reason: string, csrfToken: string | null) =>
    call<{ vacated: boolean }>('DELETE', `/api/grids/${gridId}/worker`, { body: { reason }, csrfToken }),
  workerHistory: (workerId: number, signal?: AbortSignal) =>
    call<{ worker: WorkerSummary; assignments: AssignmentHistoryEntry[] }>('GET', `/api/workers/${workerId}/assignments`, { signal }),
  gridHistory: (gridId: number, signal?: AbortSignal) =>
    call<{ gridId: number; assignments: AssignmentHistoryEntry[] }>('GET', `/api/grids/${gridId}/assignments`, { signal }),
};
