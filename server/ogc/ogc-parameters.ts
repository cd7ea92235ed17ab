import { invalidRequest } from '../http/failure.ts';

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
    throw invalidRequest(unknown.map((name) => ({ field: name, message: `unknown parameter; use bbox, datetime, limit, offset` })));
  }
  const result: OgcQuery = { limit: ogcDefaultLimit, offset: 0 };
  if (query['bbox-crs'] !== undefined && !/CRS84$/.test(query['bbox-crs'])) {
    throw invalidRequest([{ field: 'bbox-crs', message: 'only http://www.opengis.net/def/crs/OGC/1.3/CRS84 is supported' }]);
  }
  if (query.bbox !== undefined) {
    const parts = query.bbox.split(',').map(Number);
    if ((parts.length !== 4 && parts.length !== 6) || parts.some((value) => !Number.isFinite(value))) {
      throw invalidRequest([{ field: 'bbox', message: 'bbox must be four numbers: minLon,minLat,maxLon,maxLat' }]);
    }
    const [minX, minY, maxX, maxY] = parts.length === 6 ? [parts[0]!, parts[1]!, parts[3]!, parts[4]!] : (parts as [number, number, number, number]);
    if (minY > maxY || minY < -90 || maxY > 90 || minX < -180 || maxX > 180) {
      throw invalidRequest([{ field: 'bbox', message: 'bbox is outside -180..180 / -90..90 or its latitudes are reversed' }]);
    }
    result.bbox = [minX, minY, maxX, maxY];
  }
  if (query.datetime !== undefined) result.datetime = parseDatetime(query.datetime);
  if (query.limit !== undefined) {
    const limit = Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1) throw invalidRequest([{ field: 'limit', message: 'limit must be a positive integer' }]);
    // the standard lets a server lower a limit that is too large rather than refuse it
    result.limit = Math.min(limit, ogcMaximumLimit);
  }
  if (query.offset !== undefined) {
    const offset = Number(query.offset);
    if (!Number.isInteger(offset) || offset < 0) throw invalidRequest([{ field: 'offset', message: 'offset must be a non-negative integer' }]);
    result.offset = offset;
  }
  return result;
}

function parseInstant(text: string): Date {
  const instant = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(instant.getTime())) {
    throw invalidRequest([{ field: 'datetime', message: `${text} is not an RFC 3339 date-time (e.g. 2026-05-01T00:00:00Z) or interval (a/b, ../b, a/..)` }]);
  }
  return instant;
}

/** `instant`, `start/end`, `../end`, `start/..`: an instant is the one-millisecond interval at it. */
export function parseDatetime(text: string): { start?: Date; end?: Date } {
  if (!text.includes('/')) {
    const instant = parseInstant(text);
    return { start: instant, end: new Date(instant.getTime() + 1) };
  }
  const [startText, endText, ...rest] = text.split('/');
  if (rest.length > 0 || startText === undefined || endText === undefined) {
    throw invalidRequest([{ field: 'datetime', message: 'an interval has exactly one /' }]);
  }
  const open = (part: string) => part === '..' || part === '';
  const start = open(startText) ? undefined : parseInstant(startText);
  const end = open(endText) ? undefined : parseInstant(endText);
  if (start && end && start > end) throw invalidRequest([{ field: 'datetime', message: 'the interval ends before it starts' }]);
  return { ...(start ? { start } : {}), ...(end ? { end: new Date(end.getTime() + 1) } : {}) };
}
