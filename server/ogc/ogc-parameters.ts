import { invalidRequest, problem } from '../http/failure.ts';
import { earliestYear, latestYear, parseDecimal, parseWholeNumber, readInstant } from '../http/strict-values.ts';

/**
 * Query parameters of OGC API – Features Part 1 (bbox, datetime, limit, offset), parsed by hand
 * because the standard's grammar (open intervals `../2026-01-01`) is not a zod shape worth having.
 * Every failure names the parameter.
 */
export interface OgcQuery {
  bbox?: [number, number, number, number];
  /** Half-open instant interval; undefined ends are open. */
  datetime?: { start?: Date; end?: Date };
  limit: number;
  offset: number;
}

export const ogcDefaultLimit = 100;
export const ogcMaximumLimit = 10_000;
const knownParameters = new Set(['bbox', 'bbox-crs', 'datetime', 'limit', 'offset', 'f', 'apikey']);

export function parseOgcQuery(query: Record<string, string>): OgcQuery {
  const unknown = Object.keys(query).filter((name) => !knownParameters.has(name));
  if (unknown.length > 0) {
    throw invalidRequest(unknown.map((name) => problem(name, 'unknown_parameter', { known: 'bbox, datetime, limit, offset' })));
  }
  const result: OgcQuery = { limit: ogcDefaultLimit, offset: 0 };
  if (query['bbox-crs'] !== undefined && !/CRS84$/.test(query['bbox-crs'])) {
    throw invalidRequest([problem('bbox-crs', 'only_crs84', {})]);
  }
  if (query.bbox !== undefined) {
    const parts = query.bbox.split(',').map(parseDecimal) as number[];
    if ((parts.length !== 4 && parts.length !== 6) || parts.some((value) => value === undefined)) {
      throw invalidRequest([problem('bbox', 'ogc_bbox_format', {})]);
    }
    const [minX, minY, maxX, maxY] = parts.length === 6 ? [parts[0]!, parts[1]!, parts[3]!, parts[4]!] : (parts as [number, number, number, number]);
    if (minY > maxY || minY < -90 || maxY > 90 || minX < -180 || maxX > 180) {
      throw invalidRequest([problem('bbox', 'ogc_bbox_range', {})]);
    }
    result.bbox = [minX, minY, maxX, maxY];
  }
  if (query.datetime !== undefined) result.datetime = parseDatetime(query.datetime);
  if (query.limit !== undefined) {
    const limit = parseWholeNumber(query.limit, 1, Number.MAX_SAFE_INTEGER);
    if (limit === undefined) throw invalidRequest([problem('limit', 'not_a_positive_integer', {})]);
    // the standard lets a server lower a limit that is too large rather than refuse it
    result.limit = Math.min(limit, ogcMaximumLimit);
  }
  if (query.offset !== undefined) {
    // an offset beyond int4 can select nothing real and would overflow the query's OFFSET
    const offset = parseWholeNumber(query.offset, 0, 2 ** 31 - 1);
    if (offset === undefined) throw invalidRequest([problem('offset', 'not_a_non_negative_integer', {})]);
    result.offset = offset;
  }
  return result;
}

function parseInstant(text: string): Date {
  // RFC 3339: a date-time carries its offset; a bare date is read in UTC as the standard's examples do
  const reading = readInstant(text, 'UTC');
  if ('problem' in reading) {
    throw invalidRequest([reading.problem === 'date_out_of_range'
      ? problem('datetime', 'date_out_of_range', { minimumYear: earliestYear, maximumYear: latestYear })
      : problem('datetime', 'not_an_rfc3339_interval', {})]);
  }
  return reading.instant;
}

/** `instant`, `start/end`, `../end`, `start/..`: an instant is the one-millisecond interval at it. */
export function parseDatetime(text: string): { start?: Date; end?: Date } {
  if (!text.includes('/')) {
    const instant = parseInstant(text);
    return { start: instant, end: new Date(instant.getTime() + 1) };
  }
  const [startText, endText, ...rest] = text.split('/');
  if (rest.length > 0 || startText === undefined || endText === undefined) {
    throw invalidRequest([problem('datetime', 'not_an_rfc3339_interval', {})]);
  }
  const open = (part: string) => part === '..' || part === '';
  const start = open(startText) ? undefined : parseInstant(startText);
  const end = open(endText) ? undefined : parseInstant(endText);
  if (start && end && start > end) throw invalidRequest([problem('datetime', 'interval_reversed', {})]);
  return { ...(start ? { start } : {}), ...(end ? { end: new Date(end.getTime() + 1) } : {}) };
}
