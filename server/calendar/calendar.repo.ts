import type { Queryable } from '../db/connect.ts';
import { zoneTimeZone } from '../time/zone.ts';
import type { CalendarException, WorkingCalendar, WorkingPeriod } from './working-calendar.ts';


/** The whole working calendar: small (two periods a weekday, a few dozen exception days a year). */
export async function loadWorkingCalendar(sql: Queryable): Promise<WorkingCalendar> {
  const timeZone = await zoneTimeZone(sql);
  const periods = await sql<WorkingPeriod[]>`
    select weekday, to_char(starts_at, 'HH24:MI:SS') as starts_at, to_char(ends_at, 'HH24:MI:SS') as ends_at
      from working_hours order by weekday, starts_at`;
  const exceptions = await sql<CalendarException[]>`
    select to_char(day, 'YYYY-MM-DD') as day, kind, hours_of_weekday from calendar_days order by day`;
  return { timeZone, periods: [...periods], exceptions: [...exceptions] };
}

export interface CalendarDayRow {
  day: string;
  kind: 'holiday' | 'working_day';
  nameZh: string;
  nameEn: string | null;
  hoursOfWeekday: number;
  provisional: boolean;
}

export async function listCalendarDays(sql: Queryable, year: number | undefined): Promise<CalendarDayRow[]> {
  return sql<CalendarDayRow[]>`
    select to_char(day, 'YYYY-MM-DD') as day, kind, name_zh, name_en, hours_of_weekday, provisional
      from calendar_days
     where ${year === undefined ? sql`true` : sql`extract(year from day) = ${year}`}
     order by day`;
}

export async function listWorkingHours(sql: Queryable): Promise<WorkingPeriod[]> {
  return sql<WorkingPeriod[]>`
    select weekday, to_char(starts_at, 'HH24:MI') as starts_at, to_char(ends_at, 'HH24:MI') as ends_at
      from working_hours order by weekday, starts_at`;
}

export async function upsertCalendarDay(sql: Queryable, row: Omit<CalendarDayRow, 'provisional'>): Promise<CalendarDayRow> {
  const [saved] = await sql<CalendarDayRow[]>`
    insert into calendar_days (day, kind, name_zh, name_en, hours_of_weekday, provisional, updated_at)
    values (${row.day}, ${row.kind}, ${row.nameZh}, ${row.nameEn}, ${row.hoursOfWeekday}, false, now())
    on conflict (day) do update
       set kind = excluded.kind, name_zh = excluded.name_zh, name_en = excluded.name_en,
           hours_of_weekday = excluded.hours_of_weekday, provisional = false, updated_at = now()
    returning to_char(day, 'YYYY-MM-DD') as day, kind, name_zh, name_en, hours_of_weekday, provisional`;
  return saved!;
}

export async function deleteCalendarDay(sql: Queryable, day: string): Promise<boolean> {
  const rows = await sql`delete from calendar_days where day = ${day} returning day`;
  return rows.length > 0;
}

export async function replaceWorkingHours(sql: Queryable, periods: WorkingPeriod[]): Promise<void> {
  await sql`delete from working_hours`;
  if (periods.length > 0) {
    await sql`insert into working_hours ${sql(periods.map((period) => ({ weekday: period.weekday, startsAt: period.startsAt, endsAt: period.endsAt })))}`;
  }
}
