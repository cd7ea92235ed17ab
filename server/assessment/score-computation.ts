import type { AssessmentLevel, IndicatorDefinition, ScoreItem, ScoreRow } from '../../contract/assessment.ts';
import type { CaseDueRow, PatrolRow, RatingRow, ReworkRow, SubjectRow } from './assessment-measures.repo.ts';
import type { AdjustmentRow, ManualScoreRow } from './assessment.repo.ts';
import { assessmentMeasureNames, type MeasureName, type Measures } from './default-scheme.ts';
import { evaluateFormula, namesIn, parseFormula, type Formula } from './formula.ts';

/**
 * Scores from counted rows, pure: the measures of each subject, each indicator's points by the
 * scheme's formula, the adjustments and manual scores, the total (the sum of the items' points, each
 * rounded to 0.01) and the rank. The same functions answer "which rows did this item count"
 * (rowsCounted), so a score and its sources cannot disagree.
 */

export interface CountedRows {
  casesDue: CaseDueRow[];
  rework: ReworkRow[];
  patrol: PatrolRow[];
  ratings: RatingRow[];
}

export type RowGroup = 'cases' | 'rework' | 'patrol' | 'ratings' | 'households';
const groupOfMeasure: Partial<Record<MeasureName, RowGroup>> = {
  cases_due: 'cases', cases_on_time: 'cases', cases_overdue: 'cases', emergency_overdue: 'cases',
  rework: 'rework', patrol_reports: 'patrol',
  ratings: 'ratings', satisfied: 'ratings', basically_satisfied: 'ratings', dissatisfied: 'ratings',
  households_checked: 'households',
};
const groupPriority: RowGroup[] = ['cases', 'rework', 'patrol', 'ratings', 'households'];
const tableOfGroup = { cases: 'incidents', rework: 'incident_events', patrol: 'incidents', ratings: 'incidents', households: 'households' } as const;

export const roundPoints = (value: number) => Math.round(value * 100) / 100;

export function isOnTime(row: CaseDueRow): boolean {
  return row.handledAt !== null && row.handledAt.getTime() <= row.dueAt.getTime();
}

/** Rows grouped by subject, so each subject's counting reads only its own. */
export function groupBySubject(rows: CountedRows): Map<number, CountedRows> {
  const bySubject = new Map<number, CountedRows>();
  const bucket = (id: number) => {
    let entry = bySubject.get(id);
    if (!entry) bySubject.set(id, (entry = { casesDue: [], rework: [], patrol: [], ratings: [] }));
    return entry;
  };
  for (const row of rows.casesDue) bucket(row.subjectId).casesDue.push(row);
  for (const row of rows.rework) bucket(row.subjectId).rework.push(row);
  for (const row of rows.patrol) bucket(row.subjectId).patrol.push(row);
  for (const row of rows.ratings) bucket(row.subjectId).ratings.push(row);
  return bySubject;
}

export function measuresOf(subject: SubjectRow, rows: CountedRows, months: number): Measures {
  const onTime = rows.casesDue.filter(isOnTime).length;
  const overdue = rows.casesDue.filter((row) => !isOnTime(row));
  const count = (value: RatingRow['satisfaction']) => rows.ratings.filter((row) => row.satisfaction === value).length;
  return {
    cases_due: rows.casesDue.length,
    cases_on_time: onTime,
    cases_overdue: overdue.length,
    emergency_overdue: overdue.filter((row) => row.major === '05').length,
    rework: rows.rework.length,
    patrol_reports: rows.patrol.length,
    ratings: rows.ratings.length,
    satisfied: count('satisfied'),
    basically_satisfied: count('basically_satisfied'),
    dissatisfied: count('dissatisfied'),
    households: subject.households,
    households_checked: subject.householdsChecked,
    grids: subject.grids,
    area_km2: subject.areaKm2,
    months,
  };
}

/** The row group an indicator's source leads to: the first kind of counted rows its formula reads. */
export function primaryGroup(formula: Formula | undefined): RowGroup | undefined {
  if (!formula) return undefined;
  const groups = new Set(namesIn(formula).map((name) => groupOfMeasure[name as MeasureName]).filter(Boolean));
  return groupPriority.find((group) => groups.has(group));
}

