import { ApiError } from './api-client.ts';

/** Requests and answers of the planner's grid-editing API (server/grids/grid-editing.routes.ts). */

export type GridEditOperation = 'split' | 'merge' | 'reshape' | 'fill' | 'move-block';

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

export interface RuleWarning {
  code: string;
  level: 'warning' | 'info';
  subject: { kind: 'grid'; gridId: number; code: string } | { kind: 'community'; communityId: number; code: string };
  messageZh: string;
  messageEn: string;
}

export interface GridFigures {
  gridId: number;
  versionId: number | null;
  code: string;
  name: string;
  communityId: number;
  households: number;
  residents: number;
  buildings: number;
  areaSquareMetres: number;
  workerId: number | null;
  partCount: number;
  vacant: boolean;
  householdDeviation: number;
  warnings: RuleWarning[];
  bbox?: [number, number, number, number];
  geometry?: GeoJSON.MultiPolygon;
}

export interface CommunityFigures {
  communityId: number;
  code: string;
  name: string;
  households: number;
  residents: number;
  stationStaffRequired: number;
  warnings: RuleWarning[];
}

export interface GridEditResult {
  preview: boolean;
  editId: number | null;
  operation: string;
  communityId: number;
  grids: (GridFigures & { status: 'changed' | 'created' })[];
  before: GridFigures[];
  removedGrids: { gridId: number; code: string; name: string }[];
  community: CommunityFigures;
  warnings: RuleWarning[];
  householdsMoved: number;
  incidentsMoved: number;
}

export interface CommunityGridFigures {
  community: CommunityFigures;
  grids: GridFigures[];
  policy: { gridHouseholdsMin: number; gridHouseholdsMax: number };
}

async function answer<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? response.statusText, body?.error?.details);
  }
  return (await response.json()) as T;
}

async function post<T>(path: string, body: unknown, csrfToken: string | null): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return answer<T>(await fetch(new URL(path, window.location.origin), { method: 'POST', headers, body: JSON.stringify(body) }));
}

async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return answer<T>(await fetch(new URL(path, window.location.origin), { signal, headers: { Accept: 'application/json' } }));
}

/** Edits go to the live layout, or into a draft plan (the same operations, the plan's version ids). */
const editPath = (planId: number | null) => (planId === null ? '/api/grid-edits' : `/api/plans/${planId}/edits`);

export const gridEditingApi = {
  /** The same transaction as the edit, rolled back: figures and warnings of the result, nothing written. */
  preview: (request: GridEditRequest, csrfToken: string | null, planId: number | null = null) =>
    post<GridEditResult>(`${editPath(planId)}/${request.operation}/preview`, request.body, csrfToken),
  commit: (request: GridEditRequest, csrfToken: string | null, planId: number | null = null) =>
    post<GridEditResult>(`${editPath(planId)}/${request.operation}`, request.body, csrfToken),
  /** Undo an edit; undoing an undo is the redo. */
  undo: (editId: number, csrfToken: string | null) => post<GridEditResult>(`/api/grid-edits/${editId}/undo`, {}, csrfToken),
  communityGridFigures: (communityId: number, signal?: AbortSignal) =>
    get<CommunityGridFigures>(`/api/communities/${communityId}/grid-figures`, signal),
  basemapLayer: (layer: 'road' | 'buildings' | 'block', signal?: AbortSignal) =>
    get<GeoJSON.FeatureCollection>(`/api/basemap/layers/${layer}.geojson`, signal),
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
