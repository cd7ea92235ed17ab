import { z } from '@hono/zod-openapi';
import { riskSourceKinds } from '../risks/risk-sources.repo.ts';
import { databaseIdSchema } from '../http/query-parameters.ts';
import { dateFormats, isTimeZone } from './read-dates.ts';

/**
 * What the user chose in the wizard: the target, how rows get a geometry and in which CRS, which
 * column feeds which field, defaults, rows to skip and fixes to apply. The validation report and
 * the commit are both computed from the job's rows and these settings, nothing else.
 */
export const importTargets = ['communities', 'grids', 'households', 'incidents', 'risk_sources'] as const;
export type ImportTarget = (typeof importTargets)[number];

/** The fields of each target: required ones must be mapped (or have a default). */
export const targetFields: Record<ImportTarget, { field: string; required: boolean; label: string }[]> = {
  communities: [
    { field: 'name', required: true, label: '社区名称' },
    { field: 'code', required: false, label: '社区编码（12位）' },
  ],
  grids: [
    { field: 'name', required: true, label: '网格名称' },
    { field: 'code', required: false, label: '网格编码（15位）' },
  ],
  households: [
    { field: 'complexName', required: false, label: '小区' },
    { field: 'buildingNumber', required: true, label: '楼栋' },
    { field: 'unit', required: false, label: '单元' },
    { field: 'room', required: true, label: '室' },
    { field: 'registeredCount', required: false, label: '户籍人数' },
    { field: 'residentCount', required: false, label: '常住人数' },
    { field: 'floatingCount', required: false, label: '流动人数' },
    { field: 'headName', required: false, label: '户主姓名' },
    { field: 'headPhone', required: false, label: '户主电话' },
    { field: 'headIdNumber', required: false, label: '户主身份证号' },
  ],
  incidents: [
    { field: 'trackingCode', required: false, label: '案件编号' },
    { field: 'categoryCode', required: false, label: '类别代码' },
    { field: 'description', required: false, label: '描述' },
    { field: 'reportedAt', required: false, label: '上报时间' },
    { field: 'address', required: false, label: '地址' },
    { field: 'status', required: false, label: '状态（上报/结案）' },
    { field: 'closedAt', required: false, label: '结案时间' },
  ],
  risk_sources: [
    { field: 'name', required: true, label: '名称' },
    { field: 'kind', required: true, label: '类型' },
    { field: 'level', required: true, label: '等级' },
    { field: 'ownerName', required: false, label: '责任人' },
    { field: 'ownerPhone', required: false, label: '责任人电话' },
    { field: 'inspectionCycleDays', required: false, label: '巡查周期（天）' },
  ],
};

export const crsChoice = z.union([
  z.object({ kind: z.literal('file') }),
  z.object({ kind: z.enum(['wgs84', 'gcj02', 'bd09']) }),
  z.object({ kind: z.literal('epsg'), code: z.number().int().min(1024).max(999_999) }),
]);
export type CrsChoice = z.infer<typeof crsChoice>;

export const importSettingsSchema = z.object({
  target: z.enum(importTargets),
  communityId: databaseIdSchema.optional(),
  streetId: databaseIdSchema.optional(),
  crs: crsChoice.default({ kind: 'file' }),
  geometry: z.union([
    z.object({ kind: z.literal('file') }),
    z.object({ kind: z.literal('lnglat'), longitude: z.string().min(1), latitude: z.string().min(1) }),
    z.object({ kind: z.literal('wkt'), column: z.string().min(1) }),
    z.object({ kind: z.literal('address'), column: z.string().min(1) }),
  ]).default({ kind: 'file' }),
  fields: z.record(z.string(), z.string()).default({}),
  defaults: z.object({
    categoryCode: z.string().regex(/^[0-9]{4}$/).optional(),
    status: z.enum(['reported', 'closed']).optional(),
    source: z.enum(['patrol', 'resident', 'hotline', 'referral', 'sensor']).optional(),
    riskKind: z.enum(riskSourceKinds).optional(),
  }).default({}),
  /** 1-based row numbers the user chose not to import. */
  skipRows: z.array(z.number().int().positive()).max(200_000).default([]),
  /** Rows whose invalid polygon is repaired with ST_MakeValid; 'all' repairs every invalid one. */
  makeValidRows: z.union([z.literal('all'), z.array(z.number().int().positive())]).default([]),
  /** Overlaps between imported polygons smaller than this are cut from the later polygon. */
  sliverToleranceSquareMetres: z.number().min(0).max(10_000).default(0),
  planName: z.string().min(1).max(100).optional(),
  /** The order of day and month in dates like 03/04/2017 (asked when a column's values do not tell). */
  dateFormat: z.enum(dateFormats).optional(),
  /** The IANA time zone local date-times are read in; the zone's own (Asia/Shanghai) unless said. */
  timeZone: z.string().min(1).max(64).refine(isTimeZone, { params: { problem: 'unknown_time_zone' } }).optional(),
});
export type ImportSettings = z.infer<typeof importSettingsSchema>;
