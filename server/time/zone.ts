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

/** The local date 'YYYY-MM-DD' of an instant. */
export function localDate(instant: Date, timeZone: string): string {
  return zoned(instant, timeZone).toPlainDate().toString();
}

/** The instant of a local date plus minutes after its midnight (a DST gap resolves forward, as a clock would). */
export function instantOfLocal(day: string, minutesAfterMidnight: number, timeZone: string): Date {
  const midnight = Temporal.PlainDate.from(day).toZonedDateTime({ timeZone });
  const wall = midnight.toPlainDateTime().add({ milliseconds: Math.round(minutesAfterMidnight * 60_000) });
  return new Date(wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds);
}

/** The start of a local date in the zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return new Date(Temporal.PlainDate.from(day).toZonedDateTime({ timeZone }).epochMilliseconds);
}

/** The local date after `day`. */
export function nextLocalDate(day: string): string {
  return Temporal.PlainDate.from(day).add({ days: 1 }).toString();
}

/** ISO weekday (1 Monday … 7 Sunday) of a local date. */
export function isoWeekdayOf(day: string): number {
  return Temporal.PlainDate.from(day).dayOfWeek;
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
