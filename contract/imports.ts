import { z } from '@hono/zod-openapi';
import { featureCollectionSchema, featureSchema, geometrySchema, instantSchema } from './common.ts';

/**
 * The import wizard: upload → detection and a sample → validation report (nothing written) →
 * commit (an NDJSON stream of progress, then a result or an error line).
 */

export const importTargetSchema = z.enum(['communities', 'grids', 'households', 'incidents', 'risk_sources']).openapi('ImportTarget');
export const importFormatSchema = z.enum(['geojson', 'shapefile', 'kml', 'csv', 'xlsx']).openapi('ImportFormat');

export const sourceCrsSchema = z
  .union([
    z.object({ kind: z.enum(['wgs84', 'gcj02', 'bd09']) }),
    z.object({ kind: z.literal('epsg'), code: z.number().int() }),
    z.object({ kind: z.literal('wkt'), wkt: z.string(), name: z.string() }),
  ])
  .openapi('SourceCrs');

export const importTargetsSchema = z
  .object({
    targets: z.array(z.object({
      target: importTargetSchema,
      fields: z.array(z.object({ field: z.string(), required: z.boolean(), label: z.string() })),
    })),
    streets: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
    communities: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
  })
  .openapi('ImportTargets');

export const importDetectionSchema = z
  .object({
    fields: z.array(z.string()),
    encoding: z.object({ name: z.enum(['UTF-8', 'GBK']), source: z.string() }).nullable(),
    crs: sourceCrsSchema.nullable(),
    crsText: z.string().nullable(),
    warnings: z.array(z.string()),
    rowCount: z.number().int(),
  })
  .openapi('ImportDetection');

/** One problem of one row of the file: error (the row cannot be imported) or warning. */
export const importRowProblemSchema = z
  .object({
    row: z.number().int(),
    severity: z.enum(['error', 'warning']),
    code: z.string(),
    field: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    message: z.string(),
    location: z.array(z.number()).length(2).optional(),
  })
  .openapi('ImportRowProblem');

/** The rows on the map: row number, ok / warning / error, and the row's name (or tracking code) once mapped. */
const previewSchema = featureCollectionSchema(featureSchema(geometrySchema, z.object({
  row: z.number().int(),
  status: z.enum(['ok', 'warning', 'error']),
  name: z.union([z.string(), z.number()]).nullable().optional(),
})));

export const importReportSchema = z
  .object({
    target: importTargetSchema,
    crs: sourceCrsSchema,
    rowCount: z.number().int(),
    skippedRows: z.number().int(),
    readyRows: z.number().int(),
    rowsWithErrors: z.number().int(),
    problems: z.array(importRowProblemSchema),
    overlaps: z.array(z.object({ rows: z.array(z.number().int()).length(2), areaSquareMetres: z.number(), location: z.array(z.number()).length(2).nullable() })),
    gap: z.object({ areaSquareMetres: z.number(), geometry: geometrySchema.nullable() }).nullable(),
    /** holes between neighbouring imported polygons above the sliver tolerance, with the rows around each */
    gaps: z.array(z.object({
      rows: z.array(z.number().int()),
      areaSquareMetres: z.number(),
      geometry: geometrySchema,
      location: z.array(z.number()).length(2).nullable(),
    })),
    /** geographic input: how many sample points fall inside the territory under each reading */
    crsFit: z.array(z.object({ kind: z.enum(['wgs84', 'gcj02', 'bd09']), inside: z.number().int(), nearBuildings: z.number().int(), sample: z.number().int() })).nullable(),
    /** a reading that fits the territory better than the current one; never set against the user's explicit choice */
    suggestedCrs: z.enum(['wgs84', 'gcj02', 'bd09']).nullable(),
    /** the file lies in China and declares no CRS: the wizard asks which reading it is */
    crsQuestion: z.object({
      code: z.literal('crs_undeclared_china'),
      params: z.object({ suggested: z.enum(['wgs84', 'gcj02', 'bd09']), measured: z.boolean() }),
      message: z.string(),
      suggested: z.enum(['wgs84', 'gcj02', 'bd09']),
      choices: z.array(z.enum(['wgs84', 'gcj02', 'bd09'])),
    }).nullable(),
    /** every problem counted, never cut: the total, by severity and by code */
    /** a date column whose day/month order its values do not tell and no format was chosen: the wizard asks */
    dateQuestion: z.object({
      code: z.literal('ambiguous_date_format'),
      field: z.string(),
      column: z.string(),
      example: z.string(),
      message: z.string(),
      choices: z.array(z.enum(['YMD', 'MDY', 'DMY'])),
    }).nullable(),
    /** how dates were read: the chosen or detected order, and the time zone */
    dateFormat: z.enum(['YMD', 'MDY', 'DMY']).nullable(),
    timeZone: z.string(),
    problemCounts: z.object({
      total: z.number().int(),
      bySeverity: z.object({ error: z.number().int(), warning: z.number().int() }),
      byCode: z.record(z.string(), z.number().int()),
    }),
    /** `problems` holds this page (errors first); GET /imports/{id}/problems pages the rest */
    problemsPage: z.object({ offset: z.number().int(), limit: z.number().int(), total: z.number().int() }),
    preview: previewSchema,
  })
  .openapi('ImportReport');

/** A page of a validated job's problems (errors first), filtered by severity and code. */
export const importProblemsPageSchema = z
  .object({
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    problems: z.array(importRowProblemSchema),
  })
  .openapi('ImportProblemsPage');

export const importJobSchema = z
  .object({
    id: z.number().int(),
    fileName: z.string(),
    format: importFormatSchema,
    status: z.enum(['parsed', 'validated', 'committed', 'failed']),
    createdAt: instantSchema,
    detection: importDetectionSchema,
    target: importTargetSchema.nullable(),
    /** the wizard's choices as last validated (the body of POST /imports/{id}/validate) */
    settings: z.record(z.string(), z.unknown()).nullable(),
    report: importReportSchema.nullable(),
    result: z.record(z.string(), z.unknown()).nullable(),
    /** status 'failed': why the last commit failed (nothing was written), in the reader's language */
    failure: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).nullable() }).nullable().optional(),
  })
  .openapi('ImportJob');

/** The answer to an upload: the job, the first rows' values and their geometry for the map. */
export const uploadedImportSchema = importJobSchema
  .extend({ sample: z.array(z.record(z.string(), z.unknown())), preview: previewSchema })
  .openapi('UploadedImport');

export type ImportTarget = z.infer<typeof importTargetSchema>;
export type ImportTargets = z.infer<typeof importTargetsSchema>;
export type ImportJob = z.infer<typeof importJobSchema>;
export type UploadedImport = z.infer<typeof uploadedImportSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;
export type ImportRowProblem = z.infer<typeof importRowProblemSchema>;
export type ImportProblemsPage = z.infer<typeof importProblemsPageSchema>;
