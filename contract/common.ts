import { z } from '@hono/zod-openapi';

/**
 * The API contract, shared by the server and the web app. The server answers with these schemas
 * (they are each route's response schema, so /api/openapi.json documents every answer); the web app
 * imports only their types (`import type`), so zod does not ride along into the browser bundle.
 * One file per resource; a schema is `<thing>Schema` and its type `<Thing>`.
 */

/** An instant as the API writes it: ISO 8601 in UTC (`2026-05-01T00:30:00.000Z`). */
export const instantSchema = z.string().openapi({ format: 'date-time', example: '2026-05-01T00:30:00.000Z' });
/** A calendar day in the zone's time zone: `2026-05-01`. */
export const daySchema = z.string().openapi({ format: 'date', example: '2026-05-01' });

const position = z.array(z.number()).min(2).max(3);
export const pointSchema = z.object({ type: z.literal('Point'), coordinates: position }).openapi('Point');
export const lineStringSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(position) }).openapi('LineString');
export const polygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }).openapi('Polygon');
export const multiPolygonSchema = z
  .object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) })
  .openapi('MultiPolygon');
export const multiPointSchema = z.object({ type: z.literal('MultiPoint'), coordinates: z.array(position) }).openapi('MultiPoint');
export const multiLineStringSchema = z
  .object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position)) })
  .openapi('MultiLineString');
/** Any GeoJSON geometry (for answers that carry more than one kind, e.g. problem spots). */
export const geometrySchema = z
  .union([pointSchema, lineStringSchema, polygonSchema, multiPointSchema, multiPolygonSchema, multiLineStringSchema])
  .openapi('Geometry');

/** A GeoJSON Feature with typed geometry and properties. */
export function featureSchema<G extends z.ZodType, P extends z.ZodType>(geometry: G, properties: P) {
  return z.object({ type: z.literal('Feature'), id: z.union([z.number(), z.string()]).optional(), geometry, properties });
}

/** A GeoJSON FeatureCollection of such features. */
export function featureCollectionSchema<F extends z.ZodType>(feature: F) {
  return z.object({ type: z.literal('FeatureCollection'), features: z.array(feature) });
}

/** One problem with one field of a request (`details.fields[i]` of a 400). */
export const fieldProblemSchema = z
  .object({ field: z.string(), code: z.string(), params: z.record(z.string(), z.unknown()), message: z.string() })
  .openapi('FieldProblem');

/** Every error answer: a stable `code`, a `message` in the request's language, and `details`. */
export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown() }) })
  .openapi('Error');
export type ApiErrorBody = z.infer<typeof errorSchema>;
/** A geometry as the API answers it (no GeometryCollection). */
export type Geometry = z.infer<typeof geometrySchema>;
export type MultiPolygon = z.infer<typeof multiPolygonSchema>;
export type FieldProblem = z.infer<typeof fieldProblemSchema>;
