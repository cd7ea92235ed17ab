import type { PopulationAnswer, ResidentsGroupsAnswer, AutoSplitPreview } from '../../../contract/population.ts';
import type { GridFeature } from '../../../contract/territory.ts';
import { http } from './http-client.ts';

/** Population figures, residents' groups and auto-split alternatives (server/population, issue 19). */
export const populationKeys = {
  all: ['population'] as const,
  figures: (level: 'grid' | 'community', month: string) => ['population', 'figures', level, month] as const,
  residentsGroups: ['population', 'residents-groups'] as const,
  grids: ['population', 'grids'] as const,
};

export const populationApi = {
  figures: (level: 'grid' | 'community', month: string, signal?: AbortSignal) =>
    http.get<PopulationAnswer>('/api/population', { query: { level, month }, signal }),
  residentsGroups: (signal?: AbortSignal) => http.get<ResidentsGroupsAnswer>('/api/residents-groups', { signal }),
  grids: (signal?: AbortSignal) => http.get<{ type: 'FeatureCollection'; features: GridFeature[] }>('/api/grids', { signal }),
  autoSplitAlternatives: (versionId: number, parts: number) => http.post<AutoSplitPreview>('/api/grid-edits/auto-split/preview', { versionId, parts }),
};
