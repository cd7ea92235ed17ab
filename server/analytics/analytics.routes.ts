import { createRoute, z } from '@hono/zod-openapi';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { UserViewer } from '../accounts/roles.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest, problem } from '../http/failure.ts';
import { binaryResponse, errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { gridDensitiesSchema, incidentPointsJsonSchema, kpiReportSchema } from '../../contract/analytics.ts';
import { categoryExists } from '../incidents/incidents.repo.ts';
import type { Queryable } from '../db/connect.ts';
import { forEachIncidentPoint, incidentPointsExtent, listGridDensities, packIncidentPoints, type AnalyticsScope, type IncidentPointFilter } from './heatmap.repo.ts';
import { IncidentPointsEncoder, incidentPointsHeaderBytes, bytesPerIncidentPoint } from '../../contract/incident-points-codec.ts';
import { instantFromLocalText, zoneTimeZone } from '../time/zone.ts';
import type { Period } from './kpi-periods.ts';
import { exportKpiWorkbook, kpiReport } from './kpi-report.ts';
import { databaseIdPattern } from '../http/strict-values.ts';
import { fileLanguageParameter } from '../http/query-parameters.ts';

const day = 86_400_000;
/** The 12-month playback asks for a year at once; a little over two years is the ceiling. */
const longestPeriodDays = 800;

const categoryParameter = z
  .string()
  .regex(/^[0-9]{2}([0-9]{2})?$/)
  .optional()
  .openapi({ param: { name: 'category', in: 'query' }, type: 'string', example: '04' });

const optionalId = (name: string) =>
  z
    .string()
    .regex(databaseIdPattern)
    .transform(Number)
    .optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer' });

/**
 * A period's end as people write it: a date (its start in the zone's time), a local date-time, or
 * an instant with an offset. Read in the zone of policy zone_time_zone when the period is worked out.
 */
const periodEnd = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/)
    .optional()
    .openapi({ param: { name, in: 'query' }, type: 'string', format: 'date-time', example: '2026-05-01' });

const periodQuery = {
  from: periodEnd('from'),
  to: periodEnd('to'),
  category: categoryParameter,
};

const kpiQuery = z.object({
  ...periodQuery,
  communityId: optionalId('communityId'),
  gridId: optionalId('gridId'),
  workerId: optionalId('workerId'),
  top: z
    .string()
    .regex(/^[1-9][0-9]?$/)
    .transform(Number)
    .optional()
    .openapi({ param: { name: 'top', in: 'query' }, type: 'integer', example: '10' }),
});

/**
 * from/to in the zone's calendar (a bare date is its local midnight), defaulting to the last 30
 * days, checked, and the category checked against the tree.
 */
async function periodOf(sql: Queryable, query: { from?: string | undefined; to?: string | undefined; category?: string | undefined }): Promise<Period> {
  const timeZone = await zoneTimeZone(sql);
  const read = (name: 'from' | 'to') => {
    const text = query[name];
    if (text === undefined) return undefined;
    const instant = instantFromLocalText(text, timeZone);
    if (!instant) throw invalidRequest([problem(name, 'not_an_instant', {})]);
    return instant;
  };
  const to = read('to') ?? new Date();
  const from = read('from') ?? new Date(to.getTime() - 30 * day);
  if (from >= to) throw invalidRequest([problem('to', 'not_after_from', {})]);
  if (to.getTime() - from.getTime() > longestPeriodDays * day) {
    throw invalidRequest([problem('from', 'period_too_long', { maximumDays: longestPeriodDays })]);
  }
  if (query.category && !(await categoryExists(sql, query.category))) {
    throw invalidRequest([problem('category', 'unknown_category', { code: query.category })]);
  }
  return { from, to };
}

function scopeOf(viewer: UserViewer): AnalyticsScope {
  return viewer.role === 'worker' ? { kind: 'worker', workerId: viewer.workerId, gridId: viewer.currentGridId } : { kind: 'all' };
}

