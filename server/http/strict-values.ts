import { Temporal } from 'temporal-polyfill';

/**
 * The one strict reading of numbers, ids and dates that arrive as text (query strings, CSV-like
 * fields). JavaScript's `Number()` reads '' as 0, '0x10' as 16 and '1e20' as an integer, and
 * `new Date()` rolls 2026-02-30 over into March; each of those silently guessed, or reached the
 * database and failed there as a 500. Every reading here either returns the value or undefined.
 */

/** The largest value of a PostgreSQL `integer` (int4): every serial id column. */
export const maximumDatabaseId = 2 ** 31 - 1;

/** Dates outside these years are typing mistakes (year 0000, 1000, 20266), never real records. */
export const earliestYear = 1900;
export const latestYear = 2100;

const decimalPattern = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A plain decimal number (no hex, no exponent, not empty), or undefined. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (!decimalPattern.test(trimmed) || trimmed.length > 40) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** A whole number written in decimal digits from `minimum` to `maximum`, or undefined. */
export function parseWholeNumber(text: string, minimum: number, maximum: number): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,16}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value >= minimum && value <= maximum ? value : undefined;
}

/** An id that fits the int4 columns ids live in: 1…2^31−1, or undefined. */
export function parseDatabaseId(text: string): number | undefined {
  return parseWholeNumber(text, 1, maximumDatabaseId);
}

const instantPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export type InstantReading = { instant: Date } | { problem: 'not_an_instant' | 'date_out_of_range' };

/**
 * An ISO 8601 date or date-time: a real calendar date (no 30 February), a year within
 * earliestYear…latestYear; a bare date is the start of that day in `timeZone`, a date-time without
 * an offset is wall-clock time there.
 */
export function readInstant(text: string, timeZone: string, options: { requireOffset?: boolean } = {}): InstantReading {
  const trimmed = text.trim();
  const match = instantPattern.exec(trimmed);
  if (!match) return { problem: 'not_an_instant' };
  const [, year, month, day, hour, minute, second, fraction, offset] = match;
  if (options.requireOffset && !offset) return { problem: 'not_an_instant' };
  try {
    if (offset && hour !== undefined) return readOffsetInstant(match);
    const date = Temporal.PlainDate.from({ year: Number(year), month: Number(month), day: Number(day) }, { overflow: 'reject' });
    if (date.year < earliestYear || date.year > latestYear) return { problem: 'date_out_of_range' };
    if (hour === undefined) return { instant: new Date(date.toZonedDateTime({ timeZone }).epochMilliseconds) };
    const time = Temporal.PlainTime.from(
      { hour: Number(hour), minute: Number(minute), second: Number(second ?? 0), millisecond: fraction ? Math.floor(Number(fraction) * 1000) : 0 },
      { overflow: 'reject' },
    );
    const wall = date.toPlainDateTime(time);
    if (offset) {
      const normalised = offset === 'Z' ? 'Z' : offset.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
      return { instant: new Date(Temporal.Instant.from(`${wall.toString()}${normalised}`).epochMilliseconds) };
    }
    return { instant: new Date(wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds) };
  } catch {
    return { problem: 'not_an_instant' };
  }
}

const daysInMonth = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * readInstant's date-time with an offset, the common case (every API body's instant): the same
 * checks and answer as the Temporal path (a real date, year in range, hour 0–23, minute and second
 * 0–59, an offset of at most ±23:59), by arithmetic. A batch import reads a thousand of them, and
 * the polyfill's objects cost about a tenth of the batch's Node time (issue 21 §4 profile).
 */
function readOffsetInstant(match: RegExpExecArray): InstantReading {
  const [, yearText, monthText, dayText, hourText, minuteText, secondText, fraction, offset] = match;
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { problem: 'not_an_instant' };
  if (year < earliestYear || year > latestYear) return { problem: 'date_out_of_range' };
  const hour = Number(hourText);
  const minute = Number(minuteText);
  const second = Number(secondText ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return { problem: 'not_an_instant' };
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const [, sign, offsetHour, offsetMinute] = /^([+-])(\d{2}):?(\d{2})$/.exec(offset!)!;
    if (Number(offsetHour) > 23 || Number(offsetMinute) > 59) return { problem: 'not_an_instant' };
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(offsetHour) * 60 + Number(offsetMinute));
  }
  const millisecond = fraction ? Math.floor(Number(fraction) * 1000) : 0;
  return { instant: new Date(Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000) };
}

/** A calendar date 'YYYY-MM-DD' that exists, within earliestYear…latestYear. */
export function isRealDate(text: string): boolean {
  const reading = readInstant(text, 'UTC');
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && 'instant' in reading;
}

/** Decimal text of an id that fits int4 (1…2147483647), for zod `.regex()` on query and path strings. */
export const databaseIdPattern =
  /^(?:[1-9]\d{0,8}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])$/;
