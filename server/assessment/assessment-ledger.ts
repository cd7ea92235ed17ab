import ExcelJS from 'exceljs';
import type { AssessmentLevel, AssessmentScores } from '../../contract/assessment.ts';
import type { Locale } from '../messages/message-catalogue.ts';
import { workbookLabels } from '../messages/workbook-labels.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { neutraliseFormula } from '../export/export-formats.ts';
import { localDateTimeText, zoneTimeZone } from '../time/zone.ts';
import { listAdjustments } from './assessment.repo.ts';
import { readScores } from './assessment-scores.ts';
import { containedPeriods, parsePeriod } from './periods.ts';

/**
 * The 考核台账 of a period as an Excel workbook: one sheet per level (rank, subject, each item's
 * points, total, the previous period beside it) and one of the adjustments with their reasons and
 * objections. Text that a spreadsheet would read as a formula is neutralised.
 */

const text = (value: string | null | undefined) => (value === null || value === undefined ? null : (neutraliseFormula(value) as string));

function addLevelSheet(workbook: ExcelJS.Workbook, scores: AssessmentScores, locale: Locale): void {
  const labels = workbookLabels(locale).assessment;
  const level = labels.levels[scores.level];
  const sheet = workbook.addWorksheet(level);
  const indicators = scores.rows[0]?.items.map((item) => ({ code: item.indicator, name: locale === 'en' ? item.nameEn : item.nameZh })) ?? [];
  sheet.addRow([labels.title({ period: scores.period.code, level })]).font = { bold: true, size: 14 };
  const state = scores.period.status === 'signed_off' ? labels.signedOff({ by: scores.period.signedOffBy ?? '' }) : labels.draft;
  sheet.addRow([text(labels.status({ state, version: scores.schemeVersion, countedTo: scores.period.countedTo }))]);
  const column = labels.columns;
  const header = sheet.addRow([
    column.rank, column.subject, column.grid, column.community, column.households, ...indicators.map((indicator) => indicator.name),
    column.total, column.veto, column.previousTotal, column.previousRank, column.reward,
  ]);
  header.font = { bold: true };
  for (const row of scores.rows) {
    const points = new Map(row.items.map((item) => [item.indicator, item.points]));
    sheet.addRow([
      row.rank, text(row.subject.nameZh), text(row.subject.gridName ?? row.subject.gridCode), text(row.subject.communityName), row.subject.households,
      ...indicators.map((indicator) => points.get(indicator.code) ?? null),
      row.total, row.vetoed ? labels.vetoed : '', row.previousTotal, row.previousRank, row.rewardYuan,
    ]);
  }
  sheet.getColumn(2).width = 16;
  sheet.getColumn(3).width = 20;
  sheet.views = [{ state: 'frozen', ySplit: 3, xSplit: 2 }];
}

/** GET /api/assessment/ledger.xlsx: the workbook of a period, audited as an export. */
export async function exportAssessmentLedger(
  sql: Sql, viewer: UserViewer, periodCode: string, clientAddress: string, locale: Locale, now = new Date(),
): Promise<{ workbook: Uint8Array<ArrayBuffer>; fileName: string }> {
  const levels: AssessmentLevel[] = ['worker', 'community', 'station'];
  const scores: AssessmentScores[] = [];
  for (const level of levels) scores.push(await readScores(sql, viewer, { period: periodCode, level }, now));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridAtlas';
  workbook.created = now;
  for (const entry of scores) addLevelSheet(workbook, entry, locale);

  const names = new Map(scores.flatMap((entry) => entry.rows.map((row) => [`${entry.level}:${row.subject.id}`, row.subject.nameZh] as const)));
  const adjustments = await listAdjustments(sql, { periodCodes: containedPeriods(parsePeriod(periodCode)!) });
  const timeZone = await zoneTimeZone(sql);
  const labels = workbookLabels(locale).assessment;
  const sheet = workbook.addWorksheet(labels.adjustmentsSheet);
  sheet.addRow(labels.adjustmentColumns).font = { bold: true };
  for (const entry of adjustments) {
    sheet.addRow([
      entry.periodCode, labels.levels[entry.level], text(names.get(`${entry.level}:${entry.subjectId}`) ?? String(entry.subjectId)),
      labels.kind[entry.kind], entry.kind === 'bonus' ? entry.points : -entry.points, text(entry.reason), text(entry.achievement),
      labels.adjustmentStatus[entry.status], text(entry.createdBy), localDateTimeText(entry.createdAt, timeZone), text(entry.objectionReason),
      entry.decision === 'upheld' ? labels.decision.upheld : entry.decision === 'rejected' ? labels.decision.rejected : entry.objectionId !== null ? labels.decision.pending : '',
    ]);
  }
  sheet.getColumn(6).width = 40;

  await recordAudit(sql, {
    viewer, action: 'assessment.ledger.export', objectType: 'assessment_period', objectId: periodCode, result: 'ok', clientAddress,
    details: { rows: scores.reduce((sum, entry) => sum + entry.rows.length, 0), adjustments: adjustments.length },
  });
  return { workbook: new Uint8Array(await workbook.xlsx.writeBuffer()), fileName: `assessment-${periodCode}.xlsx` };
}
