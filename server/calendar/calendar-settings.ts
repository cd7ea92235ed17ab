import type { CalendarDay, WorkingPeriod } from '../../contract/calendar.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { invalidRequest, notFound, problem, type FieldProblem } from '../http/failure.ts';
import { deleteCalendarDay, listWorkingHours, replaceWorkingHours, upsertCalendarDay } from './calendar.repo.ts';

/** An administrator's changes to the working calendar, each one transaction with its audit row. */

export async function setCalendarDay(
  sql: Sql,
  viewer: UserViewer,
  input: { day: string; kind: CalendarDay['kind']; nameZh: string; nameEn?: string | null | undefined; hoursOfWeekday?: number | undefined },
  clientAddress: string,
): Promise<CalendarDay> {
  return sql.begin(async (transaction) => {
    const row = await upsertCalendarDay(transaction, {
      day: input.day, kind: input.kind, nameZh: input.nameZh, nameEn: input.nameEn ?? null, hoursOfWeekday: input.hoursOfWeekday ?? 1,
    });
    await recordAudit(transaction, {
      viewer, action: 'calendar.day.set', objectType: 'calendar_day', objectId: input.day, result: 'ok', clientAddress, details: { ...input },
    });
    return row;
  });
}

export async function removeCalendarDay(sql: Sql, viewer: UserViewer, day: string, clientAddress: string): Promise<void> {
  await sql.begin(async (transaction) => {
    if (!(await deleteCalendarDay(transaction, day))) throw notFound('calendar_day', day);
    await recordAudit(transaction, { viewer, action: 'calendar.day.delete', objectType: 'calendar_day', objectId: day, result: 'ok', clientAddress });
  });
}

/** Replace the weekly hours: each period must end after it starts, and periods of a weekday must not overlap. */
export async function replaceWeeklyHours(sql: Sql, viewer: UserViewer, periods: WorkingPeriod[], clientAddress: string): Promise<WorkingPeriod[]> {
  const problems: FieldProblem[] = periods.flatMap((period, index) =>
    period.endsAt <= period.startsAt ? [problem(`periods.${index}.endsAt`, 'ends_before_start', {})] : [],
  );
  const sorted = [...periods].sort((a, b) => a.weekday - b.weekday || a.startsAt.localeCompare(b.startsAt));
  sorted.forEach((period, index) => {
    const previous = sorted[index - 1];
    if (previous && previous.weekday === period.weekday && previous.endsAt > period.startsAt) {
      problems.push(problem('periods', 'periods_overlap', { weekday: period.weekday }));
    }
  });
  if (problems.length > 0) throw invalidRequest(problems);
  await sql.begin(async (transaction) => {
    await replaceWorkingHours(transaction, sorted);
    await recordAudit(transaction, {
      viewer, action: 'calendar.working_hours.replace', objectType: 'working_hours', result: 'ok', clientAddress, details: { periods: sorted },
    });
  });
  return listWorkingHours(sql);
}
