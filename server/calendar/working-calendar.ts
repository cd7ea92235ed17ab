import { instantOfLocal, isoWeekdayOf, localDate, nextLocalDate } from '../time/zone.ts';

/**
 * The working-time calendar deadlines are counted in, as a pure function over the calendar rows
 * (server/calendar/calendar.repo.ts loads them): working periods per ISO weekday, public holidays
 * and make-up working days (调休), all in the zone's time zone (policy zone_time_zone; local dates
 * and instants by server/time/zone.ts, daylight saving included). It is the one working-time
 * calculator: case deadlines and the demo generator's due times both count with it.
 *
 * A deadline of N working days is N standard working days of working time, a standard working
 * day being the working hours of a Monday (7 h with the seeded 08:30–12:00, 14:00–17:30), so
 * "1 working day" from Tuesday 10:00 ends Wednesday 10:00 and one from Friday 16:00 ends
 * Monday 16:00.
 */

export type DeadlineUnit = 'working_hours' | 'working_days';

export interface WorkingPeriod {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  /** Local wall-clock time 'HH:MM' or 'HH:MM:SS'. */
  startsAt: string;
  endsAt: string;
}

export interface CalendarException {
  /** Local date 'YYYY-MM-DD'. */
  day: string;
  /** 'holiday': no work that day; 'working_day': worked with the hours of `hoursOfWeekday`. */
  kind: 'holiday' | 'working_day';
  hoursOfWeekday: number;
}

export interface WorkingCalendar {
  timeZone: string;
  periods: WorkingPeriod[];
  exceptions: CalendarException[];
}

const minute = 60_000;
const hour = 60 * minute;
/** Longest look-ahead before giving up: a calendar with no working time at all. */
const maximumDaysScanned = 3 * 366;

export class CalendarError extends Error {}

/** The instant `amount` working hours or working days after `start`. */
export function addWorkingTime(calendar: WorkingCalendar, start: Date, amount: number, unit: DeadlineUnit): Date {
  if (!(amount > 0) || !Number.isFinite(amount)) throw new CalendarError(`deadline amount must be positive, got ${amount}`);
  const hours = unit === 'working_days' ? amount * standardWorkingDayHours(calendar) : amount;
  return addWorkingHours(calendar, start, hours);
}

/** Working hours in a standard day: the periods of Monday (or of the first weekday that has any). */
export function standardWorkingDayHours(calendar: WorkingCalendar): number {
  for (let weekday = 1; weekday <= 7; weekday++) {
    const total = periodsOfWeekday(calendar, weekday).reduce((sum, [from, to]) => sum + (to - from), 0);
    if (total > 0) return total / 60;
  }
  throw new CalendarError('the calendar has no working hours on any weekday');
}

export function addWorkingHours(calendar: WorkingCalendar, start: Date, workingHours: number): Date {
  const { timeZone } = calendar;
  const exceptions = new Map(calendar.exceptions.map((exception) => [exception.day, exception]));
  let remaining = Math.round(workingHours * hour);
  let cursor = start.getTime();
  let day = localDate(start, timeZone);
  for (let scanned = 0; scanned < maximumDaysScanned; scanned++) {
    for (const [fromMinutes, toMinutes] of periodsOfDay(calendar, exceptions, day)) {
      const periodStart = instantOfLocal(day, fromMinutes, timeZone).getTime();
      const periodEnd = instantOfLocal(day, toMinutes, timeZone).getTime();
      const from = Math.max(cursor, periodStart);
      if (from >= periodEnd) continue;
      if (periodEnd - from >= remaining) return new Date(from + remaining);
      remaining -= periodEnd - from;
      cursor = periodEnd;
    }
    day = nextLocalDate(day);
    cursor = Math.max(cursor, instantOfLocal(day, 0, timeZone).getTime());
  }
  throw new CalendarError(`no end found within ${maximumDaysScanned} days: does the calendar have working time?`);
}

/** Whether `instant` falls inside a working period. */
export function isWorkingTime(calendar: WorkingCalendar, instant: Date): boolean {
  const { timeZone } = calendar;
  const exceptions = new Map(calendar.exceptions.map((exception) => [exception.day, exception]));
  const day = localDate(instant, timeZone);
  return periodsOfDay(calendar, exceptions, day).some(
    ([from, to]) => instant.getTime() >= instantOfLocal(day, from, timeZone).getTime() && instant.getTime() < instantOfLocal(day, to, timeZone).getTime(),
  );
}

/** Working periods of one local date as [fromMinute, toMinute) after local midnight, in order. */
function periodsOfDay(calendar: WorkingCalendar, exceptions: Map<string, CalendarException>, day: string): [number, number][] {
  const exception = exceptions.get(day);
  if (exception?.kind === 'holiday') return [];
  if (exception?.kind === 'working_day') return periodsOfWeekday(calendar, exception.hoursOfWeekday);
  return periodsOfWeekday(calendar, isoWeekdayOf(day));
}

/** A calendar's periods per weekday, worked out once per calendar (deadlines ask for them day after day). */
const periodsByWeekday = new WeakMap<WorkingCalendar, Map<number, [number, number][]>>();

function periodsOfWeekday(calendar: WorkingCalendar, weekday: number): [number, number][] {
  let byWeekday = periodsByWeekday.get(calendar);
  if (!byWeekday) {
    byWeekday = new Map();
    periodsByWeekday.set(calendar, byWeekday);
  }
  let periods = byWeekday.get(weekday);
  if (!periods) {
    periods = computePeriodsOfWeekday(calendar, weekday);
    byWeekday.set(weekday, periods);
  }
  return periods;
}

function computePeriodsOfWeekday(calendar: WorkingCalendar, weekday: number): [number, number][] {
  return calendar.periods
    .filter((period) => period.weekday === weekday)
    .map((period): [number, number] => [minutesOf(period.startsAt), minutesOf(period.endsAt)])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
}

function minutesOf(clock: string): number {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(clock);
  if (!match) throw new CalendarError(`not a time of day: ${clock}`);
  return Number(match[1]) * 60 + Number(match[2]) + Number(match[3] ?? 0) / 60;
}
