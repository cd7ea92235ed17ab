import { z } from '@hono/zod-openapi';
import { instantSchema } from './common.ts';

/** The command centre's figures: heatmap points, grid densities, KPIs with 环比 and 同比. */

const boxSchema = z.object({ minLongitude: z.number(), minLatitude: z.number(), maxLongitude: z.number(), maxLatitude: z.number() });

/** `format=json` of the heatmap points (debugging and small windows); the default is the binary codec. */
export const incidentPointsJsonSchema = z
  .object({
    from: instantSchema,
    to: instantSchema,
    truncated: z.boolean(),
    count: z.number().int(),
    box: boxSchema,
    points: z.array(z.object({ longitude: z.number(), latitude: z.number(), minutes: z.number().int(), majorClass: z.number().int() })),
  })
  .openapi('IncidentPointsJson');

export const gridDensitySchema = z
  .object({
    gridId: z.number().int(),
    code: z.string(),
    name: z.string(),
    communityId: z.number().int(),
    incidents: z.number().int(),
    households: z.number().int(),
    areaSquareKilometres: z.number(),
    incidentsPerHundredHouseholds: z.number().nullable(),
    incidentsPerSquareKilometre: z.number().nullable(),
  })
  .openapi('GridDensity');
export const gridDensitiesSchema = z
  .object({ from: instantSchema, to: instantSchema, category: z.string().nullable(), grids: z.array(gridDensitySchema) })
  .openapi('GridDensities');

export const kpiNameSchema = z
  .enum([
    'reported', 'registered', 'dispatched', 'handledOnTime', 'overdue', 'closed', 'closedOnTime',
    'onTimeClosureRate', 'rework', 'averageHandlingHours', 'satisfactionRatings', 'satisfactionRate',
  ])
  .openapi('KpiName');

export const kpiValuesSchema = z
  .object({
    reported: z.number().int(),
    registered: z.number().int(),
    dispatched: z.number().int(),
    handledOnTime: z.number().int(),
    overdue: z.number().int(),
    closed: z.number().int(),
    closedOnTime: z.number().int(),
    onTimeClosureRate: z.number().nullable(),
    rework: z.number().int(),
    averageHandlingHours: z.number().nullable(),
    satisfactionRatings: z.number().int(),
    satisfactionRate: z.number().nullable(),
  })
  .openapi('KpiValues');

export const kpiComparisonSchema = z
  .object({
    name: kpiNameSchema,
    value: z.number().nullable(),
    previous: z.number().nullable(),
    lastYear: z.number().nullable(),
    /** (value − previous) / previous; null when there is nothing to compare with */
    monthOnMonth: z.number().nullable(),
    yearOnYear: z.number().nullable(),
  })
  .openapi('KpiComparison');

export const hotspotGridSchema = z
  .object({ gridId: z.number().int(), code: z.string().nullable(), name: z.string().nullable(), communityId: z.number().int().nullable(), reported: z.number().int() })
  .openapi('HotspotGrid');

export const periodSchema = z.object({ from: instantSchema, to: instantSchema }).openapi('Period');

export const kpiReportSchema = z
  .object({
    period: periodSchema,
    previousPeriod: periodSchema,
    lastYearPeriod: periodSchema,
    filter: z.object({
      communityId: z.number().int().optional(),
      gridId: z.number().int().optional(),
      workerId: z.number().int().optional(),
      category: z.string().optional(),
    }),
    values: kpiValuesSchema,
    kpis: z.array(kpiComparisonSchema),
    hotspots: z.array(hotspotGridSchema),
  })
  .openapi('KpiReport');

export type IncidentPointsJson = z.infer<typeof incidentPointsJsonSchema>;
export type GridDensity = z.infer<typeof gridDensitySchema>;
export type GridDensities = z.infer<typeof gridDensitiesSchema>;
export type KpiName = z.infer<typeof kpiNameSchema>;
export type KpiValues = z.infer<typeof kpiValuesSchema>;
export type KpiComparison = z.infer<typeof kpiComparisonSchema>;
export type HotspotGrid = z.infer<typeof hotspotGridSchema>;
export type KpiReport = z.infer<typeof kpiReportSchema>;
