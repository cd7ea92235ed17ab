import { Temporal } from 'temporal-polyfill';

/**
 * Dates in imported files, read as the user says and never silently guessed (issue 16): a local
 * date-time is read in the chosen IANA time zone (default: the zone's own), `12/31/2017 11:59:58 PM`
 * is understood, and a column whose day/month order cannot be told from its values (every value
 * like 03/04/2017) is an error until the user chooses the format. Impossible dates (Feb 30) and
 * dates before 1900 or after next year are errors naming the field.
 */
export const dateFormats = ['YMD', 'MDY', 'DMY'] as const;
export type DateFormat = (typeof dateFormats)[number];

export type DateReading =
  | { ok: true; instant: Date }
  | { ok: false; reason: 'not_a_date' | 'date_out_of_range' | 'ambiguous_date_format' };

/** A/B/YYYY (slashes, dots or dashes), optionally with a time and AM/PM: day and month in an unknown order. */
const numericDate = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?)?$/;
/** YYYY-M-D, YYYY/M/D, YYYY.M.D or 2017年12月31日, optionally with a time and AM/PM. */
const yearFirst = /^(\d{4})(?:[/.-]|年)(\d{1,2})(?:[/.-]|月)(\d{1,2})日?(?:[ T]+(\d{1,2})(?::|时)(\d{2})(?:(?::|分)(\d{2})(?:\.\d+)?秒?)?\s*([AaPp][Mm])?)?$/;
/** An ISO instant with its own offset or Z: the text says its zone. */
const zonedIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The order of day and month in a column's A/B/YYYY values: 'MDY' if some second part is above 12,
 * 'DMY' if some first part is, null when none tells (ambiguous) or both do (mixed, reported per row).
 */
export function detectDateFormat(values: unknown[]): { format: DateFormat | null; ambiguousExample: string | null } {
  let monthFirst = false;
  let dayFirst = false;
  let ambiguousExample: string | null = null;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const match = value.trim().match(numericDate);
    if (!match) continue;
    const [a, b] = [Number(match[1]), Number(match[2])];
    if (b > 12 && a <= 12) monthFirst = true;
    else if (a > 12 && b <= 12) dayFirst = true;
    else if (a !== b && ambiguousExample === null) ambiguousExample = value.trim();
  }
  if (monthFirst && !dayFirst) return { format: 'MDY', ambiguousExample: null };
  if (dayFirst && !monthFirst) return { format: 'DMY', ambiguousExample: null };
  return { format: null, ambiguousExample };
}

export function readDate(value: unknown, options: { format: DateFormat | null; timeZone: string; now?: Date }): DateReading {
  const maximumYear = yearOf(options.now ?? new Date(), options.timeZone) + 1;
  const inRange = (instant: Date): DateReading => {
    const year = yearOf(instant, options.timeZone);
    return year < 1900 || year > maximumYear ? { ok: false, reason: 'date_out_of_range' } : { ok: true, instant };
  };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { ok: false, reason: 'not_a_date' } : inRange(value);
  if (typeof value === 'number') {
    // an Excel serial day number: days since 1899-12-30, a wall-clock time in the zone
    if (!(value > 0 && value < 2_958_466)) return { ok: false, reason: 'not_a_date' };
    const day = Math.floor(value);
    const wall = Temporal.PlainDate.from('1899-12-30').add({ days: day }).toPlainDateTime().add({ milliseconds: Math.round((value - day) * 86_400_000) });
    return inRange(new Date(wall.toZonedDateTime(options.timeZone).epochMilliseconds));
  }
  if (typeof value !== 'string') return { ok: false, reason: 'not_a_date' };
  const text = value.trim();
  if (zonedIso.test(text)) {
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? { ok: false, reason: 'date_out_of_range' } : inRange(instant);
  }
  let parts: { year: number; month: number; day: number; hour: string | undefined; minute: string | undefined; second: string | undefined; meridiem: string | undefined };
  const ymd = text.match(yearFirst);
  if (ymd) {
    parts = { year: Number(ymd[1]), month: Number(ymd[2]), day: Number(ymd[3]), hour: ymd[4], minute: ymd[5], second: ymd[6], meridiem: ymd[7] };
  } else {
    const numeric = text.match(numericDate);
    if (!numeric) return { ok: false, reason: 'not_a_date' };
    const [a, b] = [Number(numeric[1]), Number(numeric[2])];
    const format = options.format ?? (a > 12 ? 'DMY' : b > 12 ? 'MDY' : a === b ? 'MDY' : null);
    if (format === null) return { ok: false, reason: 'ambiguous_date_format' };
    if (format === 'YMD') return { ok: false, reason: 'not_a_date' };
    const [month, day] = format === 'MDY' ? [a, b] : [b, a];
    parts = { year: Number(numeric[3]), month, day, hour: numeric[4], minute: numeric[5], second: numeric[6], meridiem: numeric[7] };
  }
  let hour = Number(parts.hour ?? 0);
  const minute = Number(parts.minute ?? 0);
  const second = Number(parts.second ?? 0);
  if (parts.meridiem) {
    if (hour < 1 || hour > 12) return { ok: false, reason: 'date_out_of_range' };
    hour = (hour % 12) + (/p/i.test(parts.meridiem) ? 12 : 0);
  }
  try {
    const wall = Temporal.PlainDateTime.from({ year: parts.year, month: parts.month, day: parts.day, hour, minute, second }, { overflow: 'reject' });
    return inRange(new Date(wall.toZonedDateTime(options.timeZone).epochMilliseconds));
  } catch {
    return { ok: false, reason: 'date_out_of_range' };
  }
}

export function isTimeZone(name: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(name);
    return true;
  } catch {
    return false;
  }
}

function yearOf(instant: Date, timeZone: string): number {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).year;
}
