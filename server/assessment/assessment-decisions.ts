import type { Adjustment, AssessmentLevel, AssessmentPeriod, AssessmentScheme, ManualScore, SchemeDefinition } from '../../contract/assessment.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Failure, notFound, problem, type FieldProblem } from '../http/failure.ts';
import {
  adjustmentById, decideObjection, insertAdjustment, insertObjection, insertScheme, insertSnapshots, loadPeriods, lockPeriod,
  markReopened, markSignedOff, upsertManualScore, type AdjustmentRow,
} from './assessment.repo.ts';
import { assessmentRejected, computeDraftScores, currentScheme, describePeriod, requirePeriod } from './assessment-scores.ts';
import { assessmentMeasureNames } from './default-scheme.ts';
import { FormulaError, parseFormula } from './formula.ts';
import { enclosingPeriods, parsePeriod, periodInstants, type Period } from './periods.ts';

/**
 * What people decide in the assessment, each one transaction with its audit row: adjustments
 * (bonus / deduction), objections and their review, leaders' manual scores, period sign-off and the
 * administrator's audited reopen, and new scheme versions.
 */

const levels: AssessmentLevel[] = ['worker', 'community', 'station'];

export function adjustmentView(row: AdjustmentRow): Adjustment {
  return {
    id: row.id, period: row.periodCode, level: row.level, subject: row.subjectId, kind: row.kind, points: row.points,
    reason: row.reason, achievement: row.achievement, status: row.status, createdAt: row.createdAt.toISOString(), createdBy: row.createdBy,
    objection: row.objectionId === null ? null : {
      id: row.objectionId, reason: row.objectionReason ?? '', raisedAt: row.objectionRaisedAt!.toISOString(), raisedBy: row.objectionRaisedBy ?? '',
      decision: row.decision, decidedAt: row.decidedAt?.toISOString() ?? null, decisionNote: row.decisionNote,
    },
  };
}

async function subjectExists(sql: Queryable, level: AssessmentLevel, id: number): Promise<boolean> {
  const [row] = level === 'worker'
    ? await sql`select 1 from workers where id = ${id}`
    : await sql`select 1 from communities where id = ${id}`;
  return row !== undefined;
}

/** Refuse a change inside a signed-off period (or one inside a signed-off quarter or year): 422 on `field`. */
async function requireOpen(sql: Queryable, period: Period, field: string): Promise<void> {
  const rows = await loadPeriods(sql, [period.code, ...enclosingPeriods(period)]);
  const closer = [period.code, ...enclosingPeriods(period)].find((code) => rows.get(code)?.status === 'signed_off');
  if (closer) throw assessmentRejected([problem(field, 'period_closed', { period: closer })]);
}

export interface AdjustmentInput {
  subject: number;
  level: AssessmentLevel;
  period: string;
  kind: 'bonus' | 'deduction';
  points: number;
  reason?: string | undefined;
  achievement?: string | undefined;
  evidencePhotos?: string[] | undefined;
}

/**
 * POST /api/assessment/adjustments: a bonus for an award (1, 1.5 or 2 points by its level) or a
 * deduction (1–5 points, always with its reason). Refused with 422 naming the field, nothing written,
 * when the points or reason break the rule or the period is closed.
 */
