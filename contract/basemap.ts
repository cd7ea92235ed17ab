import { z } from '@hono/zod-openapi';
import { featureCollectionSchema, featureSchema, geometrySchema } from './common.ts';

/** The basemap: which one is in use, its MapLibre style, and the offline layers of the project's own tables. */

export const basemapOptionsSchema = z
  .object({
    mode: z.enum(['offline', 'pmtiles', 'tianditu', 'style-url']),
    styleUrl: z.string().openapi({ description: 'The style the client loads underneath its own layers' }),
    attribution: z.array(z.string()),
    bounds: z.array(z.number()).length(4).nullable().openapi({ description: 'Extent of the territory: minLng, minLat, maxLng, maxLat' }),
    notice: z.string().nullable().openapi({ description: 'Why a configured basemap is not in use, if it is not' }),
  })
  .openapi('BasemapOptions');

/**
 * A MapLibre style (spec v8). Sources and layers follow the MapLibre style specification, which
 * this contract does not restate: each is an object with its `type` (and a layer its `id`).
 */
export const basemapStyleSchema = z
  .object({
    version: z.literal(8),
    name: z.string(),
    metadata: z.looseObject({ 'gridatlas:mode': z.string() }),
    center: z.array(z.number()).length(2),
    zoom: z.number(),
    sources: z.record(z.string(), z.looseObject({ type: z.string() })),
    layers: z.array(z.looseObject({ id: z.string(), type: z.string() })),
  })
  .openapi('BasemapStyle');

/** One offline basemap layer: features of the project's own roads, water, green, buildings, … with a name where they have one. */
export const basemapLayerSchema = featureCollectionSchema(
  featureSchema(geometrySchema, z.looseObject({ name: z.string().nullable().optional(), class: z.string().nullable().optional() })),
).openapi('BasemapLayer');

export type BasemapOptions = z.infer<typeof basemapOptionsSchema>;
export type BasemapStyle = z.infer<typeof basemapStyleSchema>;
