import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { toXml } from './open311-format.ts';

/** GeoReport v2 errors: a list of {code, description}, one per problem, in the format the path asked for. */
export function open311ErrorResponse(c: Context, status: number, descriptions: string[]) {
  const errors = descriptions.map((description) => ({ code: status, description }));
  if (c.req.path.endsWith('.xml')) {
    return c.body(toXml('errors', 'error', errors), status as ContentfulStatusCode, { 'Content-Type': 'application/xml; charset=utf-8' });
  }
  return c.json(errors, status as ContentfulStatusCode);
}
