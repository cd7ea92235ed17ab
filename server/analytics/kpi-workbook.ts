import { localDateTimeText } from '../time/zone.ts';
import ExcelJS from 'exceljs';
import type { KpiComparison, Period } from './kpi-periods.ts';
import type { HotspotGridRow } from './kpis.repo.ts';

/** Chinese and English labels of each KPI, as the leaders read them. */
export const kpiLabels: Record<KpiComparison['name'], { zh: string; en: string; kind: 'count' | 'rate' | 'hours' }> = {
  reported: { zh: '上报数', en: 'Reported', kind: 'count' },
  registered: { zh: '立案数', en: 'Registered', kind: 'count' },
  dispatched: { zh: '派遣数', en: 'Dispatched', kind: 'count' },
  handledOnTime: { zh: '按期处置数', en: 'Handled on time', kind: 'count' },
  overdue: { zh: '超期数', en: 'Overdue', kind: 'count' },
  closed: { zh: '结案数', en: 'Closed', kind: 'count' },
  closedOnTime: { zh: '按期结案数', en: 'Closed on time', kind: 'count' },
  onTimeClosureRate: { zh: '按期结案率', en: 'On-time closure rate', kind: 'rate' },
  rework: { zh: '返工次数', en: 'Rework', kind: 'count' },
  averageHandlingHours: { zh: '平均处置时长（小时）', en: 'Average handling time (hours)', kind: 'hours' },
  satisfactionRatings: { zh: '群众评价数', en: 'Resident ratings', kind: 'count' },
  satisfactionRate: { zh: '群众满意率', en: 'Resident satisfaction rate', kind: 'rate' },
};

export interface KpiWorkbookInput {
  period: Period;
  previous: Period;
  lastYear: Period;
  filterDescription: string;
  kpis: KpiComparison[];
  hotspots: HotspotGridRow[];
  generatedAt: Date;
  generatedBy: string;
  /** the zone's time zone: times in the workbook are local */
  timeZone: string;
}

/** The KPI export (exceljs): a sheet of KPIs with 环比/同比 and a sheet of hotspot grids. */
export async function buildKpiWorkbook(input: KpiWorkbookInput): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridAtlas';
  workbook.created = input.generatedAt;

  const sheet = workbook.addWorksheet('指标 KPIs');
  sheet.columns = [
    { header: '指标', key: 'zh', width: 22 },
    { header: 'KPI', key: 'en', width: 30 },
    { header: '本期 Current', key: 'value', width: 14 },
    { header: '上期 Previous', key: 'previous', width: 14 },
    { header: '环比 MoM', key: 'monthOnMonth', width: 12 },
    { header: '去年同期 Last year', key: 'lastYear', width: 18 },
    { header: '同比 YoY', key: 'yearOnYear', width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const kpi of input.kpis) {
    const label = kpiLabels[kpi.name];
    const row = sheet.addRow({
      zh: label.zh, en: label.en, value: kpi.value, previous: kpi.previous, lastYear: kpi.lastYear,
      monthOnMonth: kpi.monthOnMonth, yearOnYear: kpi.yearOnYear,
    });
    const valueFormat = label.kind === 'rate' ? '0.0%' : label.kind === 'hours' ? '0.0' : '0';
    for (const key of ['value', 'previous', 'lastYear']) row.getCell(key).numFmt = valueFormat;
    for (const key of ['monthOnMonth', 'yearOnYear']) row.getCell(key).numFmt = '+0.0%;-0.0%;0.0%';
  }
  sheet.addRow([]);
  const zoneDate = (instant: Date) => localDateTimeText(instant, input.timeZone);
  const describe = (name: string, period: Period) => sheet.addRow([name, `${zoneDate(period.from)} — ${zoneDate(period.to)} (to exclusive)`]);
  describe('本期 Period', input.period);
  describe('上期 Previous period', input.previous);
  describe('去年同期 Same period last year', input.lastYear);
  sheet.addRow(['范围 Filter', input.filterDescription]);
  sheet.addRow(['导出 Exported', `${zoneDate(input.generatedAt)} by ${input.generatedBy}`]);

  const hotspots = workbook.addWorksheet('热点网格 Hotspots');
  hotspots.columns = [
    { header: '排名 Rank', key: 'rank', width: 10 },
    { header: '网格编码 Grid code', key: 'code', width: 20 },
    { header: '网格 Grid', key: 'name', width: 24 },
    { header: '上报数 Reported', key: 'reported', width: 16 },
  ];
  hotspots.getRow(1).font = { bold: true };
  input.hotspots.forEach((grid, index) => hotspots.addRow({ rank: index + 1, code: grid.code, name: grid.name, reported: grid.reported }));

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as unknown as Uint8Array);
}