export function groupCount(group: RowGroup, rows: CountedRows, measures: Measures): number {
  if (group === 'cases') return rows.casesDue.length;
  if (group === 'rework') return rows.rework.length;
  if (group === 'patrol') return rows.patrol.length;
  if (group === 'ratings') return rows.ratings.length;
  return measures.households;
}

export interface ScoringInput {
  periodCode: string;
  level: AssessmentLevel;
  indicators: IndicatorDefinition[];
  months: number;
  subjects: SubjectRow[];
  rows: CountedRows;
  /** manual scores of the period itself and of the months in it (a quarter or year without its own uses their mean) */
  manualScores: ManualScoreRow[];
  /** active and withdrawn adjustments of the period and the periods inside it */
  adjustments: AdjustmentRow[];
}

const knownNames = new Set<string>([...assessmentMeasureNames, 'weight']);
const parsedFormulas = new Map<string, Formula>();
export function parsedFormula(text: string): Formula {
  let formula = parsedFormulas.get(text);
  if (!formula) {
    formula = parseFormula(text, knownNames);
    if (parsedFormulas.size > 500) parsedFormulas.clear();
    parsedFormulas.set(text, formula);
  }
  return formula;
}

export function sourceHref(periodCode: string, level: AssessmentLevel, subjectId: number, indicator: string): string {
  const query = new URLSearchParams({ period: periodCode, level, subject: String(subjectId), indicator });
  return `/api/assessment/sources?${query.toString()}`;
}

/** Manual scores that count for a subject: the period's own entry, else the entries of its months. */
export function manualEntriesFor(input: Pick<ScoringInput, 'periodCode' | 'manualScores'>, subjectId: number, indicator: string): ManualScoreRow[] {
  const entries = input.manualScores.filter((entry) => entry.subjectId === subjectId && entry.indicator === indicator);
  const own = entries.filter((entry) => entry.periodCode === input.periodCode);
  return own.length > 0 ? own : entries.filter((entry) => /^\d{4}-\d{2}$/.test(entry.periodCode));
}

/** Bonuses count once per achievement, at the highest level (第9篇 二(一)2); deductions all count. */
export function countedAdjustments(adjustments: AdjustmentRow[], kind: 'bonus' | 'deduction'): AdjustmentRow[] {
  const active = adjustments.filter((entry) => entry.kind === kind && entry.status === 'active');
  if (kind === 'deduction') return active;
  const best = new Map<string, AdjustmentRow>();
  for (const entry of active) {
    const key = entry.achievement === null ? `#${entry.id}` : entry.achievement;
    const current = best.get(key);
    if (!current || entry.points > current.points) best.set(key, entry);
  }
  return [...best.values()].sort((a, b) => a.id - b.id);
}

function itemOf(indicator: IndicatorDefinition, measures: Measures, rows: CountedRows, href: string, input: ScoringInput, subjectId: number): ScoreItem {
  const base = { indicator: indicator.code, nameZh: indicator.nameZh, nameEn: indicator.nameEn, comment: null, pending: false };
  if (indicator.kind === 'manual') {
    const weight = indicator.weight ?? 0;
    const entries = manualEntriesFor(input, subjectId, indicator.code);
    const mean = entries.length === 0 ? 0 : entries.reduce((sum, entry) => sum + entry.points, 0) / entries.length;
    return {
      ...base, kind: 'manual', points: roundPoints(Math.min(weight, Math.max(0, mean))), maxPoints: weight, measures: {}, formula: null,
      pending: entries.length === 0, comment: entries.length === 1 ? entries[0]!.comment : null,
      source: { kind: 'manual_scores', count: entries.length, href },
    };
  }
  const formula = parsedFormula(indicator.formula ?? '0');
  const read = [...new Set(namesIn(formula))].filter((name) => name !== 'weight') as MeasureName[];
  const shown = Object.fromEntries(read.map((name) => [name, measures[name]]));
  const value = evaluateFormula(formula, { ...measures, weight: indicator.weight ?? 0 });
  const group = primaryGroup(formula);
  const source = group ? { kind: tableOfGroup[group], count: groupCount(group, rows, measures), href } : { kind: 'none' as const, count: 0, href };
  if (indicator.kind === 'score') {
    const weight = indicator.weight ?? 0;
    return { ...base, kind: 'score', points: roundPoints(Math.min(weight, Math.max(0, value))), maxPoints: weight, measures: shown, formula: indicator.formula ?? null, source };
  }
  if (indicator.kind === 'deduction') {
    const cap = indicator.cap ?? Number.POSITIVE_INFINITY;
    const taken = roundPoints(Math.min(cap, Math.max(0, value)));
    return { ...base, kind: 'deduction', points: taken === 0 ? 0 : -taken, maxPoints: indicator.cap ?? null, measures: shown, formula: indicator.formula ?? null, source };
  }
  return { ...base, kind: 'veto', points: 0, maxPoints: null, measures: { ...shown, vetoed: value > 0 ? 1 : 0 }, formula: indicator.formula ?? null, source };
}

