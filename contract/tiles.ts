/**
 * The city view's vector tiles (GET /api/tiles/{layer}/{z}/{x}/{y}.mvt?revision=N): Mapbox Vector
 * Tile 2.1, extent 4096, one source layer per URL named like the layer. The properties of each
 * layer's features are typed here for the web app (MapLibre reads them by these names).
 */

export const vectorTileLayers = ['communities', 'grids', 'households', 'incidents'] as const;
export type VectorTileLayer = (typeof vectorTileLayers)[number];

/** The media type tiles are served with. */
export const vectorTileMediaType = 'application/vnd.mapbox-vector-tile';

/** Feature id = community id. */
export interface CommunityTileProperties {
  code: string;
  name: string;
}

/** Feature id = grid id. Figures as /api/grids counts them; `workerId`/`workerName` absent when vacant. */
export interface GridTileProperties {
  code: string;
  name: string;
  communityId: number;
  households: number;
  residents: number;
  workerId?: number;
  workerName?: string;
  vacant: boolean;
}

/** Staff only. Below zoom 16: clusters (feature id = cell) with `count`; from 16: single households. */
export type HouseholdTileProperties = { count: number; residents: number } | { gridId: number; residents: number };

/** Public cases only, at their public point. Below zoom 14: clusters with `count`; from 14: single cases. */
export type IncidentTileProperties = { count: number } | { category: string; major: string; status: string };

/** Zoom levels at which single features replace clusters. */
export const householdSingleFromZoom = 16;
export const incidentSingleFromZoom = 14;
export const maximumTileZoom = 20;
