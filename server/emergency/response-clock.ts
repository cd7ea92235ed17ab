import { loadWorkingCalendar } from '../calendar/calendar.repo.ts';
import { addWorkingTime, type DeadlineUnit, type WorkingCalendar } from '../calendar/working-calendar.ts';
import type { Queryable } from '../db/connect.ts';

/**
 * The one place a case's due time is worked out (issue 20, 第6篇: "emergencies run on a 24/7
 * clock, not on working hours"). A category named in policy `emergency_response_minutes` (gas
 * leak, fire, road collapse, water main burst, waterlogging, the risk sources' kinds of event) is
 * due that many minutes after it was reported, whatever the day or hour; every other category
 * counts its deadline in the working calendar (server/calendar/working-calendar.ts).
 *
 * The report itself gets the same due time from the database (trigger incidents_emergency_clock,
 * migration 0019, reading the same policy through `emergency_response_minutes()`), so a gas leak
 * reported on a Sunday night is due within minutes before anyone registers it.
 */

export interface CategoryDeadline {
  code: string;
  deadlineAmount: number | null;
  deadlineUnit: DeadlineUnit | null;
}

/** The response target of a category in minutes, or null when it runs on working time. */
export async function emergencyResponseMinutes(sql: Queryable, categoryCode: string): Promise<number | null> {
  const [row] = await sql<{ minutes: number | null }[]>`select emergency_response_minutes(${categoryCode}) as minutes`;
  const minutes = row?.minutes ?? null;
  return minutes !== null && Number.isFinite(Number(minutes)) && Number(minutes) > 0 ? Number(minutes) : null;
}

/** Every category with a response target: for the command centre and the category list. */
export async function emergencyResponseTargets(sql: Queryable): Promise<Map<string, number>> {
  const [row] = await sql<{ value: Record<string, unknown> | null }[]>`select value from policy where key = 'emergency_response_minutes'`;
  const targets = new Map<string, number>();
  for (const [code, minutes] of Object.entries(row?.value ?? {})) {
    if (typeof minutes === 'number' && minutes > 0) targets.set(code, minutes);
  }
  return targets;
}

/**
 * When a case of `category` is due. Used on registration (`start` = the report, so the 24/7
 * target is not pushed back by the time it waited on the desk; a working-time deadline starts
 * at registration, `now`) and when a case comes back from the backlog (both `now`).
 */
export async function caseDueAt(
  sql: Queryable,
  category: CategoryDeadline | undefined,
  times: { reportedAt: Date; now: Date },
): Promise<Date | null> {
  if (!category) return null;
  const minutes = await emergencyResponseMinutes(sql, category.code);
  if (minutes === null && (!category.deadlineAmount || !category.deadlineUnit)) return null;
  return dueAtOf(category, minutes, minutes === null ? await loadWorkingCalendar(sql) : null, times);
}

/**
 * `caseDueAt` for many cases at once (an import of historic cases): the calendar and each
 * category's response target are read once, the rule is the same.
 */
export async function caseDueAtReader(sql: Queryable): Promise<(category: CategoryDeadline | undefined, times: { reportedAt: Date; now: Date }) => Promise<Date | null>> {
  const calendar = await loadWorkingCalendar(sql);
  const minutesOf = new Map<string, number | null>();
  return async (category, times) => {
    if (!category) return null;
    if (!minutesOf.has(category.code)) minutesOf.set(category.code, await emergencyResponseMinutes(sql, category.code));
    return dueAtOf(category, minutesOf.get(category.code) ?? null, calendar, times);
  };
}

function dueAtOf(category: CategoryDeadline, minutes: number | null, calendar: WorkingCalendar | null, times: { reportedAt: Date; now: Date }): Date | null {
  if (minutes !== null) return new Date(times.reportedAt.getTime() + minutes * 60_000);
  if (!category.deadlineAmount || !category.deadlineUnit || !calendar) return null;
  return addWorkingTime(calendar, times.now, category.deadlineAmount, category.deadlineUnit);
}
