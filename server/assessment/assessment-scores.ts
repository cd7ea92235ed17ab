import type { AssessmentLevel, AssessmentPeriod, AssessmentScores, ItemSources, SchemeDefinition, ScoreRow, SourceRow } from '../../contract/assessment.ts';
import type { Viewer } from '../accounts/roles.ts';
import type { Queryable } from '../db/connect.ts';
import { Failure, notFound, problem, type FieldProblem } from '../http/failure.ts';
import { addLocalDays, localDate, zoneTimeZone } from '../time/zone.ts';
import {
  loadCasesDue, loadHouseholds, loadPatrolReports, loadRatings, loadRework, loadSubjects, type Window,
} from './assessment-measures.repo.ts';
import { latestScheme, listAdjustments, listManualScores, loadPeriods, loadSnapshots, schemeById, type PeriodRow } from './assessment.repo.ts';
import { defaultSchemeDefinition } from './default-scheme.ts';
import { containedPeriods, enclosingPeriods, monthsElapsed, parsePeriod, periodInstants, previousPeriod, type Period } from './periods.ts';
import {
  countedAdjustments, groupBySubject, isOnTime, manualEntriesFor, measuresOf, parsedFormula, primaryGroup, scoreSubjects, splitRewardFund,
  type CountedRows,
} from './score-computation.ts';

/**
 * Reading scores: a draft period is computed on demand from the records; a signed-off period answers
 * its frozen snapshot, scored with the scheme version it was signed off with.
 */

/** Household information counts as current when checked within this many days (part of the built-in rule). */
export const householdInfoFreshDays = 180;

export interface ResolvedScheme { id: number; version: number; definition: SchemeDefinition; builtIn: boolean }

/** The scheme a year is scored with now: its latest stored version, else the built-in default (id 0). */
export async function currentScheme(sql: Queryable, year: number): Promise<ResolvedScheme> {
  const stored = await latestScheme(sql, year);
  if (stored) return { id: stored.id, version: stored.version, definition: stored.definition, builtIn: false };
  return { id: 0, version: 0, definition: defaultSchemeDefinition, builtIn: true };
}

/** A 422 naming the fields, for a request well-formed but refused by the assessment's rules. */
export function assessmentRejected(problems: FieldProblem[]): Failure<'assessment_rejected'> {
  return new Failure('assessment_rejected', { problems: problems.map((entry) => entry.field).join(', ') }, { fields: problems });
}

/** The period a code names; a period that has not begun yet is refused (422, field `period`). */
export async function requirePeriod(sql: Queryable, code: string, now: Date, field = 'period'): Promise<{ period: Period; timeZone: string }> {
  const period = parsePeriod(code);
  if (!period) throw assessmentRejected([problem(field, 'period_format', {})]);
  const timeZone = await zoneTimeZone(sql);
  if (period.from > localDate(now, timeZone)) throw assessmentRejected([problem(field, 'period_in_future', { from: period.from })]);
  return { period, timeZone };
}

async function yearCloseBy(sql: Queryable, year: number): Promise<string> {
  const [row] = await sql<{ value: string | null }[]>`select value #>> '{}' as value from policy where key = 'assessment_year_close_by'`;
  const monthDay = row?.value && /^\d{2}-\d{2}$/.test(row.value) ? row.value : '12-15';
  return `${year}-${monthDay}`;
}

/** The period as the API shows it: its bounds, whether it (or the quarter or year around it) is signed off. */
export async function describePeriod(sql: Queryable, period: Period, timeZone: string, now: Date): Promise<AssessmentPeriod & { row: PeriodRow | undefined }> {
  const enclosing = enclosingPeriods(period);
  const rows = await loadPeriods(sql, [period.code, ...enclosing]);
  const own = rows.get(period.code);
  const closer = [period.code, ...enclosing].find((code) => rows.get(code)?.status === 'signed_off');
  const { asOf } = periodInstants(period, timeZone, now);
  const today = localDate(now, timeZone);
  const signedOff = own?.status === 'signed_off';
  return {
    code: period.code,
    kind: period.kind,
    from: period.from,
    to: period.to,
    countedTo: asOf.getTime() >= periodInstants(period, timeZone, now).end.getTime() ? period.to : addLocalDays(today, 1),
    status: signedOff ? 'signed_off' : 'draft',
    closed: closer !== undefined,
    closedBy: closer ?? null,
    signedOffAt: signedOff && own.signedOffAt ? own.signedOffAt.toISOString() : null,
    signedOffBy: signedOff ? own.signedOffBy : null,
    schemeId: signedOff ? own.schemeId : null,
    schemeVersion: signedOff ? own.schemeVersion : null,
    previous: previousPeriod(period),
    closeBy: period.kind === 'year' ? await yearCloseBy(sql, period.year) : null,
    row: own,
  };
}