/**
 * The binary heatmap answer: the database quantises and packs the points (one bytea), this process
 * lays them out in the codec's sections. A closed period (ended before now) keeps its answer for ten
 * minutes in this process, keyed by the period, filter, scope and the newest incident id (a new
 * report dated into a past window — an import — makes a new key).
 */
const closedPeriodAnswers = new Map<string, { buffer: ArrayBuffer; storedAt: number }>();
const closedPeriodMilliseconds = 10 * 60_000;

async function incidentPointsBuffer(
  sql: Queryable,
  filter: IncidentPointFilter,
  box: { minLongitude: number; minLatitude: number; maxLongitude: number; maxLatitude: number },
  from: Date,
  count: number,
  limit: number,
  truncated: boolean,
): Promise<ArrayBuffer> {
  const closed = filter.to.getTime() <= Date.now();
  let key: string | undefined;
  if (closed) {
    const [newest] = await sql<{ id: number | null }[]>`select max(id) as id from incidents`;
    key = JSON.stringify([filter.from.getTime(), filter.to.getTime(), filter.category ?? null, filter.scope, limit, newest?.id ?? null]);
    const kept = closedPeriodAnswers.get(key);
    if (kept && Date.now() - kept.storedAt < closedPeriodMilliseconds) return kept.buffer;
  }
  const encoder = new IncidentPointsEncoder(box, from, count);
  encoder.addQuantisedRecords(await packIncidentPoints(sql, filter, { ...box, longitudeStep: encoder.longitudeStep, latitudeStep: encoder.latitudeStep }, limit));
  const buffer = encoder.finish({ truncated });
  if (key) {
    // a few windows at most (a year of points is ~9 MB)
    if (closedPeriodAnswers.size >= 4) closedPeriodAnswers.delete(closedPeriodAnswers.keys().next().value!);
    closedPeriodAnswers.set(key, { buffer, storedAt: Date.now() });
  }
  return buffer;
}

