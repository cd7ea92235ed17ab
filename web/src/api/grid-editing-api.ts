import type { CommunityGridFigures, GridEditResult } from '../../../contract/grid-edits.ts';
import { http, type ApiError } from './http-client.ts';

/**
 * The planner's grid-editing API (server/grids/grid-editing.routes.ts). Answers are the contract's
 * types (contract/grid-edits.ts); the request bodies below are what the editor modes build.
 */

export type PolygonGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

export interface SplitRequestBody {
  versionId: number;
  line: GeoJSON.LineString;
  changeNote?: string;
}
export interface MergeRequestBody {
  versionIds: number[];
  changeNote?: string;
}
export interface ReshapeRequestBody {
  versionId: number;
  geometry: PolygonGeometry;
  receiverVersionId?: number;
  basedOnVersionIds?: number[];
  changeNote?: string;
}
export interface FillRequestBody {
  communityId: number;
  geometry: PolygonGeometry;
  intoVersionId?: number;
  name?: string;
  changeNote?: string;
}
export interface MoveBlockRequestBody {
  blockId: number;
  fromVersionId: number;
  toVersionId: number;
  changeNote?: string;
}

/** One edit as an editor mode builds it: the operation and its body, typed together. */
export type GridEditRequest =
  | { operation: 'split'; body: SplitRequestBody }
  | { operation: 'merge'; body: MergeRequestBody }
  | { operation: 'reshape'; body: ReshapeRequestBody }
  | { operation: 'fill'; body: FillRequestBody }
  | { operation: 'move-block'; body: MoveBlockRequestBody };

/** Edits go to the live layout, or into a draft plan (the same operations, the plan's version ids). */
const editPath = (planId: number | null) => (planId === null ? '/api/grid-edits' : `/api/plans/${planId}/edits`);

export const gridEditingKeys = {
  all: ['grid-editing'] as const,
  figures: (communityId: number) => ['grid-editing', 'figures', communityId] as const,
  basemapLayer: (layer: string) => ['grid-editing', 'basemap-layer', layer] as const,
};

export const gridEditingApi = {
  /** The same transaction as the edit, rolled back: figures and warnings of the result, nothing written. */
  preview: (request: GridEditRequest, planId: number | null = null) =>
    http.post<GridEditResult>(`${editPath(planId)}/${request.operation}/preview`, request.body),
  commit: (request: GridEditRequest, planId: number | null = null) => http.post<GridEditResult>(`${editPath(planId)}/${request.operation}`, request.body),
  /** Undo an edit; undoing an undo is the redo. */
  undo: (editId: number) => http.post<GridEditResult>(`/api/grid-edits/${editId}/undo`, {}),
  communityGridFigures: (communityId: number, signal?: AbortSignal) =>
    http.get<CommunityGridFigures>(`/api/communities/${communityId}/grid-figures`, { signal }),
  basemapLayer: (layer: 'road' | 'buildings' | 'block', signal?: AbortSignal) =>
    http.get<GeoJSON.FeatureCollection>(`/api/basemap/layers/${layer}.geojson`, { signal }),
};

/** What a 409 says changed, and what a 422 wants highlighted. */
export function conflictDetails(error: ApiError): unknown[] {
  const details = error.details as { changed?: unknown[] } | undefined;
  return Array.isArray(details?.changed) ? details.changed : [];
}

export function rejectedGeometry(error: ApiError): GeoJSON.Geometry | null {
  const details = error.details as { geometry?: GeoJSON.Geometry | null } | undefined;
  return details?.geometry && typeof details.geometry === 'object' && 'type' in details.geometry ? details.geometry : null;
}