export async function createAdjustment(sql: Sql, viewer: UserViewer, input: AdjustmentInput, clientAddress: string, now = new Date()): Promise<Adjustment> {
  const problems: FieldProblem[] = [];
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  if (input.kind === 'bonus' && ![1, 1.5, 2].includes(input.points)) problems.push(problem('points', 'bonus_points', {}));
  if (input.kind === 'deduction') {
    if (!(input.points >= 1 && input.points <= 5 && Number.isInteger(input.points * 2))) problems.push(problem('points', 'deduction_points', {}));
    if (reason === null) problems.push(problem('reason', 'deduction_reason_required', {}));
  }
  const { period } = await requirePeriod(sql, input.period, now);
  if (!(await subjectExists(sql, input.level, input.subject))) problems.push(problem('subject', 'unknown_subject', { id: input.subject }));
  if (problems.length > 0) throw assessmentRejected(problems);
  return sql.begin(async (transaction) => {
    await lockPeriod(transaction, period.code, period.kind);
    await requireOpen(transaction, period, 'period');
    const id = await insertAdjustment(transaction, {
      periodCode: period.code, level: input.level, subjectId: input.subject, kind: input.kind, points: input.points, reason,
      achievement: input.achievement?.trim() || null, evidencePhotos: input.evidencePhotos ?? [], createdBy: viewer.userId,
    });
    await recordAudit(transaction, {
      viewer, action: `assessment.adjustment.${input.kind}`, objectType: 'assessment_adjustment', objectId: id, result: 'ok', clientAddress,
      details: { period: period.code, level: input.level, subject: input.subject, points: input.points, reason, achievement: input.achievement ?? null },
    });
    return adjustmentView((await adjustmentById(transaction, id))!);
  });
}

/**
 * POST /api/assessment/adjustments/:id/objection: the assessed object once, with a reason. A grid
 * worker objects to their own adjustments; an administrator files for a community or station.
 */
export async function raiseObjection(sql: Sql, viewer: UserViewer, adjustmentId: number, reason: string, clientAddress: string): Promise<Adjustment> {
  return sql.begin(async (transaction) => {
    const adjustment = await adjustmentById(transaction, adjustmentId, true);
    if (!adjustment) throw notFound('assessment_adjustment', adjustmentId);
    const own = viewer.role === 'worker' ? adjustment.level === 'worker' && adjustment.subjectId === viewer.workerId : viewer.role === 'admin';
    if (!own) throw new Failure('objection_not_subject', {});
    if (adjustment.objectionId !== null) throw new Failure('objection_already_raised', {});
    await requireOpen(transaction, periodOf(adjustment.periodCode), 'adjustment');
    await insertObjection(transaction, { adjustmentId, raisedBy: viewer.userId, reason: reason.trim() });
    await recordAudit(transaction, {
      viewer, action: 'assessment.objection.raise', objectType: 'assessment_adjustment', objectId: adjustmentId, result: 'ok', clientAddress, details: { reason },
    });
    return adjustmentView((await adjustmentById(transaction, adjustmentId))!);
  });
}

/** A stored period code: it passed the table's check, so it parses. */
function periodOf(code: string): Period {
  return parsePeriod(code)!;
}

/** POST /api/assessment/adjustments/:id/review: a leader or administrator upholds (withdraws the adjustment) or rejects an objection. */
export async function reviewObjection(
  sql: Sql, viewer: UserViewer, adjustmentId: number, input: { decision: 'upheld' | 'rejected'; note?: string | undefined }, clientAddress: string,
): Promise<Adjustment> {
  return sql.begin(async (transaction) => {
    const adjustment = await adjustmentById(transaction, adjustmentId, true);
    if (!adjustment) throw notFound('assessment_adjustment', adjustmentId);
    if (adjustment.objectionId === null) throw new Failure('objection_missing', {});
    if (adjustment.decision !== null) throw new Failure('objection_already_decided', {});
    await requireOpen(transaction, periodOf(adjustment.periodCode), 'adjustment');
    await decideObjection(transaction, { adjustmentId, decision: input.decision, decidedBy: viewer.userId, note: input.note?.trim() || null });
    await recordAudit(transaction, {
      viewer, action: `assessment.objection.${input.decision}`, objectType: 'assessment_adjustment', objectId: adjustmentId, result: 'ok', clientAddress,
      details: { note: input.note ?? null },
    });
    return adjustmentView((await adjustmentById(transaction, adjustmentId))!);
  });
}

