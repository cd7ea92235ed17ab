/**
 * The working calendar deadlines are counted in: Monday to Friday, 08:30–12:00 and 14:00–17:30
 * China Standard Time (UTC+8, no daylight saving), seven working hours a day. A deadline of N
 * working days is N × 7 working hours, so "1 working day" from Tuesday 10:00 ends Wednesday
 * 10:00. Public holidays are not modelled.
 */
const chinaOffsetMilliseconds = 8 * 3_600_000;
const hour = 3_600_000;
/** Working periods as [start, end) in milliseconds after local midnight. */
const workingPeriods: [number, number][] = [
  [8.5 * hour, 12 * hour],
  [14 * hour, 17.5 * hour],
];
export const workingHoursPerDay = 7;

export type DeadlineUnit = 'working_hours' | 'working_days';

export function deadlineInWorkingHours(amount: number, unit: DeadlineUnit): number {
  return unit === 'working_days' ? amount * workingHoursPerDay : amount;
}

/** The instant `workingHours` of working time after `start`. */
export function addWorkingHours(start: Date, workingHours: number): Date {
  let remaining = workingHours * hour;
  // walk local days; at most a few hundred iterations for the longest deadlines
  let localTime = start.getTime() + chinaOffsetMilliseconds;
  for (let guard = 0; guard < 10_000; guard++) {
    const localMidnight = Math.floor(localTime / 86_400_000) * 86_400_000;
    const weekday = new Date(localMidnight).getUTCDay(); // 0 Sunday … 6 Saturday
    if (weekday !== 0 && weekday !== 6) {
      for (const [periodStart, periodEnd] of workingPeriods) {
        const from = Math.max(localTime, localMidnight + periodStart);
        const to = localMidnight + periodEnd;
        if (from >= to) continue;
        if (to - from >= remaining) return new Date(from + remaining - chinaOffsetMilliseconds);
        remaining -= to - from;
      }
    }
    localTime = localMidnight + 86_400_000;
  }
  throw new Error('deadline too far in the future');
}

/** Local hour of day (0–23.99) and weekday (0 Sunday) in China Standard Time. */
export function chinaLocalTime(instant: Date): { hourOfDay: number; weekday: number; month: number; dayOfYear: number } {
  const local = new Date(instant.getTime() + chinaOffsetMilliseconds);
  const startOfYear = Date.UTC(local.getUTCFullYear(), 0, 1);
  return {
    hourOfDay: local.getUTCHours() + local.getUTCMinutes() / 60,
    weekday: local.getUTCDay(),
    month: local.getUTCMonth() + 1,
    dayOfYear: Math.floor((local.getTime() - startOfYear) / 86_400_000),
  };
}

/** yyyyMMdd in China Standard Time, for tracking codes. */
export function chinaDateStamp(instant: Date): string {
  const local = new Date(instant.getTime() + chinaOffsetMilliseconds);
  return `${local.getUTCFullYear()}${String(local.getUTCMonth() + 1).padStart(2, '0')}${String(local.getUTCDate()).padStart(2, '0')}`;
}

/** Local midnight (China Standard Time) of the day containing `instant`. */
export function chinaStartOfDay(instant: Date): Date {
  const local = instant.getTime() + chinaOffsetMilliseconds;
  return new Date(Math.floor(local / 86_400_000) * 86_400_000 - chinaOffsetMilliseconds);
}
