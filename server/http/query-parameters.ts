import { z } from '@hono/zod-openapi';
import { zoneTimeZoneForMessages } from '../time/zone.ts';
import { earliestYear, latestYear, maximumDatabaseId, parseDatabaseId, parseDecimal, parseWholeNumber, readInstant } from './strict-values.ts';

/**
 * Shared query-string schemas. Each refuses what it cannot read exactly (no '' as 0, no hex, no
 * rolled-over dates; strict-values.ts) with a problem code, so a 400 names the parameter and says
 * what is wrong in the caller's language.
 */

/** `bbox=minLng,minLat,maxLng,maxLat` in WGS84 degrees. */
export const bboxParameter = z
  .string()
  .transform((text, context) => {
    const parts = text.split(',').map(parseDecimal);
    if (parts.length !== 4 || parts.some((value) => value === undefined)) {
      context.addIssue({ code: 'custom', params: { problem: 'bbox_format' } });
      return z.NEVER;
    }
    const [minLng, minLat, maxLng, maxLat] = parts as [number, number, number, number];
    if (minLng < -180 || maxLng > 180 || minLat < -90 || maxLat > 90) {
      context.addIssue({ code: 'custom', params: { problem: 'bbox_range' } });
      return z.NEVER;
    }
    if (minLng > maxLng || minLat > maxLat) {
      context.addIssue({ code: 'custom', params: { problem: 'bbox_reversed' } });
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
      const value = parseDecimal(text);
      if (value === undefined) {
        context.addIssue({ code: 'custom', params: { problem: 'not_a_decimal_number' } });
        return z.NEVER;
      }
      if (Math.abs(value) > limit) {
        context.addIssue({ code: 'custom', params: { problem: name === 'lng' ? 'longitude_out_of_range' : 'latitude_out_of_range' } });
        return z.NEVER;
      }
      return value;
    })
    .openapi({ param: { name, in: 'query' }, type: 'number' });
}
export const longitudeParameter = coordinate('lng', 180);
export const latitudeParameter = coordinate('lat', 90);

/**
 * An ISO 8601 date or date-time that exists on the calendar, in years earliestYear…latestYear; a
 * bare date means its start in the zone's time zone.
 */
export const instantParameter = (name: string) =>
  z
    .string()
    .transform((text, context) => {
      const reading = readInstant(text, zoneTimeZoneForMessages());
      if ('problem' in reading) {
        context.addIssue({
          code: 'custom',
          params: reading.problem === 'date_out_of_range' ? { problem: 'date_out_of_range', minimumYear: earliestYear, maximumYear: latestYear } : { problem: 'not_an_instant' },
        });
        return z.NEVER;
      }
      return reading.instant;
    })
    .openapi({ param: { name, in: 'query' }, type: 'string', format: 'date-time' });

/** A path id: decimal digits that fit the int4 id columns (a larger one could only fail in the database). */
export const idParameter = z
  .string()
  .regex(/^[1-9][0-9]*$/)
  .transform((text, context) => {
    const value = parseDatabaseId(text);
    if (value === undefined) {
      context.addIssue({ code: 'custom', params: { problem: 'id_out_of_range', maximum: maximumDatabaseId } });
      return z.NEVER;
    }
    return value;
  })
  .openapi({ param: { name: 'id', in: 'path' }, type: 'integer' });

/** An id in a JSON body: an integer that fits the int4 id columns. */
export const databaseIdSchema = z.number().int().min(1).max(maximumDatabaseId);

/** An optional id in a query string (`communityId=7`). */
export const idQueryParameter = (name: string) =>
  z
    .string()
    .optional()
    .transform((text, context) => {
      if (text === undefined) return undefined;
      const value = parseDatabaseId(text);
      if (value === undefined) {
        context.addIssue({ code: 'custom', params: { problem: 'id_out_of_range', maximum: maximumDatabaseId } });
        return z.NEVER;
      }
      return value;
    })
    .openapi({ param: { name, in: 'query' }, type: 'integer' });

export const limitParameter = (maximum: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((text, context) => {
      if (text === undefined) return fallback;
      const value = parseWholeNumber(text, 1, maximum);
      if (value === undefined) {
        context.addIssue({ code: 'custom', params: { problem: 'out_of_range', minimum: 1, maximum } });
        return z.NEVER;
      }
      return value;
    })
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer' });

/**
 * `lang=zh-CN|en` on a file download: a link the browser follows cannot set `Accept-Language`,
 * so a workbook's labels follow this parameter, else the header (zh-CN by default).
 */
export const fileLanguageParameter = z
  .enum(['zh-CN', 'en'])
  .optional()
  .openapi({ param: { name: 'lang', in: 'query' }, example: 'zh-CN', description: 'the language of the file’s labels (default: Accept-Language, else zh-CN)' });
