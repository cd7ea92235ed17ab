import ExcelJS from 'exceljs';
import type { AssessmentLevel, AssessmentScores } from '../../contract/assessment.ts';
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

const levelSheets: Record<AssessmentLevel, string> = { worker: '网格员 Workers', community: '社区 Communities', station: '城管工作站 Stations' };
const text = (value: string | null | undefined) => (value === null || value === undefined ? null : (neutraliseFormula(value) as string));

function addLevelSheet(workbook: ExcelJS.Workbook, scores: AssessmentScores): void {
  const sheet = workbook.addWorksheet(levelSheets[scores.level]);
  const indicators = scores.rows[0]?.items.map((item) => ({ code: item.indicator, name: item.nameZh })) ?? [];
  sheet.addRow([`${scores.period.code} 考核台账 · ${levelSheets[scores.level]}`]).font = { bold: true, size: 14 };
  sheet.addRow([`${scores.period.status === 'signed_off' ? `已签署 ${scores.period.signedOffBy ?? ''}` : '草稿（实时计算）'} · 方案第 ${scores.schemeVersion} 版 · 数据截至 ${scores.period.countedTo}`]);
  const header = sheet.addRow(['名次', '考核对象', '网格', '社区', '户数', ...indicators.map((indicator) => indicator.name), '总分', '否决', '上期得分', '上期名次', '奖励（元）']);
  header.font = { bold: true };
  for (const row of scores.rows) {
    const points = new Map(row.items.map((item) => [item.indicator, item.points]));
    sheet.addRow([
      row.rank, text(row.subject.nameZh), text(row.subject.gridName ?? row.subject.gridCode), text(row.subject.communityName), row.subject.households,
      ...indicators.map((indicator) => points.get(indicator.code) ?? null),
      row.total, row.vetoed ? '是' : '', row.previousTotal, row.previousRank, row.rewardYuan,
    ]);
  }
  sheet.getColumn(2).width = 16;
  sheet.getColumn(3).width = 20;
  sheet.views = [{ state: 'frozen', ySplit: 3, xSplit: 2 }];
}

/** GET /api/assessment/ledger.xlsx: the workbook of a period, audited as an export. */
export async function exportAssessmentLedger(
  sql: Sql, viewer: UserViewer, periodCode: string, clientAddress: string, now = new Date(),
): Promise<{ workbook: Uint8Array<ArrayBuffer>; fileName: string }> {
  const levels: AssessmentLevel[] = ['worker', 'community', 'station'];
  const scores: AssessmentScores[] = [];
  for (const level of levels) scores.push(await readScores(sql, viewer, { period: periodCode, level }, now));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridAtlas';
  workbook.created = now;
  for (const entry of scores) addLevelSheet(workbook, entry);

  const names = new Map(scores.flatMap((entry) => entry.rows.map((row) => [`${entry.level}:${row.subject.id}`, row.subject.nameZh] as const)));
  const adjustments = await listAdjustments(sql, { periodCodes: containedPeriods(parsePeriod(periodCode)!) });
  const timeZone = await zoneTimeZone(sql);
  const sheet = workbook.addWorksheet('加减分 Adjustments');
  sheet.addRow(['考核期', '层级', '考核对象', '类型', '分值', '理由', '获奖事项', '状态', '记录人', '记录时间', '异议', '复核结果']).font = { bold: true };
  for (const entry of adjustments) {
    sheet.addRow([
      entry.periodCode, levelSheets[entry.level].split(' ')[0], text(names.get(`${entry.level}:${entry.subjectId}`) ?? String(entry.subjectId)),
      entry.kind === 'bonus' ? '加分' : '扣分', entry.kind === 'bonus' ? entry.points : -entry.points, text(entry.reason), text(entry.achievement),
      entry.status === 'active' ? '有效' : '已撤销', text(entry.createdBy), localDateTimeText(entry.createdAt, timeZone), text(entry.objectionReason),
      entry.decision === 'upheld' ? '异议成立' : entry.decision === 'rejected' ? '异议不成立' : entry.objectionId !== null ? '待复核' : '',
    ]);
  }
  sheet.getColumn(6).width = 40;

  await recordAudit(sql, {
    viewer, action: 'assessment.ledger.export', objectType: 'assessment_period', objectId: periodCode, result: 'ok', clientAddress,
    details: { rows: scores.reduce((sum, entry) => sum + entry.rows.length, 0), adjustments: adjustments.length },
  });
  return { workbook: new Uint8Array(await workbook.xlsx.writeBuffer()), fileName: `assessment-${periodCode}.xlsx` };
}
