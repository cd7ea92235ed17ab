import { z } from '@hono/zod-openapi';

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

export { householdSingleFromZoom, incidentSingleFromZoom, maximumTileZoom } from './tile-zooms.ts';


/**
 * GET /api/tiles: what a map needs to draw the city from tiles — the current layout revision and,
 * per layer, the URL template with its revision in it (layout revision for communities and grids, data
 * revision for households and incidents).
 */
export const tileSetSchema = z
  .object({
    revision: z.number().int().openapi({ description: 'The current layout revision (communities and grids)' }),
    dataRevision: z.number().int().openapi({
      description: 'The current data revision (households and incidents): grows with every new incident, case transition or household',
    }),
    minZoom: z.number().int(),
    maxZoom: z.number().int(),
    layers: z.array(
      z.object({
        name: z.enum(vectorTileLayers),
        url: z.string().openapi({ example: '/api/tiles/grids/{z}/{x}/{y}.mvt?revision=12' }),
        audience: z.enum(['everyone', 'staff']),
        /** Below this zoom the layer's points are clusters with a `count`; null for polygon layers. */
        singleFromZoom: z.number().int().nullable(),
      }),
    ),
  })
  .openapi('TileSet');
export type TileSet = z.infer<typeof tileSetSchema>;