function adjustmentItem(kind: 'bonus' | 'deduction', adjustments: AdjustmentRow[], href: string): ScoreItem {
  const counted = countedAdjustments(adjustments, kind);
  const sum = counted.reduce((total, entry) => total + entry.points, 0);
  return {
    indicator: kind === 'bonus' ? 'award_bonus' : 'adjustment_deduction',
    nameZh: kind === 'bonus' ? '获奖加分' : '考核扣分',
    nameEn: kind === 'bonus' ? 'Award bonus' : 'Deductions with reasons',
    kind: kind === 'bonus' ? 'bonus' : 'adjustment',
    points: roundPoints(kind === 'bonus' ? sum : -sum) || 0,
    maxPoints: null,
    measures: { adjustments: counted.length },
    formula: null,
    pending: counted.some((entry) => entry.objectionId !== null && entry.decision === null),
    comment: null,
    source: { kind: 'adjustments', count: counted.length, href },
  };
}

/** Scores of every subject of a level in one period, ranked (previous-period figures left empty). */
export function scoreSubjects(input: ScoringInput): ScoreRow[] {
  const bySubject = groupBySubject(input.rows);
  const empty: CountedRows = { casesDue: [], rework: [], patrol: [], ratings: [] };
  const rows = input.subjects.map((subject): ScoreRow => {
    const rows = bySubject.get(subject.id) ?? empty;
    const measures = measuresOf(subject, rows, input.months);
    const items = input.indicators.map((indicator) =>
      itemOf(indicator, measures, rows, sourceHref(input.periodCode, input.level, subject.id, indicator.code), input, subject.id),
    );
    const adjustments = input.adjustments.filter((entry) => entry.subjectId === subject.id);
    items.push(adjustmentItem('bonus', adjustments, sourceHref(input.periodCode, input.level, subject.id, 'award_bonus')));
    items.push(adjustmentItem('deduction', adjustments, sourceHref(input.periodCode, input.level, subject.id, 'adjustment_deduction')));
    const total = roundPoints(items.reduce((sum, item) => sum + item.points, 0));
    return {
      subject: {
        level: input.level, id: subject.id,
        nameZh: input.level === 'station' ? `${subject.nameZh}城管工作站` : subject.nameZh,
        gridId: subject.gridId, gridCode: subject.gridCode, gridName: subject.gridName,
        communityId: subject.communityId, communityName: subject.communityName,
        households: subject.households, areaKm2: subject.areaKm2,
      },
      total,
      rank: 0,
      previousTotal: null,
      previousRank: null,
      vetoed: items.some((item) => item.kind === 'veto' && item.measures.vetoed === 1),
      rewardYuan: null,
      items,
    };
  });
  return rankRows(rows);
}

/** Rank by total, highest first; a vetoed subject ranks below every other (否决指标); ties share a rank. */
export function rankRows(rows: ScoreRow[]): ScoreRow[] {
  const sorted = [...rows].sort((a, b) => Number(a.vetoed) - Number(b.vetoed) || b.total - a.total || a.subject.id - b.subject.id);
  return sorted.map((row) => ({
    ...row,
    rank: 1 + sorted.filter((other) => (other.vetoed === row.vetoed ? other.total > row.total : !other.vetoed && row.vetoed)).length,
  }));
}

/** 季评年奖: the fund split among subjects at or above the threshold and not vetoed, in proportion to their totals. */
export function splitRewardFund(rows: ScoreRow[], fundYuan: number, threshold: number): ScoreRow[] {
  const eligible = rows.filter((row) => !row.vetoed && row.total >= threshold);
  const sum = eligible.reduce((total, row) => total + row.total, 0);
  return rows.map((row) => ({
    ...row,
    rewardYuan: sum > 0 && eligible.includes(row) ? Math.floor((fundYuan * row.total) / sum) : 0,
  }));
}
