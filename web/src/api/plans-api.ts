import { ApiError } from './api-client.ts';
import type { Collection, CommunityProperties, GridProperties } from './api-types.ts';
import type { CommunityFigures, GridFigures, RuleWarning } from './grid-editing-api.ts';

/** Draft plans (server/plans/plans.routes.ts). */

export type PlanStatus = 'draft' | 'scheduled' | 'published' | 'discarded' | 'conflicted';

export interface PlanSummary {
  id: number;
  name: string;
  note: string | null;
  status: PlanStatus;
  communityIds: number[];
  communityNames?: string[];
  rollsBackPlanId: number | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  effectiveAt: string | null;
  publishedAt: string | null;
  publishedByName: string | null;
  statusReason: string | null;
  stepCount?: number;
  stale?: boolean;
}

export interface LayoutProblem {
  code: 'overlap' | 'gap' | 'households_orphaned' | 'community_without_grids';
  message: string;
  geometry: GeoJSON.Geometry | null;
}

export interface LiveChange {
  gridId: number;
  code: string;
  name: string;
  kind: 'changed' | 'removed' | 'added';
  changedAt: string | null;
  changedByName: string | null;
}

export interface PlanGrid extends GridFigures {
  changed: boolean;
  isNewGrid: boolean;
  workerName: string | null;
  bbox: [number, number, number, number];
  geometry: GeoJSON.MultiPolygon;
}

export interface PlanStep {
  step: number;
  operation: string;
  at: string;
  changedByName: string | null;
  changeNote: string | null;
}

export interface PlanDetail {
  plan: PlanSummary;
  step: number;
  steps: PlanStep[];
  communities: (CommunityFigures & { isNew: boolean; gridCount: number; vacantGridCount: number })[];
  grids: PlanGrid[];
  problems: LayoutProblem[];
  liveChanges: LiveChange[];
  canUndo: boolean;
}

export interface GridChange {
  gridId: number;
  code: string;
  name: string;
  householdsBefore: number | null;
  householdsAfter: number | null;
  areaBefore: number | null;
  areaAfter: number | null;
  workerName: string | null;
  previousCode: string | null;
}

export interface PlanComparison {
  planId: number;
  planName: string;
  generatedAt: string;
  summary: Record<'gridsBefore' | 'gridsAfter' | 'added' | 'removed' | 'changed' | 'unchanged' | 'householdsMoving' | 'incidentsMoving' | 'workersAffected' | 'warningsBefore' | 'warningsAfter', number>;
  communities: { communityId: number; code: string; name: string; isNew: boolean; gridsBefore: number; gridsAfter: number; householdsBefore: number; householdsAfter: number }[];
  added: GridChange[];
  removed: GridChange[];
  changed: GridChange[];
  households: { householdId: number; address: string; headName: string | null; fromCode: string; toCode: string }[];
  householdMoves: { fromCode: string; toCode: string; count: number }[];
  incidents: { incidentId: number; trackingCode: string; category: string; status: string; fromCode: string; toCode: string }[];
  workers: { workerId: number; name: string; gridCode: string; change: 'grid_removed' | 'grid_changed' | 'grid_moved_to_community' | 'grid_renumbered'; householdsBefore: number; householdsAfter: number | null }[];
  warningsBefore: RuleWarning[];
  warningsAfter: RuleWarning[];
  problems: LayoutProblem[];
  before: GeoJSON.FeatureCollection;
  after: GeoJSON.FeatureCollection;
}

async function answer<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? response.statusText, body?.error?.details);
  }
  return (await response.json()) as T;
}

const get = async <T>(path: string, signal?: AbortSignal) =>
  answer<T>(await fetch(new URL(path, window.location.origin), { signal, headers: { Accept: 'application/json' } }));
const post = async <T>(path: string, body: unknown, csrfToken: string | null) => {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return answer<T>(await fetch(new URL(path, window.location.origin), { method: 'POST', headers, body: JSON.stringify(body) }));
};

export const plansApi = {
  list: (signal?: AbortSignal) => get<{ plans: PlanSummary[] }>('/api/plans', signal),
  detail: (planId: number, signal?: AbortSignal) => get<PlanDetail>(`/api/plans/${planId}`, signal),
  open: (body: { name: string; note?: string; communityIds: number[] }, csrfToken: string | null) => post<PlanDetail>('/api/plans', body, csrfToken),
  compare: (planId: number, signal?: AbortSignal) => get<PlanComparison>(`/api/plans/${planId}/compare`, signal),
  comparisonWorkbookUrl: (planId: number) => `/api/plans/${planId}/compare.xlsx`,
  undo: (planId: number, csrfToken: string | null) => post<unknown>(`/api/plans/${planId}/undo`, {}, csrfToken),
  rebase: (planId: number, csrfToken: string | null) => post<unknown>(`/api/plans/${planId}/rebase`, {}, csrfToken),
  discard: (planId: number, csrfToken: string | null) => post<unknown>(`/api/plans/${planId}/discard`, {}, csrfToken),
  rollback: (planId: number, csrfToken: string | null) => post<PlanDetail>(`/api/plans/${planId}/rollback`, {}, csrfToken),
  publish: (planId: number, body: { effectiveAt?: string; note?: string }, csrfToken: string | null) =>
    post<{ status: 'published' | 'scheduled'; effectiveAt: string; householdsMoved: number }>(`/api/plans/${planId}/publish`, body, csrfToken),
  createCommunity: (planId: number, body: { name: string; versionIds: number[]; serviceHallAddress?: string; serviceHallHours?: string; dutyPhone?: string }, csrfToken: string | null) =>
    post<{ communityId: number; code: string; name: string }>(`/api/plans/${planId}/communities`, body, csrfToken),
};

/**
 * The map's grid layer while a plan is open: the plan's grids for its communities, the live grids
 * for the others — in the shape of the live layer, so every map module draws them unchanged.
 */
export function planGridCollection(
  detail: PlanDetail,
  live: Collection<GridProperties>,
  communities: Collection<CommunityProperties>,
): Collection<GridProperties> {
  const covered = new Set(detail.communities.map((community) => community.communityId));
  const communityOf = (id: number) =>
    detail.communities.find((community) => community.communityId === id) ??
    communities.features.find((feature) => feature.properties.id === id)?.properties;
  const planFeatures = detail.grids.map((grid) => {
    const community = communityOf(grid.communityId) as { name: string; code: string } | undefined;
    return {
      type: 'Feature' as const,
      id: grid.gridId,
      geometry: grid.geometry,
      properties: {
        id: grid.gridId, versionId: grid.versionId ?? 0, code: grid.code, shortCode: grid.code.slice(-3), name: grid.name,
        communityId: grid.communityId, communityName: community?.name ?? '', communityCode: community?.code ?? '',
        validFrom: detail.plan.updatedAt, validTo: null, workerId: grid.workerId, workerName: grid.workerName, vacant: grid.vacant,
        households: grid.households, residents: grid.residents, buildings: grid.buildings, areaSquareMetres: grid.areaSquareMetres,
      },
    };
  });
  return {
    ...live,
    features: [...live.features.filter((feature) => !covered.has(feature.properties.communityId)), ...planFeatures],
  } as Collection<GridProperties>;
}