interface LoadedPeriod {
  window: Window;
  months: number;
  rows: CountedRows;
  subjects: Awaited<ReturnType<typeof loadSubjects>>;
}

async function loadCounted(sql: Queryable, period: Period, level: AssessmentLevel, definition: SchemeDefinition, timeZone: string, now: Date): Promise<LoadedPeriod> {
  const { start, asOf } = periodInstants(period, timeZone, now);
  const window: Window = { start, asOf, checkedSince: addLocalDays(localDate(asOf, timeZone), -householdInfoFreshDays) };
  const majors = definition.levels[level].majors;
  const subjects = await loadSubjects(sql, level, window);
  const rows: CountedRows = {
    casesDue: await loadCasesDue(sql, level, window, majors),
    rework: await loadRework(sql, level, window, majors),
    patrol: await loadPatrolReports(sql, level, window, majors),
    ratings: await loadRatings(sql, level, window, majors),
  };
  return { window, months: monthsElapsed(period, timeZone, asOf), rows, subjects };
}

/** Live scores of a period (its draft), ranked, without previous-period figures. */
export async function computeDraftScores(
  sql: Queryable, period: Period, level: AssessmentLevel, scheme: ResolvedScheme, timeZone: string, now: Date,
): Promise<ScoreRow[]> {
  const loaded = await loadCounted(sql, period, level, scheme.definition, timeZone, now);
  const contained = containedPeriods(period);
  const rows = scoreSubjects({
    periodCode: period.code,
    level,
    indicators: scheme.definition.levels[level].indicators,
    months: loaded.months,
    subjects: loaded.subjects,
    rows: loaded.rows,
    manualScores: await listManualScores(sql, level, contained),
    adjustments: await listAdjustments(sql, { level, periodCodes: contained }),
  });
  return period.kind === 'year' ? splitRewardFund(rows, scheme.definition.reward.fundYuan, scheme.definition.reward.threshold) : rows;
}

/** The rows of a period: its snapshot when signed off, else computed now. */
async function periodRows(sql: Queryable, period: Period, level: AssessmentLevel, timeZone: string, now: Date, row: PeriodRow | undefined) {
  if (row?.status === 'signed_off' && row.schemeId !== null) {
    const stored = await schemeById(sql, row.schemeId);
    return { rows: await loadSnapshots(sql, period.code, level), schemeId: row.schemeId, schemeVersion: stored?.version ?? 0 };
  }
  const scheme = await currentScheme(sql, period.year);
  return { rows: await computeDraftScores(sql, period, level, scheme, timeZone, now), schemeId: scheme.id, schemeVersion: scheme.version };
}

/**
 * GET /api/assessment/scores: the ranking of a level in a period with each subject's items, and the
 * previous period's total and rank beside it. A grid worker sees only their own row.
 */
export async function readScores(sql: Queryable, viewer: Viewer, input: { period: string; level: AssessmentLevel }, now = new Date()): Promise<AssessmentScores> {
  const { period, timeZone } = await requirePeriod(sql, input.period, now);
  const described = await describePeriod(sql, period, timeZone, now);
  const { row: periodRow, ...periodView } = described;
  const current = await periodRows(sql, period, input.level, timeZone, now, periodRow);
  const previous = parsePeriod(previousPeriod(period))!;
  const previousRow = (await loadPeriods(sql, [previous.code])).get(previous.code);
  const before = new Map((await periodRows(sql, previous, input.level, timeZone, now, previousRow)).rows.map((row) => [row.subject.id, row]));
  let rows = current.rows.map((row) => ({
    ...row,
    previousTotal: before.get(row.subject.id)?.total ?? null,
    previousRank: before.get(row.subject.id)?.rank ?? null,
  }));
  if (viewer.kind === 'user' && viewer.role === 'worker' && input.level === 'worker') {
    rows = rows.filter((row) => row.subject.id === viewer.workerId);
  }
  return { period: periodView, level: input.level, schemeId: current.schemeId, schemeVersion: current.schemeVersion, rows };
}

/**
 * GET /api/assessment/sources: the rows one item of one subject counted, each saying what it counted
 * as — the drill-down from a scorecard to the cases, patrols, households and adjustments behind it.
 */
