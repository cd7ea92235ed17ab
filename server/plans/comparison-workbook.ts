import ExcelJS from 'exceljs';
import type { Locale } from '../messages/message-catalogue.ts';
import { workbookLabels } from '../messages/workbook-labels.ts';
import { localDateTimeText } from '../time/zone.ts';
import type { PlanComparison } from './plan-views.ts';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe. */
function cellText(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The change report of a plan as an Excel workbook for the leaders' meeting: overview, grid changes,
 * households that change grid (masked), open cases that move, workers affected, rule warnings —
 * labelled in the reader's language, times in the zone's local time.
 */
export async function buildComparisonWorkbook(
  report: PlanComparison, generatedBy: string, reader: { locale: Locale; timeZone: string },
): Promise<Uint8Array<ArrayBuffer>> {
  const labels = workbookLabels(reader.locale).comparison;
  const statusName = workbookLabels(reader.locale).incidentStatus;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridAtlas';
  workbook.created = new Date(report.generatedAt);
  const bold = (sheet: ExcelJS.Worksheet) => {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  };

  const overview = workbook.addWorksheet(labels.sheets.overview);
  overview.columns = [{ header: labels.overviewColumns.item, key: 'item', width: 34 }, { header: labels.overviewColumns.value, key: 'value', width: 40 }];
  const { summary } = report;
  const item = labels.overview;
  overview.addRows([
    { item: item.plan, value: cellText(report.planName) },
    { item: item.generatedAt, value: localDateTimeText(new Date(report.generatedAt), reader.timeZone) },
    { item: item.generatedBy, value: cellText(generatedBy) },
    { item: item.grids, value: `${summary.gridsBefore} → ${summary.gridsAfter}` },
    { item: item.added, value: summary.added },
    { item: item.removed, value: summary.removed },
    { item: item.changed, value: summary.changed },
    { item: item.unchanged, value: summary.unchanged },
    { item: item.householdsMoving, value: summary.householdsMoving },
    { item: item.incidentsMoving, value: summary.incidentsMoving },
    { item: item.workersAffected, value: summary.workersAffected },
    { item: item.warnings, value: `${summary.warningsBefore} → ${summary.warningsAfter}` },
  ]);
  for (const community of report.communities) {
    overview.addRow({
      item: cellText(labels.community({ name: community.name, code: community.code, isNew: community.isNew })),
      value: labels.communityFigures(community),
    });
  }
  bold(overview);

  const grids = workbook.addWorksheet(labels.sheets.grids);
  const gridColumn = labels.gridColumns;
  grids.columns = [
    { header: gridColumn.change, key: 'change', width: 14 },
    { header: gridColumn.code, key: 'code', width: 20 },
    { header: gridColumn.previousCode, key: 'previousCode', width: 20 },
    { header: gridColumn.name, key: 'name', width: 24 },
    { header: gridColumn.householdsBefore, key: 'householdsBefore', width: 16 },
    { header: gridColumn.householdsAfter, key: 'householdsAfter', width: 16 },
    { header: gridColumn.areaBefore, key: 'areaBefore', width: 16 },
    { header: gridColumn.areaAfter, key: 'areaAfter', width: 16 },
    { header: gridColumn.workerName, key: 'workerName', width: 12 },
  ];
  const gridRow = (change: string) => (grid: PlanComparison['added'][number]) =>
    grids.addRow({
      change, code: grid.code, previousCode: grid.previousCode ?? '', name: cellText(grid.name),
      householdsBefore: grid.householdsBefore ?? '', householdsAfter: grid.householdsAfter ?? '',
      areaBefore: grid.areaBefore === null ? '' : Math.round(grid.areaBefore), areaAfter: grid.areaAfter === null ? '' : Math.round(grid.areaAfter),
      workerName: cellText(grid.workerName),
    });
  report.added.forEach(gridRow(labels.gridChange.added));
  report.removed.forEach(gridRow(labels.gridChange.removed));
  report.changed.forEach(gridRow(labels.gridChange.changed));
  bold(grids);

  const households = workbook.addWorksheet(labels.sheets.households);
  const householdColumn = labels.householdColumns;
  households.columns = [
    { header: householdColumn.address, key: 'address', width: 32 },
    { header: householdColumn.headName, key: 'headName', width: 16 },
    { header: householdColumn.fromCode, key: 'fromCode', width: 20 },
    { header: householdColumn.toCode, key: 'toCode', width: 20 },
  ];
  for (const row of report.households) households.addRow({ ...row, address: cellText(row.address), headName: cellText(row.headName) });
  if (report.households.length < report.summary.householdsMoving) {
    households.addRow({ address: labels.householdsTruncated({ listed: report.households.length, total: report.summary.householdsMoving }) });
  }
  bold(households);

  const incidents = workbook.addWorksheet(labels.sheets.incidents);
  const incidentColumn = labels.incidentColumns;
  incidents.columns = [
    { header: incidentColumn.trackingCode, key: 'trackingCode', width: 22 },
    { header: incidentColumn.category, key: 'category', width: 20 },
    { header: incidentColumn.status, key: 'status', width: 12 },
    { header: incidentColumn.fromCode, key: 'fromCode', width: 20 },
    { header: incidentColumn.toCode, key: 'toCode', width: 20 },
  ];
  for (const row of report.incidents) incidents.addRow({ ...row, category: cellText(row.category), status: statusName[row.status] ?? row.status });
  bold(incidents);

  const workers = workbook.addWorksheet(labels.sheets.workers);
  const workerColumn = labels.workerColumns;
  workers.columns = [
    { header: workerColumn.name, key: 'name', width: 12 },
    { header: workerColumn.gridCode, key: 'gridCode', width: 20 },
    { header: workerColumn.change, key: 'change', width: 24 },
    { header: workerColumn.householdsBefore, key: 'householdsBefore', width: 14 },
    { header: workerColumn.householdsAfter, key: 'householdsAfter', width: 14 },
  ];
  for (const row of report.workers) {
    workers.addRow({ ...row, name: cellText(row.name), change: labels.workerChange[row.change], householdsAfter: row.householdsAfter ?? '' });
  }
  bold(workers);

  const warnings = workbook.addWorksheet(labels.sheets.warnings);
  warnings.columns = [
    { header: labels.warningColumns.when, key: 'when', width: 12 },
    { header: labels.warningColumns.subject, key: 'subject', width: 20 },
    { header: labels.warningColumns.message, key: 'message', width: 70 },
  ];
  // `message` is already in the reader's language (exportPlanComparison localises the report)
  const warningText = (warning: PlanComparison['warningsBefore'][number]) => warning.message;
  for (const warning of report.warningsBefore) warnings.addRow({ when: labels.when.live, subject: warning.subject.code, message: warningText(warning) });
  for (const warning of report.warningsAfter) warnings.addRow({ when: labels.when.plan, subject: warning.subject.code, message: warningText(warning) });
  bold(warnings);

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
