import type {
  CreatedCommunity, PlanComparison, PlanDetail, PlanListItem, PublishOutcome,
} from '../../../contract/plans.ts';
import type { CommunityProperties, GridProperties } from '../../../contract/territory.ts';
import type { Collection } from './collection.ts';
import { downloadUrl, http } from './http-client.ts';

/** Draft plans (server/plans/plans.routes.ts). Answers are the contract's types (contract/plans.ts). */

export const planKeys = {
  all: ['plans'] as const,
  list: ['plans', 'list'] as const,
  detail: (planId: number) => ['plans', 'detail', planId] as const,
  comparison: (planId: number) => ['plans', 'comparison', planId] as const,
};

export const plansApi = {
  list: (signal?: AbortSignal) => http.get<{ plans: PlanListItem[] }>('/api/plans', { signal }),
  detail: (planId: number, signal?: AbortSignal) => http.get<PlanDetail>(`/api/plans/${planId}`, { signal }),
  open: (body: { name: string; note?: string; communityIds: number[] }) => http.post<PlanDetail>('/api/plans', body),
  compare: (planId: number, signal?: AbortSignal) => http.get<PlanComparison>(`/api/plans/${planId}/compare`, { signal }),
  comparisonWorkbookUrl: (planId: number) => downloadUrl(`/api/plans/${planId}/compare.xlsx`),
  undo: (planId: number) => http.post<{ step: number; restoredStep: number }>(`/api/plans/${planId}/undo`, {}),
  rebase: (planId: number) => http.post<{ step: number; takenOver: number }>(`/api/plans/${planId}/rebase`, {}),
  discard: (planId: number) => http.post<{ planId: number; status: 'discarded' }>(`/api/plans/${planId}/discard`, {}),
  rollback: (planId: number) => http.post<PlanDetail>(`/api/plans/${planId}/rollback`, {}),
  publish: (planId: number, body: { effectiveAt?: string; note?: string }) => http.post<PublishOutcome>(`/api/plans/${planId}/publish`, body),
  createCommunity: (planId: number, body: { name: string; versionIds: number[]; serviceHallAddress?: string; serviceHallHours?: string; dutyPhone?: string }) =>
    http.post<CreatedCommunity>(`/api/plans/${planId}/communities`, body),
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