/** PUT /api/assessment/manual-scores: a leader's score for a manual indicator (0..its weight), always with a comment. */
export async function enterManualScore(
  sql: Sql, viewer: UserViewer,
  input: { period: string; level: AssessmentLevel; subject: number; indicator: string; points: number; comment: string },
  clientAddress: string, now = new Date(),
): Promise<ManualScore> {
  const { period } = await requirePeriod(sql, input.period, now);
  const scheme = await currentScheme(sql, period.year);
  const indicator = scheme.definition.levels[input.level].indicators.find((entry) => entry.code === input.indicator && entry.kind === 'manual');
  const problems: FieldProblem[] = [];
  if (!indicator) problems.push(problem('indicator', 'not_a_manual_indicator', { indicator: input.indicator }));
  else if (input.points < 0 || input.points > (indicator.weight ?? 0)) problems.push(problem('points', 'out_of_range', { minimum: 0, maximum: indicator.weight ?? 0 }));
  if (!input.comment.trim()) problems.push(problem('comment', 'required', {}));
  if (!(await subjectExists(sql, input.level, input.subject))) problems.push(problem('subject', 'unknown_subject', { id: input.subject }));
  if (problems.length > 0) throw assessmentRejected(problems);
  return sql.begin(async (transaction) => {
    await lockPeriod(transaction, period.code, period.kind);
    await requireOpen(transaction, period, 'period');
    const row = await upsertManualScore(transaction, {
      periodCode: period.code, level: input.level, subjectId: input.subject, indicator: input.indicator, points: input.points,
      comment: input.comment.trim(), enteredBy: viewer.userId,
    });
    await recordAudit(transaction, {
      viewer, action: 'assessment.manual_score.enter', objectType: 'assessment_manual_score', objectId: `${period.code}/${input.level}/${input.subject}/${input.indicator}`,
      result: 'ok', clientAddress, details: { points: input.points, comment: input.comment },
    });
    return { period: row.periodCode, level: row.level, subject: row.subjectId, indicator: row.indicator, points: row.points, comment: row.comment, enteredAt: row.enteredAt.toISOString() };
  });
}

/**
 * POST /api/assessment/periods/:code/sign-off: a leader freezes a period — every level's scores are
 * stored as they stand, with the scheme version used. A month or quarter must have ended; a quarter
 * needs its months signed off; a year needs the months before its close-by month signed off, so it
 * can close before 15 December (policy assessment_year_close_by).
 */
export async function signOffPeriod(sql: Sql, viewer: UserViewer, code: string, comment: string | null, clientAddress: string, now = new Date()): Promise<AssessmentPeriod> {
  const { period, timeZone } = await requirePeriod(sql, code, now);
  return sql.begin(async (transaction) => {
    await lockPeriod(transaction, period.code, period.kind);
    const described = await describePeriod(transaction, period, timeZone, now);
    if (described.status === 'signed_off') throw new Failure('period_already_signed_off', { period: period.code });
    if (described.closed) throw assessmentRejected([problem('period', 'period_closed', { period: described.closedBy! })]);
    const { end } = periodInstants(period, timeZone, now);
    if (period.kind !== 'year' && now < end) throw assessmentRejected([problem('period', 'period_not_ended', { to: period.to })]);
    const needed = period.kind === 'quarter'
      ? period.months
      : period.kind === 'year' ? period.months.filter((month) => month < described.closeBy!.slice(0, 7)) : [];
    if (needed.length > 0) {
      const signed = await loadPeriods(transaction, needed);
      const missing = needed.filter((month) => signed.get(month)?.status !== 'signed_off');
      if (missing.length > 0) throw assessmentRejected([problem('period', 'months_not_signed_off', { months: missing.join(', ') })]);
    }
    let scheme = await currentScheme(transaction, period.year);
    if (scheme.builtIn) {
      // a closed period keeps the scheme it was scored with: the default is stored as version 1
      const stored = await insertScheme(transaction, { year: period.year, definition: scheme.definition, note: null, createdBy: viewer.userId });
      scheme = { id: stored.id, version: stored.version, definition: stored.definition, builtIn: false };
    }
    for (const level of levels) {
      await insertSnapshots(transaction, period.code, level, await computeDraftScores(transaction, period, level, scheme, timeZone, now));
    }
    await markSignedOff(transaction, { code: period.code, schemeId: scheme.id, userId: viewer.userId, comment });
    await recordAudit(transaction, {
      viewer, action: 'assessment.period.sign_off', objectType: 'assessment_period', objectId: period.code, result: 'ok', clientAddress,
      details: { schemeId: scheme.id, schemeVersion: scheme.version, comment },
    });
    const { row: _row, ...view } = await describePeriod(transaction, period, timeZone, now);
    return view;
  });
}