export async function readItemSources(
  sql: Queryable,
  viewer: Viewer,
  input: { period: string; level: AssessmentLevel; subject: number; indicator: string },
  now = new Date(),
): Promise<ItemSources> {
  if (viewer.kind === 'user' && viewer.role === 'worker' && input.level === 'worker' && input.subject !== viewer.workerId) {
    throw new Failure('forbidden', {});
  }
  const { period, timeZone } = await requirePeriod(sql, input.period, now);
  const described = await describePeriod(sql, period, timeZone, now);
  const scheme = described.row?.status === 'signed_off' && described.row.schemeId !== null
    ? { definition: (await schemeById(sql, described.row.schemeId))!.definition }
    : await currentScheme(sql, period.year);
  const contained = containedPeriods(period);
  const base = { period: period.code, level: input.level, subjectId: input.subject, indicator: input.indicator };
  if (input.indicator === 'award_bonus' || input.indicator === 'adjustment_deduction') {
    const adjustments = await listAdjustments(sql, { level: input.level, periodCodes: contained, subjectId: input.subject });
    const counted = countedAdjustments(adjustments, input.indicator === 'award_bonus' ? 'bonus' : 'deduction');
    return {
      ...base,
      measures: { adjustments: counted.length },
      rows: counted.map((entry): SourceRow => ({
        table: 'adjustments', id: entry.id, counted: entry.kind, at: entry.createdAt.toISOString(),
        label: `${entry.kind === 'bonus' ? '+' : '−'}${entry.points} ${entry.reason ?? entry.achievement ?? ''}`.trim(), trackingCode: null,
      })),
    };
  }
  const indicator = scheme.definition.levels[input.level].indicators.find((entry) => entry.code === input.indicator);
  if (!indicator) throw notFound('assessment_indicator', input.indicator);
  if (indicator.kind === 'manual') {
    const entries = manualEntriesFor({ periodCode: period.code, manualScores: await listManualScores(sql, input.level, contained) }, input.subject, indicator.code);
    return {
      ...base,
      measures: { entries: entries.length },
      rows: entries.map((entry, index): SourceRow => ({
        table: 'manual_scores', id: index + 1, counted: entry.periodCode, at: entry.enteredAt.toISOString(), label: `${entry.points} ${entry.comment}`, trackingCode: null,
      })),
    };
  }
  const loaded = await loadCounted(sql, period, input.level, scheme.definition, timeZone, now);
  const subject = loaded.subjects.find((entry) => entry.id === input.subject);
  if (!subject) throw notFound(input.level === 'worker' ? 'worker' : 'community', input.subject);
  const rows = groupBySubject(loaded.rows).get(subject.id) ?? { casesDue: [], rework: [], patrol: [], ratings: [] };
  const measures = measuresOf(subject, rows, loaded.months);
  const group = primaryGroup(parsedFormula(indicator.formula ?? '0'));
  let sourceRows: SourceRow[] = [];
  if (group === 'cases') {
    sourceRows = rows.casesDue.map((row) => ({
      table: 'incidents', id: row.id, counted: isOnTime(row) ? 'on_time' : row.major === '05' ? 'emergency_overdue' : 'overdue',
      at: row.dueAt.toISOString(), label: row.trackingCode, trackingCode: row.trackingCode,
    }));
  } else if (group === 'rework') {
    sourceRows = rows.rework.map((row) => ({ table: 'incident_events', id: row.id, counted: 'rework', at: row.at.toISOString(), label: row.trackingCode, trackingCode: row.trackingCode }));
  } else if (group === 'patrol') {
    sourceRows = rows.patrol.map((row) => ({ table: 'incidents', id: row.id, counted: 'patrol_report', at: row.reportedAt.toISOString(), label: row.trackingCode, trackingCode: row.trackingCode }));
  } else if (group === 'ratings') {
    sourceRows = rows.ratings.map((row) => ({ table: 'incidents', id: row.id, counted: row.satisfaction, at: row.ratedAt.toISOString(), label: row.trackingCode, trackingCode: row.trackingCode }));
  } else if (group === 'households') {
    const gridIds = new Map(subject.gridId === null ? [] : [[subject.id, subject.gridId]]);
    sourceRows = (await loadHouseholds(sql, input.level, gridIds, subject.id)).map((row) => ({
      table: 'households', id: row.id, counted: row.infoCheckedOn !== null && row.infoCheckedOn >= loaded.window.checkedSince ? 'household_checked' : 'household',
      at: null, label: row.label, trackingCode: null,
    }));
  }
  return { ...base, measures: { ...measures }, rows: sourceRows };
}
