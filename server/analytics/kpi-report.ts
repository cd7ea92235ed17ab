import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { localDate } from '../time/zone.ts';
import { compareKpis, previousPeriod, sameTimeLastYear, type Period } from './kpi-periods.ts';
import { buildKpiWorkbook } from './kpi-workbook.ts';
import { computeKpis, listHotspotGrids, type KpiFilter } from './kpis.repo.ts';
import { describeFilter } from '../export/describe-filter.ts';
import type { Locale } from '../messages/message-catalogue.ts';

export interface KpiQuery {
  communityId?: number | undefined;
  gridId?: number | undefined;
  workerId?: number | undefined;
  category?: string | undefined;
  top?: number | undefined;
}

/**
 * The KPI report of a period (from/to already in the zone's calendar): the values, 环比 against the
 * period of the same length before, 同比 against the same local dates a year earlier, and the top-N
 * hotspot grids. A grid worker's figures are their own cases, whatever filter they pass.
 */
export async function kpiReport(sql: Sql, viewer: UserViewer, period: Period, query: KpiQuery, timeZone: string, now = new Date()) {
  const filter: KpiFilter = {
    ...period,
    ...(query.communityId !== undefined ? { communityId: query.communityId } : {}),
    ...(query.gridId !== undefined ? { gridId: query.gridId } : {}),
    ...(query.workerId !== undefined ? { workerId: query.workerId } : {}),
    ...(query.category ? { category: query.category } : {}),
  };
  if (viewer.role === 'worker') filter.workerId = viewer.workerId ?? -1;
  const previous = previousPeriod(period);
  const lastYear = sameTimeLastYear(period, timeZone);
  const current = await computeKpis(sql, filter, now);
  const before = await computeKpis(sql, { ...filter, ...previous }, now);
  const yearBefore = await computeKpis(sql, { ...filter, ...lastYear }, now);
  const hotspots = await listHotspotGrids(sql, filter, query.top ?? 10);
  return { period, previous, lastYear, filter, values: current, kpis: compareKpis(current, before, yearBefore), hotspots };
}

/** The KPI report as a workbook, named by the period's first local date; every export is audited. */
export async function exportKpiWorkbook(
  sql: Sql,
  viewer: UserViewer,
  period: Period,
  query: KpiQuery,
  context: { timeZone: string; clientAddress: string; locale: Locale },
): Promise<{ workbook: Uint8Array<ArrayBuffer>; fileName: string }> {
  const report = await kpiReport(sql, viewer, period, query, context.timeZone);
  const { from: _from, to: _to, ...filter } = report.filter;
  const workbook = await buildKpiWorkbook({
    period: report.period, previous: report.previous, lastYear: report.lastYear,
    // the period has lines of its own in the workbook
    filterDescription: await describeFilter(sql, filter, context),
    kpis: report.kpis, hotspots: report.hotspots, generatedAt: new Date(), generatedBy: viewer.username, timeZone: context.timeZone,
    locale: context.locale,
  });
  await recordAudit(sql, {
    viewer, action: 'kpi.export', objectType: 'kpi_report', result: 'ok', clientAddress: context.clientAddress,
    details: { from: report.period.from.toISOString(), to: report.period.to.toISOString(), filter, bytes: workbook.byteLength },
  });
  return { workbook, fileName: `gridatlas-kpis-${localDate(report.period.from, context.timeZone)}.xlsx` };
}
