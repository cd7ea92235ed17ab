import { addWorkingHours as addCalendarWorkingHours, standardWorkingDayHours, type WorkingCalendar } from '../calendar/working-calendar.ts';
import { defaultTimeZone, localDate, startOfLocalDay, wallClock } from '../time/zone.ts';

/**
 * Time in the demo zone (双凤经济开发区, the default zone): its calendar is the one migration 0004
 * seeds — Monday to Friday, 08:30–12:00 and 14:00–17:30 local time — and due times are counted by
 * the calendar's own working-time calculator (server/calendar/working-calendar.ts), so a demo case
 * is due exactly when the same case entered by hand would be. Holidays are not modelled here.
 */
export const demoTimeZone = defaultTimeZone;

const weekdays = [1, 2, 3, 4, 5];
export const demoCalendar: WorkingCalendar = {
  timeZone: demoTimeZone,
  periods: weekdays.flatMap((weekday) => [
    { weekday, startsAt: '08:30', endsAt: '12:00' },
    { weekday, startsAt: '14:00', endsAt: '17:30' },
  ]),
  exceptions: [],
};
export const workingHoursPerDay = standardWorkingDayHours(demoCalendar);

export type DeadlineUnit = 'working_hours' | 'working_days';

export function deadlineInWorkingHours(amount: number, unit: DeadlineUnit): number {
  return unit === 'working_days' ? amount * workingHoursPerDay : amount;
}

/** The instant `workingHours` of working time after `start`. */
export function addWorkingHours(start: Date, workingHours: number): Date {
  return addCalendarWorkingHours(demoCalendar, start, workingHours);
}

/** Local hour of day (0–23.99), weekday (0 Sunday … 6 Saturday), month and day of the year in the demo zone. */
export function demoLocalTime(instant: Date): { hourOfDay: number; weekday: number; month: number; dayOfYear: number } {
  const clock = wallClock(instant, demoTimeZone);
  return { hourOfDay: clock.hour + clock.minute / 60, weekday: clock.weekday % 7, month: clock.month, dayOfYear: clock.dayOfYear };
}

/** yyyyMMdd in the demo zone, for tracking codes. */
export function demoDateStamp(instant: Date): string {
  return localDate(instant, demoTimeZone).replaceAll('-', '');
}

/** Local midnight in the demo zone of the day containing `instant`. */
export function demoStartOfDay(instant: Date): Date {
  return startOfLocalDay(localDate(instant, demoTimeZone), demoTimeZone);
}
