import type { z } from '@hono/zod-openapi';
import { errorSchema } from '../../contract/common.ts';

/**
 * Response entries for `createRoute({ responses })`. Success answers name their schema from
 * `contract/` (so the OpenAPI document describes every answer and the web app's types are the
 * same ones); every error answer is the one error shape.
 */
export function jsonResponse<Schema extends z.ZodType>(schema: Schema, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export function errorResponse(description: string) {
  return { content: { 'application/json': { schema: errorSchema } }, description };
}