export function createAnalyticsRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/incident-points',
      tags: ['command centre'],
      summary: 'Incident points for the heatmaps, as typed arrays (binary) or JSON',
      description: [
        '`format=binary` (default) answers `application/octet-stream`, little-endian, 56-byte header + 9 bytes a point:',
        'magic "GAIP" (4 bytes) · uint16 version = 1 · uint16 flags (bit 0: truncated at `limit`) · uint32 count n ·',
        'uint32 header length (56) · float64 origin longitude · float64 origin latitude · float64 longitude step ·',
        'float64 latitude step · float64 `from` in epoch milliseconds; then the sections, each aligned for its type:',
        'uint32[n] minutes since `from` · uint16[n] quantised longitude x · uint16[n] quantised latitude y ·',
        'uint8[n] major class number (1 = 01 市容环境 … 6 = 06 部件). lng = origin longitude + x × longitude step, likewise',
        'lat. The box is the zone extent widened to hold every point, split into 65,535 steps (≈15 cm over the demo zone).',
        'Decoder: `decodeIncidentPoints` in contract/incident-points-codec.ts (no Node imports; the web app uses it).',
        'Points are ordered by report time. A grid worker receives their grid only. Default period: the last 30 days.',
      ].join(' '),
      request: {
        query: z.object({
          ...periodQuery,
          format: z.enum(['binary', 'json']).optional().openapi({ param: { name: 'format', in: 'query' } }),
          limit: z
            .string()
            .regex(/^[1-9][0-9]{0,6}$/)
            .transform(Number)
            .refine((value) => value <= 5_000_000, { params: { problem: 'out_of_range', minimum: 1, maximum: 5_000_000 } })
            .optional()
            .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: {
        200: {
          content: {
            'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
            'application/json': { schema: incidentPointsJsonSchema },
          },
          description: 'The points: the binary codec by default, JSON with format=json',
        },
        400: errorResponse('A malformed period or an unknown category'),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const period = await periodOf(sql, query);
      const limit = query.limit ?? 2_000_000;
      const filter = { ...period, ...(query.category ? { category: query.category } : {}), scope: scopeOf(signedInViewer(c.get('viewer'))) };
      const extent = await incidentPointsExtent(sql, filter);
      const count = Math.min(extent.count, limit);
      const box = {
        minLongitude: extent.minLongitude ?? 0,
        minLatitude: extent.minLatitude ?? 0,
        maxLongitude: extent.maxLongitude ?? 0,
        maxLatitude: extent.maxLatitude ?? 0,
      };
      const truncated = extent.count > limit;
      if (query.format === 'json') {
        // for debugging and small windows: the same values, one object per point
        const points: { longitude: number; latitude: number; minutes: number; majorClass: number }[] = [];
        await forEachIncidentPoint(sql, filter, limit, (rows) => {
          for (const row of rows) points.push({ longitude: row.longitude, latitude: row.latitude, minutes: row.minutes, majorClass: row.majorClass });
        });
        return c.json({ from: period.from.toISOString(), to: period.to.toISOString(), truncated, count: points.length, box, points }, 200);
      }
      const buffer = await incidentPointsBuffer(sql, filter, box, period.from, count, limit, truncated);
      return c.body(new Uint8Array(buffer), 200, {
        'Content-Type': 'application/octet-stream',
        'Cache-Control': 'private, max-age=60',
        'X-Point-Count': String(new DataView(buffer).getUint32(8, true)),
        'X-Bytes-Per-Point': String(bytesPerIncidentPoint),
        'X-Header-Bytes': String(incidentPointsHeaderBytes),
      });
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/grid-densities',
      tags: ['command centre'],
      summary: 'Per current grid: incidents in the period, per 100 households and per km² (heatmap normalisation)',
      request: { query: z.object(periodQuery) },
      responses: { 200: jsonResponse(gridDensitiesSchema, 'Densities'), 400: errorResponse('A malformed period or an unknown category') },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const period = await periodOf(sql, query);
      const grids = await listGridDensities(sql, {
        ...period, ...(query.category ? { category: query.category } : {}), scope: scopeOf(signedInViewer(c.get('viewer'))),
      });
      return c.json({ from: period.from.toISOString(), to: period.to.toISOString(), category: query.category ?? null, grids }, 200);
    },
  );

  const isoPeriod = (period: Period) => ({ from: period.from.toISOString(), to: period.to.toISOString() });

  router.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/kpis',
      tags: ['command centre'],
      summary: 'KPIs for a period and area, with month-on-month (previous period of the same length) and year-on-year, and top-N hotspot grids',
      description:
        'Definitions are in server/analytics/kpis.repo.ts. `monthOnMonth` / `yearOnYear` are relative changes ((value − base) / base), null when the base is 0 or null. A grid worker sees their own cases only.',
      request: { query: kpiQuery },
      responses: { 200: jsonResponse(kpiReportSchema, 'KPIs'), 400: errorResponse('A malformed period or filter') },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const report = await kpiReport(sql, signedInViewer(c.get('viewer')), await periodOf(sql, query), query, await zoneTimeZone(sql));
      const { from: _from, to: _to, ...filter } = report.filter;
      return c.json(
        {
          period: isoPeriod(report.period), previousPeriod: isoPeriod(report.previous), lastYearPeriod: isoPeriod(report.lastYear),
          filter, values: report.values, kpis: report.kpis, hotspots: report.hotspots,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/analytics/kpis/export.xlsx',
      tags: ['command centre'],
      summary: 'The KPI report as an Excel workbook (audited)',
      request: { query: kpiQuery.extend({ lang: fileLanguageParameter }) },
      responses: {
        200: binaryResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Workbook'),
        400: errorResponse('A malformed period or filter'),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const { workbook, fileName } = await exportKpiWorkbook(sql, signedInViewer(c.get('viewer')), await periodOf(sql, query), query, {
        timeZone: await zoneTimeZone(sql), clientAddress: c.get('clientAddress'), locale: query.lang ?? c.get('locale'),
      });
      return c.body(workbook, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'no-store',
      });
    },
  );

  return router;
}
