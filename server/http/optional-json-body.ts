import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { invalidRequest, problem, problemFromZodIssue } from './failure.ts';

/**
 * The body of a route whose body may be left out (undo, publish now): no body is `{}`; a body that
 * is there must be JSON and pass the schema, or the answer is 400 naming the field — the same
 * answer a required body gets from the router's validation hook.
 */
export async function optionalJsonBody<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.infer<Schema>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw invalidRequest([problem('body', 'not_json', {})]);
    }
  }
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw invalidRequest(parsed.error.issues.map((issue) => problemFromZodIssue(issue, 'body')));
  }
  return parsed.data;
}
