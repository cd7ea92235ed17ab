import type {
  AssignmentHistoryEntry, AssignmentOverview, AssignmentResult, VacancyResult, WorkerListItem, WorkerSummary,
} from '../../../contract/workers.ts';
import { http } from '../api/http-client.ts';

/** Worker assignment (server/workers/assignment.routes.ts); answers are the contract's types (contract/workers.ts). */

/** The `details` of a 409 `worker_has_grid`: the worker already holds another grid. */
export interface WorkerHasGridDetails {
  workerId: number;
  workerName: string;
  currentGrid: { id: number; code: string | null; name: string | null };
}

export const assignmentKeys = {
  all: ['assignment'] as const,
  overview: (communityId: number | undefined) => ['assignment', 'overview', communityId ?? null] as const,
  workers: ['assignment', 'workers'] as const,
  workerHistory: (workerId: number) => ['assignment', 'worker-history', workerId] as const,
  gridHistory: (gridId: number) => ['assignment', 'grid-history', gridId] as const,
};

export const assignmentApi = {
  assignments: (communityId: number | undefined, signal?: AbortSignal) =>
    http.get<AssignmentOverview>('/api/assignments', { query: { communityId }, signal }),
  workers: (signal?: AbortSignal) => http.get<{ workers: WorkerListItem[] }>('/api/workers', { signal }),
  assign: (gridId: number, body: { workerId: number; reason: string; moveFromCurrentGrid?: boolean }) =>
    http.put<AssignmentResult>(`/api/grids/${gridId}/worker`, body),
  vacate: (gridId: number, reason: string) => http.delete<VacancyResult>(`/api/grids/${gridId}/worker`, { reason }),
  workerHistory: (workerId: number, signal?: AbortSignal) =>
    http.get<{ worker: WorkerSummary; assignments: AssignmentHistoryEntry[] }>(`/api/workers/${workerId}/assignments`, { signal }),
  gridHistory: (gridId: number, signal?: AbortSignal) =>
    http.get<{ gridId: number; assignments: AssignmentHistoryEntry[] }>(`/api/grids/${gridId}/assignments`, { signal }),
};
