import { Temporal } from 'temporal-polyfill';
import type { Queryable } from '../db/connect.ts';

/**
 * The zone's one clock. Everything a person reads as a date or a time of day — KPI periods,
 * deadlines, "today" for inspections and extinguisher expiry, file-name stamps, Open311 times — is
 * in the IANA time zone of policy `zone_time_zone`, and calendar arithmetic is done by Temporal
 * (daylight saving and all), never by adding an offset to UTC.
 */

/** Where policy has no zone yet (a database before migration 0004). */
export const defaultTimeZone = 'Asia/Shanghai';

let lastReadZone = defaultTimeZone;

/** The territory's IANA time zone (policy `zone_time_zone`). */
export async function zoneTimeZone(sql: Queryable): Promise<string> {
  const [zone] = await sql<{ timeZone: string | null }[]>`select value #>> '{}' as time_zone from policy where key = 'zone_time_zone'`;
  lastReadZone = validTimeZone(zone?.timeZone) ?? defaultTimeZone;
  return lastReadZone;
}

/**
 * The zone as last read from policy, for rendering messages (server/messages), which have no
 * database: every request that shows a time has read the policy on its way, and the zone of a
 * territory does not change between two requests.
 */
export function zoneTimeZoneForMessages(): string {
  return lastReadZone;
}

function validTimeZone(name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  try {
    Temporal.Now.zonedDateTimeISO(name);
    return name;
  } catch {
    return undefined;
  }
}

/** The same zone in SQL, read from policy in the statement itself: `(now() at time zone …)::date`. */
export function zoneNameSql(sql: Queryable) {
  return sql`coalesce((select value #>> '{}' from policy where key = 'zone_time_zone'), ${defaultTimeZone})`;
}

/** Today's date in the zone, in SQL. */
export function zoneTodaySql(sql: Queryable) {
  return sql`(now() at time zone ${zoneNameSql(sql)})::date`;
}

const zoned = (instant: Date, timeZone: string) => Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);

/** One formatter per zone: the platform's time-zone data answers the local date (en-CA writes YYYY-MM-DD). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The local date 'YYYY-MM-DD' of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

/** Working-time arithmetic asks for the same few period boundaries again and again: remembered. */
const localInstants = new Map<string, number>();

/** The instant of a local date plus minutes after its midnight (a DST gap resolves forward, as a clock would). */
export function instantOfLocal(day: string, minutesAfterMidnight: number, timeZone: string): Date {
  const key = `${timeZone} ${day} ${minutesAfterMidnight}`;
  let epoch = localInstants.get(key);
  if (epoch === undefined) {
    const wall = Temporal.PlainDate.from(day).toPlainDateTime().add({ milliseconds: Math.round(minutesAfterMidnight * 60_000) });
    epoch = wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
    if (localInstants.size > 100_000) localInstants.clear();
    localInstants.set(key, epoch);
  }
  return new Date(epoch);
}

/** The start of a local date in the zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return new Date(Temporal.PlainDate.from(day).toZonedDateTime({ timeZone }).epochMilliseconds);
}

/** Calendar facts of a date do not change: the next date and the weekday are remembered. */
const dayFacts = new Map<string, { next: string; weekday: number }>();

function factsOf(day: string): { next: string; weekday: number } {
  let facts = dayFacts.get(day);
  if (!facts) {
    const date = Temporal.PlainDate.from(day);
    facts = { next: date.add({ days: 1 }).toString(), weekday: date.dayOfWeek };
    if (dayFacts.size > 100_000) dayFacts.clear();
    dayFacts.set(day, facts);
  }
  return facts;
}

/** The local date after `day`. */
export function nextLocalDate(day: string): string {
  return factsOf(day).next;
}

/** ISO weekday (1 Monday … 7 Sunday) of a local date. */
export function isoWeekdayOf(day: string): number {
  return factsOf(day).weekday;
}

/** The same local wall-clock time `years` earlier (29 February becomes 28 February). */
export function yearsEarlier(instant: Date, years: number, timeZone: string): Date {
  return new Date(zoned(instant, timeZone).subtract({ years }, { overflow: 'constrain' }).epochMilliseconds);
}

/** 'YYYY-MM-DD HH:mm' in the zone: for ledgers and workbooks. */
export function localDateTimeText(instant: Date, timeZone: string): string {
  const time = zoned(instant, timeZone);
  return `${time.toPlainDate().toString()} ${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** ISO 8601 with the zone's offset at that instant: 2026-06-15T10:00:00+08:00 (Open311's wire format). */
export function isoWithZoneOffset(instant: Date, timeZone: string): string {
  const time = zoned(instant, timeZone);
  const plain = time.toPlainDateTime().round({ smallestUnit: 'second', roundingMode: 'floor' }).toString();
  return `${plain}${time.offset}`;
}

/**
 * A date or a date-time as people write them: a bare date is the start of that day in the zone; a
 * date-time without an offset is local time in the zone; one with an offset is that instant.
 * Undefined when the text is not one of those.
 */
export function instantFromLocalText(text: string, timeZone: string): Date | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) return undefined;
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return startOfLocalDay(trimmed, timeZone);
    const normalised = trimmed.replace(' ', 'T');
    if (/(Z|[+-]\d{2}:?\d{2})$/.test(normalised)) {
      return new Date(Temporal.Instant.from(normalised.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')).epochMilliseconds);
    }
    return new Date(Temporal.PlainDateTime.from(normalised).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds);
  } catch {
    return undefined;
  }
}

/** The local date `days` after (or, negative, before) `day`. */
export function addLocalDays(day: string, days: number): string {
  return Temporal.PlainDate.from(day).add({ days }).toString();
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall clock of an instant in the zone: local date, hour, minute, and the date's weekday
 * (1 Monday … 7 Sunday), month and day of the year. For code that asks it of many instants (the demo
 * generator's daily rhythms): one cached formatter, the date's facts remembered.
 */
export function wallClock(instant: Date, timeZone: string): { day: string; hour: number; minute: number; weekday: number; month: number; dayOfYear: number } {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = part.value;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const date = Temporal.PlainDate.from(day);
  return { day, hour: Number(parts.hour), minute: Number(parts.minute), weekday: factsOf(day).weekday, month: date.month, dayOfYear: date.dayOfYear - 1 };
}
