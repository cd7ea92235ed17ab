import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { invalidRequest, problemFromZodIssue } from './failure.ts';

/**
 * Every router is made here so that a request that fails its zod schema always becomes the same
 * 400 naming the fields, with a problem code per field, whichever domain it belongs to.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidRequest(result.error.issues.map((issue) => problemFromZodIssue(issue, result.target)));
    },
  });
}
