import { Hono, type MiddlewareHandler } from 'hono';
import { findAccessRule } from '../accounts/access-policy.ts';
import { chooseEncoding, compressionThresholdBytes } from '../http/compress-json.ts';
import type { AppEnv } from '../http/app-env.ts';
import { lookupQuerySchema, type LookupAnswer, type LookupAnswerer } from './lookup.routes.ts';

/** `lng=…&lat=…` and nothing else, digits, sign and point only: no escapes, so no decoding rule applies. */
const plainQuery = /^lng=([-0-9.]{1,40})&lat=([-0-9.]{1,40})$/;

/**
 * `GET /api/lookup` for the common case, answered before the middleware chain: the resident's
 * "which grid am I in", the hottest route (issue 21 target 1). It answers only when the chain would
 * have nothing to add, and the chain answers everything else:
 * - no Cookie header: the caller is anonymous, so authentication has nothing to resolve and the
 *   access rule (`everyone`, checked when the app is built) admits them;
 * - a query of exactly `lng` and `lat` in plain digits: nothing for the request-line guard to
 *   refuse; both are then validated by the route's own zod schema, and a refusal goes to the route
 *   (which answers the usual 400);
 * - a point inside a grid, or a matching If-None-Match (304): outside every grid the route asks
 *   the database for the nearest community;
 * - an answer under compress-json's threshold, or a client that takes no compression.
 * The answer carries the same headers as through the chain: the secure headers are those Hono's
 * middleware sets with the app's options (computed once by running it), and
 * test/scale/lookup-fast-path.test.ts compares both paths header by header. Lookups are not rate
 * limited and write no audit row, on either path.
 */
export function lookupFastPath(options: {
  answerer: LookupAnswerer;
  /** The app's secure-headers middleware (server/app.ts), run once on a probe to learn its headers. */
  secureHeaders: MiddlewareHandler;
  /** X-GridAtlas-Process in a cluster (server/cluster.ts). */
  processIndex: string | undefined;
}): MiddlewareHandler<AppEnv> {
  // should the policy ever restrict the lookup, every request goes through authentication again
  const enabled = findAccessRule('GET', '/api/lookup') === 'everyone';
  let fixedHeaders: Promise<Record<string, string>> | undefined;
  // the whole header set depends only on (validator, length): made once, frozen, shared by the answers
  const headerSets = new Map<string, Readonly<Record<string, string>>>();
  const headersFor = async (answer: LookupAnswer & { kind: 'grid' | 'not-modified' }) => {
    const key = answer.kind === 'grid' ? `${answer.etag} ${answer.bytes}` : answer.etag;
    let headers = headerSets.get(key);
    if (headers === undefined) {
      fixedHeaders ??= secureHeadersOf(options.secureHeaders).then((secure) => ({
        ...(options.processIndex === undefined ? {} : { 'x-gridatlas-process': options.processIndex }),
        ...secure,
      }));
      const made: Record<string, string> = { ...(await fixedHeaders), etag: answer.etag, 'cache-control': answer.cacheControl };
      if (answer.kind === 'grid') {
        made['content-type'] = 'application/json';
        made['content-length'] = String(answer.bytes);
        made.vary = 'Accept-Encoding';
      }
      headers = Object.freeze(made);
      if (headerSets.size >= 1000) headerSets.clear();
      headerSets.set(key, headers);
    }
    return headers;
  };
  return async (c, next) => {
    if (!enabled || c.req.method !== 'GET' || c.req.header('cookie') !== undefined) return next();
    const url = c.req.url;
    const queryStart = url.indexOf('?');
    const match = queryStart < 0 ? null : plainQuery.exec(url.slice(queryStart + 1));
    if (!match) return next();
    const query = lookupQuerySchema.safeParse({ lng: match[1], lat: match[2] });
    if (!query.success) return next();
    const answer = await options.answerer(query.data.lng, query.data.lat, c.req.header('if-none-match'));
    if (answer.kind === 'outside') return next();
    if (answer.kind === 'grid' && answer.bytes >= compressionThresholdBytes && chooseEncoding(c.req.header('accept-encoding'))) return next();
    const headers = headerSets.get(answer.kind === 'grid' ? `${answer.etag} ${answer.bytes}` : answer.etag) ?? (await headersFor(answer));
    return answer.kind === 'grid' ? new Response(answer.body, { status: 200, headers }) : new Response(null, { status: 304, headers });
  };
}

/** The headers a secure-headers middleware adds to an answer that has none of them. */
async function secureHeadersOf(middleware: MiddlewareHandler): Promise<Record<string, string>> {
  const probe = new Hono();
  probe.use('*', middleware);
  probe.get('/', (c) => c.body(null, 204));
  const response = await probe.request('/');
  return Object.fromEntries(response.headers);
}
