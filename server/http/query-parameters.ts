import { z } from '@hono/zod-openapi';

/**
 * Shared query-string schemas. Each names its field in its messages, so a 400 says exactly
 * which parameter was wrong.
 */

/** `bbox=minLng,minLat,maxLng,maxLat` in WGS84 degrees. */
export const bboxParameter = z
  .string()
  .transform((text, context) => {
    const parts = text.split(',').map((part) => Number(part.trim()));
    if (parts.length !== 4 || parts.some((value) => !Number.isFinite(value)) || text.trim() === '') {
      context.addIssue({ code: 'custom', message: 'bbox must be four numbers: minLng,minLat,maxLng,maxLat' });
      return z.NEVER;
    }
    const [minLng, minLat, maxLng, maxLat] = parts as [number, number, number, number];
    if (minLng < -180 || maxLng > 180 || minLat < -90 || maxLat > 90) {
      context.addIssue({ code: 'custom', message: 'bbox is outside -180..180 / -90..90' });
      return z.NEVER;
    }
    if (minLng > maxLng || minLat > maxLat) {
      context.addIssue({ code: 'custom', message: 'bbox minimum is greater than its maximum' });
      return z.NEVER;
    }
    return { minLng, minLat, maxLng, maxLat };
  })
  .openapi({ param: { name: 'bbox', in: 'query' }, example: '117.20,31.80,117.30,31.90', type: 'string' });

export type Bbox = { minLng: number; minLat: number; maxLng: number; maxLat: number };

function coordinate(name: 'lng' | 'lat', limit: number) {
  return z
    .string()
    .transform((text, context) => {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) {
        context.addIssue({ code: 'custom', message: `${name} must be a number` });
        return z.NEVER;
      }
      if (Math.abs(value) > limit) {
        context.addIssue({ code: 'custom', message: `${name} must be between -${limit} and ${limit}` });
        return z.NEVER;
      }
      return value;
    })
    .openapi({ param: { name, in: 'query' }, type: 'number' });
}
export const longitudeParameter = coordinate('lng', 180);
export const latitudeParameter = coordinate('lat', 90);

/** An ISO 8601 date or date-time; a bare date means its start in the zone's time zone (UTC+8). */
export const instantParameter = (name: string) =>
  z
    .string()
    .transform((text, context) => {
      const trimmed = text.trim();
      const withZone = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00+08:00` : trimmed;
      const valid = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(withZone);
      const instant = new Date(withZone);
      if (!valid || Number.isNaN(instant.getTime())) {
        context.addIssue({ code: 'custom', message: `${name} must be an ISO 8601 date or date-time, e.g. 2026-05-01 or 2026-05-01T08:00:00+08:00` });
        return z.NEVER;
      }
      return instant;
    })
    .openapi({ param: { name, in: 'query' }, type: 'string', format: 'date-time' });

export const idParameter = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'id must be a positive integer')
  .transform(Number)
  .openapi({ param: { name: 'id', in: 'path' }, type: 'integer' });

export const limitParameter = (maximum: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((text, context) => {
      if (text === undefined) return fallback;
      const value = Number(text);
      if (!Number.isInteger(value) || value < 1 || value > maximum) {
        context.addIssue({ code: 'custom', message: `limit must be an integer from 1 to ${maximum}` });
        return z.NEVER;
      }
      return value;
    })
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer' });
