import { Temporal } from 'temporal-polyfill';
import type { Queryable } from '../db/connect.ts';
import { readInstant } from '../http/strict-values.ts';

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

/** The zone's offset from UTC at an instant, from the time-zone database (Temporal), in milliseconds. */
function exactOffset(epoch: number, timeZone: string): number {
  return Temporal.Instant.fromEpochMilliseconds(epoch).toZonedDateTimeISO(timeZone).offsetNanoseconds / 1e6;
}

/**
 * Offsets by UTC day: when the zone's offset is the same at both ends of a UTC day it is the same
 * all day (a zone changes its offset at most once a day), so one database look-up serves every
 * instant of that day; a day with a change is answered instant by instant. The demo generator and
 * deadline arithmetic ask this of hundreds of thousands of instants.
 */
const dayOffsets = new Map<string, Map<number, number | null>>();

function offsetAt(epoch: number, timeZone: string): number {
  let byDay = dayOffsets.get(timeZone);
  if (!byDay) {
    byDay = new Map();
    dayOffsets.set(timeZone, byDay);
  }
  const dayStart = Math.floor(epoch / 86_400_000) * 86_400_000;
  let offset = byDay.get(dayStart);
  if (offset === undefined) {
    const first = exactOffset(dayStart, timeZone);
    offset = first === exactOffset(dayStart + 86_399_999, timeZone) ? first : null;
    if (byDay.size > 100_000) byDay.clear();
    byDay.set(dayStart, offset);
  }
  return offset ?? exactOffset(epoch, timeZone);
}

/** Dates by their number of days since 1970-01-01: 'YYYY-MM-DD' and its calendar facts. */
const datesByNumber = new Map<number, { day: string } & DayFacts>();

function dateOfNumber(dayNumber: number): { day: string } & DayFacts {
  let date = datesByNumber.get(dayNumber);
  if (!date) {
    const day = new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
    date = { day, ...factsOf(day) };
    if (datesByNumber.size > 100_000) datesByNumber.clear();
    datesByNumber.set(dayNumber, date);
  }
  return date;
}

/** The local date 'YYYY-MM-DD' of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  const epoch = instant.getTime();
  return dateOfNumber(Math.floor((epoch + offsetAt(epoch, timeZone)) / 86_400_000)).day;
}

/** Working-time arithmetic asks for the same few period boundaries again and again: remembered. */
const localInstants = new Map<string, Map<string, number>>();

/** The instant of a local date plus minutes after its midnight (a DST gap resolves forward, as a clock would). */
export function instantOfLocal(day: string, minutesAfterMidnight: number, timeZone: string): Date {
  let inZone = localInstants.get(timeZone);
  if (!inZone) {
    inZone = new Map();
    localInstants.set(timeZone, inZone);
  }
  const key = `${day} ${minutesAfterMidnight}`;
  let epoch = inZone.get(key);
  if (epoch === undefined) {
    const wall = Temporal.PlainDate.from(day).toPlainDateTime().add({ milliseconds: Math.round(minutesAfterMidnight * 60_000) });
    epoch = wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
    if (inZone.size > 100_000) inZone.clear();
    inZone.set(key, epoch);
  }
  return new Date(epoch);
}

/** The start of a local date in the zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return new Date(Temporal.PlainDate.from(day).toZonedDateTime({ timeZone }).epochMilliseconds);
}

/** Calendar facts of a date do not change: the next date and the weekday are remembered. */
interface DayFacts {
  next: string;
  weekday: number;
  month: number;
  dayOfYear: number;
}
const dayFacts = new Map<string, DayFacts>();

function factsOf(day: string): DayFacts {
  let facts = dayFacts.get(day);
  if (!facts) {
    const date = Temporal.PlainDate.from(day);
    facts = { next: date.add({ days: 1 }).toString(), weekday: date.dayOfWeek, month: date.month, dayOfYear: date.dayOfYear };
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
  // the one strict reading (server/http/strict-values.ts): real calendar dates, plausible years only
  const reading = readInstant(text, timeZone);
  return 'instant' in reading ? reading.instant : undefined;
}

/** The local date `days` after (or, negative, before) `day`. */
export function addLocalDays(day: string, days: number): string {
  return Temporal.PlainDate.from(day).add({ days }).toString();
}

/**
 * The wall clock of an instant in the zone: local date, hour, minute, and the date's weekday
 * (1 Monday … 7 Sunday), month and day of the year. For code that asks it of many instants (the demo
 * generator's daily rhythms): the offset comes from the time-zone database once per day.
 */
export function wallClock(instant: Date, timeZone: string): { day: string; hour: number; minute: number; weekday: number; month: number; dayOfYear: number } {
  const epoch = instant.getTime();
  const wall = epoch + offsetAt(epoch, timeZone);
  const dayNumber = Math.floor(wall / 86_400_000);
  const date = dateOfNumber(dayNumber);
  const millisecondsOfDay = wall - dayNumber * 86_400_000;
  return {
    day: date.day, hour: Math.floor(millisecondsOfDay / 3_600_000), minute: Math.floor((millisecondsOfDay % 3_600_000) / 60_000),
    weekday: date.weekday, month: date.month, dayOfYear: date.dayOfYear - 1,
  };
}
