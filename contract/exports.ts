import { z } from '@hono/zod-openapi';
import { featureCollectionSchema, featureSchema, geometrySchema } from './common.ts';

/**
 * Exports of what a user is looking at: files, whose columns are the dataset's ledger columns
 * (server/export/export-datasets.ts). The GeoJSON form is the one a program reads back.
 */
export const exportFormatSchema = z.enum(['geojson', 'shapefile', 'kml', 'csv', 'xlsx']).openapi('ExportFormat');

export const exportGeoJsonSchema = featureCollectionSchema(
  featureSchema(geometrySchema.nullable(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
)
  .extend({ name: z.string().openapi({ description: 'the dataset' }) })
  .openapi('ExportGeoJson');

/** The content type of each format's file. */
export const exportContentTypes = {
  geojson: 'application/geo+json',
  shapefile: 'application/zip',
  kml: 'application/vnd.google-earth.kml+xml',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export type ExportFormat = z.infer<typeof exportFormatSchema>;