/** POST /api/assessment/periods/:code/reopen: an administrator reopens a signed-off period, with the reason, audited. */
export async function reopenPeriod(sql: Sql, viewer: UserViewer, code: string, reason: string, clientAddress: string, now = new Date()): Promise<AssessmentPeriod> {
  const { period, timeZone } = await requirePeriod(sql, code, now);
  return sql.begin(async (transaction) => {
    await lockPeriod(transaction, period.code, period.kind);
    const described = await describePeriod(transaction, period, timeZone, now);
    if (described.status !== 'signed_off') throw new Failure('period_not_signed_off', { period: period.code });
    if (described.closedBy !== period.code) throw new Failure('period_closed_by_enclosing', { period: described.closedBy! });
    await markReopened(transaction, { code: period.code, userId: viewer.userId, reason: reason.trim() });
    await recordAudit(transaction, {
      viewer, action: 'assessment.period.reopen', objectType: 'assessment_period', objectId: period.code, result: 'ok', clientAddress, details: { reason },
    });
    const { row: _row, ...view } = await describePeriod(transaction, period, timeZone, now);
    return view;
  });
}

/** The problems of a scheme an administrator sends: weights that do not add up, formulas that do not parse or name unknown measures. */
export function schemeProblems(definition: SchemeDefinition): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const names = new Set<string>([...assessmentMeasureNames, 'weight']);
  for (const level of levels) {
    const indicators = definition.levels[level].indicators;
    const field = `definition.levels.${level}.indicators`;
    const sum = indicators.filter((entry) => entry.kind === 'score' || entry.kind === 'manual').reduce((total, entry) => total + (entry.weight ?? 0), 0);
    if (Math.abs(sum - definition.totalWeight) > 1e-9) problems.push(problem(field, 'weights_do_not_sum', { sum, total: definition.totalWeight }));
    const seen = new Set<string>();
    indicators.forEach((indicator, index) => {
      if (seen.has(indicator.code) || indicator.code === 'award_bonus' || indicator.code === 'adjustment_deduction') problems.push(problem(`${field}.${index}.code`, 'named_twice', {}));
      seen.add(indicator.code);
      if ((indicator.kind === 'score' || indicator.kind === 'manual') && indicator.weight === undefined) problems.push(problem(`${field}.${index}.weight`, 'required', {}));
      if (indicator.kind === 'manual') return;
      if (!indicator.formula) {
        problems.push(problem(`${field}.${index}.formula`, 'required', {}));
        return;
      }
      try {
        parseFormula(indicator.formula, names);
      } catch (error) {
        if (!(error instanceof FormulaError)) throw error;
        problems.push(error.problem === 'formula_unknown_name'
          ? problem(`${field}.${index}.formula`, 'formula_unknown_name', { name: error.detail })
          : problem(`${field}.${index}.formula`, 'formula_syntax', { near: error.detail }));
      }
    });
  }
  return problems;
}

/** POST /api/assessment/schemes: an administrator stores a new version of a year's scheme; signed-off periods keep theirs. */
export async function saveScheme(
  sql: Sql, viewer: UserViewer, input: { year: number; definition: SchemeDefinition; note?: string | undefined }, clientAddress: string,
): Promise<AssessmentScheme> {
  const problems = schemeProblems(input.definition);
  if (problems.length > 0) throw assessmentRejected(problems);
  return sql.begin(async (transaction) => {
    const row = await insertScheme(transaction, { year: input.year, definition: input.definition, note: input.note?.trim() || null, createdBy: viewer.userId });
    await recordAudit(transaction, {
      viewer, action: 'assessment.scheme.save', objectType: 'assessment_scheme', objectId: row.id, result: 'ok', clientAddress,
      details: { year: row.year, version: row.version },
    });
    return { id: row.id, year: row.year, version: row.version, definition: row.definition, note: row.note, createdAt: row.createdAt.toISOString(), builtIn: false };
  });
}
