import { z } from '@hono/zod-openapi';

/**
 * Request bodies of the grid-editing API. Geometry input is checked here before any SQL runs:
 * finite numbers, longitude/latitude ranges, closed rings of at least four positions and a cap on
 * vertices, each problem naming its field (400). What only PostGIS can judge — a self-intersecting
 * ring, a line that misses the grid — is refused later with 422 `geometry_rejected`.
 */

export const maximumVertexCount = 20_000;

const position = z
  .array(z.number())
  .min(2)
  .max(3)
  .superRefine((values, context) => {
    const [longitude, latitude] = values as [number, number];
    if (!Number.isFinite(longitude) || !Number.isFinite(latitude)) {
      context.addIssue({ code: 'custom', params: { problem: 'coordinates_not_finite' } });
    } else if (Math.abs(longitude) > 180) {
      context.addIssue({ code: 'custom', params: { problem: 'longitude_out_of_range' } });
    } else if (Math.abs(latitude) > 90) {
      context.addIssue({ code: 'custom', params: { problem: 'latitude_out_of_range' } });
    }
  });

const ring = z
  .array(position)
  .min(4)
  .superRefine((positions, context) => {
    const first = positions[0];
    const last = positions[positions.length - 1];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
      context.addIssue({ code: 'custom', params: { problem: 'ring_not_closed' } });
    }
  });

const vertexCap = (count: number, context: z.RefinementCtx) => {
  if (count > maximumVertexCount) {
    context.addIssue({ code: 'custom', params: { problem: 'too_many_vertices', maximum: maximumVertexCount, count } });
  }
};

export const polygonInput = z
  .union([
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
  ])
  .superRefine((geometry, context) => {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    vertexCap(polygons.flat().reduce((sum, positions) => sum + positions.length, 0), context);
  })
  .openapi('PolygonInput', { description: 'GeoJSON Polygon or MultiPolygon in WGS84 longitude/latitude' });

export const lineInput = z
  .object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) })
  .superRefine((geometry, context) => vertexCap(geometry.coordinates.length, context))
  .openapi('LineStringInput', { description: 'GeoJSON LineString in WGS84 longitude/latitude' });

const versionId = z.number().int().positive().max(2 ** 53 - 1);
const changeNote = z.string().trim().max(500).optional();

export const splitRequest = z
  .object({
    versionId: versionId.openapi({ description: 'The current version of the grid to split, as the editor shows it' }),
    line: lineInput,
    changeNote,
  })
  .openapi('SplitRequest');

export const mergeRequest = z
  .object({
    versionIds: z
      .array(versionId)
      .min(2)
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, { params: { problem: 'named_twice' } })
      .openapi({ description: 'Versions of the grids to merge; the first grid keeps its identity, code and worker' }),
    changeNote,
  })
  .openapi('MergeRequest');

export const reshapeRequest = z
  .object({
    versionId,
    geometry: polygonInput,
    receiverVersionId: versionId
      .optional()
      .openapi({ description: 'The neighbour that receives the area the grid gives up (required when it gives any up)' }),
    basedOnVersionIds: z
      .array(versionId)
      .max(200)
      .optional()
      .openapi({ description: 'Versions of neighbouring grids the editor showed; any that is no longer current answers 409' }),
    changeNote,
  })
  .openapi('ReshapeRequest');

export const fillRequest = z
  .object({
    communityId: z.number().int().positive().max(2 ** 31 - 1),
    geometry: polygonInput,
    intoVersionId: versionId.optional().openapi({ description: 'Add the filled area to this grid; without it a new (vacant) grid is made' }),
    name: z.string().trim().min(1).max(100).optional().openapi({ description: 'Name of the new grid' }),
    changeNote,
  })
  .openapi('FillRequest');

export const moveBlockRequest = z
  .object({
    blockId: z.number().int().positive().max(2 ** 31 - 1).openapi({ description: "A basemap feature of layer 'block'" }),
    fromVersionId: versionId,
    toVersionId: versionId,
    changeNote,
  })
  .openapi('MoveBlockRequest');

export const undoRequest = z.object({ changeNote }).openapi('UndoRequest');

export type SplitRequest = z.infer<typeof splitRequest>;
export type MergeRequest = z.infer<typeof mergeRequest>;
export type ReshapeRequest = z.infer<typeof reshapeRequest>;
export type FillRequest = z.infer<typeof fillRequest>;
export type MoveBlockRequest = z.infer<typeof moveBlockRequest>;
export type PolygonInput = z.infer<typeof polygonInput>;
export type LineInput = z.infer<typeof lineInput>;
