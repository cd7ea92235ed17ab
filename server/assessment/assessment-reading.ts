import type { Adjustment, AssessmentLevel, AssessmentPeriod, AssessmentScheme } from '../../contract/assessment.ts';
import type { Viewer } from '../accounts/roles.ts';
import type { Queryable } from '../db/connect.ts';
import { localDate, zoneTimeZone } from '../time/zone.ts';
import { adjustmentView } from './assessment-decisions.ts';
import { latestScheme, listAdjustments } from './assessment.repo.ts';
import { describePeriod } from './assessment-scores.ts';
import { defaultSchemeDefinition } from './default-scheme.ts';
import { containedPeriods, parsePeriod } from './periods.ts';

/** Reads for the 考核 view: the period picker, the scheme in force, the adjustments list. */

/** The year, its quarters and months that have begun, newest first within each kind. Used by the period picker. */
export async function listAssessmentPeriods(sql: Queryable, year: number, now = new Date()): Promise<AssessmentPeriod[]> {
  const timeZone = await zoneTimeZone(sql);
  const today = localDate(now, timeZone);
  const codes = [String(year), ...[4, 3, 2, 1].map((quarter) => `${year}-Q${quarter}`), ...Array.from({ length: 12 }, (_, index) => `${year}-${String(12 - index).padStart(2, '0')}`)];
  const periods: AssessmentPeriod[] = [];
  for (const code of codes) {
    const period = parsePeriod(code)!;
    if (period.from > today) continue;
    const { row: _row, ...view } = await describePeriod(sql, period, timeZone, now);
    periods.push(view);
  }
  return periods;
}

/** The scheme in force for a year (its latest version, or the built-in default). */
export async function readScheme(sql: Queryable, year: number): Promise<AssessmentScheme> {
  const stored = await latestScheme(sql, year);
  if (stored) return { id: stored.id, year, version: stored.version, definition: stored.definition, note: stored.note, createdAt: stored.createdAt.toISOString(), builtIn: false };
  return { id: 0, year, version: 0, definition: defaultSchemeDefinition, note: null, createdAt: new Date(`${year}-01-01T00:00:00Z`).toISOString(), builtIn: true };
}

/** Adjustments (with objections) by period, level and subject; a grid worker sees only their own. */
export async function listAssessmentAdjustments(
  sql: Queryable, viewer: Viewer, filter: { period?: string | undefined; level?: AssessmentLevel | undefined; subject?: number | undefined },
): Promise<Adjustment[]> {
  const period = filter.period ? parsePeriod(filter.period) : undefined;
  const own = viewer.kind === 'user' && viewer.role === 'worker';
  if (own && viewer.workerId === null) return [];
  const rows = await listAdjustments(sql, {
    level: own ? 'worker' : filter.level,
    periodCodes: filter.period ? (period ? containedPeriods(period) : []) : undefined,
    subjectId: own ? viewer.workerId! : filter.subject,
  });
  return rows.map(adjustmentView);
}
