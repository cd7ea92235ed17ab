import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import { Failure, invalidRequest, problem } from './failure.ts';
import { findForbiddenText, hasForbiddenCharacter } from './text-rules.ts';

/**
 * The first reading of every request, before any route sees it: a path or query that is not
 * valid percent-encoding, or that decodes to a character no text column can store (NUL, a lone
 * surrogate), is a 400 naming the part. Used by app.ts for every path (the web app's too), so no
 * route has to remember it and none can fail later with a decoding or database error.
 */
export function requestLineGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = c.req.url;
    const queryStart = url.indexOf('?');
    const pathStart = url.indexOf('/', url.indexOf('//') + 2);
    const rawPath = url.slice(pathStart < 0 ? url.length : pathStart, queryStart < 0 ? undefined : queryStart);
    const decodedPath = decodeOrUndefined(rawPath);
    if (decodedPath === undefined) throw invalidRequest([problem('path', 'bad_percent_encoding', {})]);
    if (hasForbiddenCharacter(decodedPath)) throw invalidRequest([problem('path', 'forbidden_character', {})]);
    if (queryStart >= 0) {
      const query = url.slice(queryStart + 1).split('#')[0]!;
      for (const pair of query.split('&')) {
        if (pair === '') continue;
        const equals = pair.indexOf('=');
        const rawName = equals < 0 ? pair : pair.slice(0, equals);
        const name = decodeOrUndefined(rawName.replace(/\+/g, ' '));
        if (name === undefined || hasForbiddenCharacter(name)) throw invalidRequest([problem('query', 'bad_percent_encoding', {})]);
        const value = decodeOrUndefined((equals < 0 ? '' : pair.slice(equals + 1)).replace(/\+/g, ' '));
        if (value === undefined) throw invalidRequest([problem(name, 'bad_percent_encoding', {})]);
        if (hasForbiddenCharacter(value)) throw invalidRequest([problem(name, 'forbidden_character', {})]);
      }
    }
    await next();
  };
}

/**
 * The body's text fields under the same rule: a JSON body (any `…json` media type) is walked and
 * the first string holding NUL or a lone surrogate is named; a form body (multipart or urlencoded)
 * that cannot be parsed at all is a 400 rather than a TypeError deep in a handler. A JSON body that
 * is not JSON is left to the route, which answers its own `not_json`. Runs after the access check,
 * so an anonymous caller cannot make the server read a body for a route it may not call. Upload
 * routes are left out: they read their own bodies under their own limits (readMultipartForm).
 */
export function requestBodyGuard(uploadRoutes: ReadonlySet<string>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    // uploads (photos, import files) are read under their own size limits by their routes, never here
    if (uploadRoutes.has(c.req.path)) return next();
    const contentType = (c.req.header('content-type') ?? '').toLowerCase();
    const mediaType = contentType.split(';')[0]!.trim();
    if (/^application\/([\w.-]+\+)?json$/.test(mediaType)) {
      const text = await c.req.text();
      // JSON text holds a NUL or a lone surrogate in a string or key only raw (caught by the test on
      // the whole text) or as a \u escape: a body with neither passes without being parsed and
      // walked here (the route parses it anyway; a batch import is a thousand items, issue 21 §4)
      if (!text.includes('\\u') && !hasForbiddenCharacter(text)) return next();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return next();
      }
      const field = findForbiddenText(value);
      if (field !== undefined) throw invalidRequest([problem(field, 'forbidden_character', {})]);
    } else if (mediaType === 'multipart/form-data' || mediaType === 'application/x-www-form-urlencoded') {
      let form: Record<string, unknown>;
      try {
        form = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
      } catch {
        throw invalidRequest([problem('body', 'malformed_form', {})]);
      }
      for (const [name, value] of Object.entries(form)) {
        const values = Array.isArray(value) ? value : [value];
        if (hasForbiddenCharacter(name)) throw invalidRequest([problem('body', 'forbidden_character', {})]);
        if (values.some((entry) => typeof entry === 'string' && hasForbiddenCharacter(entry))) {
          throw invalidRequest([problem(name, 'forbidden_character', {})]);
        }
      }
    }
    return next();
  };
}

function decodeOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * The form of a multipart or urlencoded upload, for the routes that read their own bodies (photos,
 * import files): a body that cannot be parsed is a 400 `malformed_form`, not a TypeError.
 */
export async function readMultipartForm(c: Context): Promise<Record<string, string | File>> {
  try {
    return await c.req.parseBody();
  } catch (error) {
    if (error instanceof Failure) throw error; // the route's own size limit
    throw invalidRequest([problem('body', 'malformed_form', {})]);
  }
}
