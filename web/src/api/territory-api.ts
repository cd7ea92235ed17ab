import type { Category, IncidentProperties } from '../../../contract/incidents.ts';
import type { RiskSourceProperties } from '../../../contract/risks.ts';
import type { BasemapOptions } from '../../../contract/basemap.ts';
import type { Health } from '../../../contract/system.ts';
import type { TileSet } from '../../../contract/tiles.ts';
import type { CommunityProperties, GridDetail, GridProperties } from '../../../contract/territory.ts';
import type { Collection } from './collection.ts';
import { http } from './http-client.ts';

/** The territory as the map draws it: communities, grids, incidents, risk sources, the basemap (households come as vector tiles). */

export type Bbox = [number, number, number, number];
const bboxText = (bbox: Bbox | undefined) => bbox?.map((value) => value.toFixed(6)).join(',');

export const territoryKeys = {
  all: ['territory'] as const,
  grids: (at: string | null) => ['territory', 'grids', at] as const,
  grid: (id: number) => ['territory', 'grid', id] as const,
};

export const territoryApi = {
  health: (signal?: AbortSignal) => http.get<Health>('/api/health', { signal }),
  communities: (signal?: AbortSignal) => http.get<Collection<CommunityProperties>>('/api/communities', { signal }),
  grids: (options: { bbox?: Bbox; at?: string } = {}, signal?: AbortSignal) =>
    http.get<Collection<GridProperties>>('/api/grids', { query: { bbox: bboxText(options.bbox), at: options.at }, signal }),
  grid: (id: number, signal?: AbortSignal) => http.get<GridDetail>(`/api/grids/${id}`, { signal }),
  incidents: (
    options: { bbox?: Bbox; from?: string; to?: string; category?: string; status?: string[]; limit?: number } = {},
    signal?: AbortSignal,
  ) =>
    http.get<Collection<IncidentProperties>>('/api/incidents', {
      query: { bbox: bboxText(options.bbox), from: options.from, to: options.to, category: options.category, status: options.status, limit: options.limit },
      signal,
    }),
  categories: (signal?: AbortSignal) => http.get<{ categories: Category[] }>('/api/categories', { signal }),
  riskSources: (signal?: AbortSignal) => http.get<Collection<RiskSourceProperties>>('/api/risk-sources', { signal }),
  /** The vector tile set: the current revisions and each layer's tile URL with its revision. */
  tileSet: (signal?: AbortSignal) => http.get<TileSet>('/api/tiles', { signal }),
  basemapOptions: (signal?: AbortSignal) => http.get<BasemapOptions>('/api/basemap/options', { signal }),
};
