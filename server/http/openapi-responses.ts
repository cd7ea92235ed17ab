import { z } from '@hono/zod-openapi';
import { errorSchema } from '../../contract/common.ts';

/**
 * Response entries for `createRoute({ responses })`. Success answers name their schema from
 * `contract/` (so the OpenAPI document describes every answer and the web app's types are the
 * same ones); every error answer is the one error shape. An answer that is not JSON names its real
 * content type with a string schema (binary for files), never an untyped `{}`.
 */
export function jsonResponse<Schema extends z.ZodType>(schema: Schema, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

/** A JSON answer with another JSON media type (`application/geo+json`). */
export function mediaResponse<Type extends string, Schema extends z.ZodType>(type: Type, schema: Schema, description: string) {
  return { content: { [type]: { schema } } as { [K in Type]: { schema: Schema } }, description };
}

/** A file or other bytes: workbooks, archives, photos, typed arrays. */
export function binaryResponse(type: string, description: string) {
  return { content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } }, description };
}

/** Text that is not JSON: XML, HTML, scripts, an event stream, NDJSON lines. */
export function textResponse(type: string, description: string, example?: string) {
  return { content: { [type]: { schema: z.string().openapi(example === undefined ? {} : { example }) } }, description };
}

export function errorResponse(description: string) {
  return { content: { 'application/json': { schema: errorSchema } }, description };
}
