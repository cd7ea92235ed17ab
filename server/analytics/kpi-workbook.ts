import { localDateTimeText } from '../time/zone.ts';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../export/export-formats.ts';
import type { Locale } from '../messages/message-catalogue.ts';
import { workbookLabels } from '../messages/workbook-labels.ts';
import type { KpiComparison, Period } from './kpi-periods.ts';
import type { HotspotGridRow } from './kpis.repo.ts';

/** How each KPI's cells are formatted. */
const kpiKinds: Record<KpiComparison['name'], 'count' | 'rate' | 'hours'> = {
  reported: 'count', registered: 'count', dispatched: 'count', handledOnTime: 'count', overdue: 'count', closed: 'count',
  closedOnTime: 'count', onTimeClosureRate: 'rate', rework: 'count', averageHandlingHours: 'hours', satisfactionRatings: 'count',
  satisfactionRate: 'rate',
};

export interface KpiWorkbookInput {
  period: Period;
  previous: Period;
  lastYear: Period;
  /** the filter in the reader's words (kpi-report.ts) */
  filterDescription: string;
  kpis: KpiComparison[];
  hotspots: HotspotGridRow[];
  generatedAt: Date;
  generatedBy: string;
  /** the zone's time zone: times in the workbook are local */
  timeZone: string;
  locale: Locale;
}

/** The KPI export (exceljs): a sheet of KPIs with 环比/同比 and a sheet of hotspot grids. */
export async function buildKpiWorkbook(input: KpiWorkbookInput): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridAtlas';
  workbook.created = input.generatedAt;

  const labels = workbookLabels(input.locale).kpi;
  const sheet = workbook.addWorksheet(labels.sheets.kpis);
  sheet.columns = [
    { header: labels.columns.name, key: 'name', width: 30 },
    { header: labels.columns.value, key: 'value', width: 14 },
    { header: labels.columns.previous, key: 'previous', width: 14 },
    { header: labels.columns.monthOnMonth, key: 'monthOnMonth', width: 12 },
    { header: labels.columns.lastYear, key: 'lastYear', width: 18 },
    { header: labels.columns.yearOnYear, key: 'yearOnYear', width: 12 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const kpi of input.kpis) {
    const kind = kpiKinds[kpi.name];
    const row = sheet.addRow({
      name: labels.names[kpi.name], value: kpi.value, previous: kpi.previous, lastYear: kpi.lastYear,
      monthOnMonth: kpi.monthOnMonth, yearOnYear: kpi.yearOnYear,
    });
    const valueFormat = kind === 'rate' ? '0.0%' : kind === 'hours' ? '0.0' : '0';
    for (const key of ['value', 'previous', 'lastYear']) row.getCell(key).numFmt = valueFormat;
    for (const key of ['monthOnMonth', 'yearOnYear']) row.getCell(key).numFmt = '+0.0%;-0.0%;0.0%';
  }
  sheet.addRow([]);
  const zoneDate = (instant: Date) => localDateTimeText(instant, input.timeZone);
  const describe = (name: string, period: Period) => sheet.addRow([name, labels.span({ from: zoneDate(period.from), to: zoneDate(period.to) })]);
  describe(labels.period, input.period);
  describe(labels.previousPeriod, input.previous);
  describe(labels.lastYearPeriod, input.lastYear);
  sheet.addRow([labels.filter, neutraliseFormula(input.filterDescription)]);
  sheet.addRow([labels.exported, neutraliseFormula(labels.exportedBy({ at: zoneDate(input.generatedAt), by: input.generatedBy }))]);

  const hotspots = workbook.addWorksheet(labels.sheets.hotspots);
  hotspots.columns = [
    { header: labels.hotspotColumns.rank, key: 'rank', width: 10 },
    { header: labels.hotspotColumns.code, key: 'code', width: 20 },
    { header: labels.hotspotColumns.name, key: 'name', width: 24 },
    { header: labels.hotspotColumns.reported, key: 'reported', width: 16 },
  ];
  hotspots.getRow(1).font = { bold: true };
  input.hotspots.forEach((grid, index) => hotspots.addRow({ rank: index + 1, code: grid.code, name: neutraliseFormula(grid.name), reported: grid.reported }));

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as unknown as Uint8Array);
}


