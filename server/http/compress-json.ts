import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** JSON, GeoJSON and the other `+json` types; never a stream (NDJSON progress, event streams), never a binary. */
const jsonContentType = /^application\/(?:[\w.-]+\+)?json(?:[;\s]|$)/i;

/** The encoding to answer in: brotli when the client takes it, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...parameters] = part.trim().toLowerCase().split(';');
    const quality = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find(Boolean);
    accepted.set(name.trim(), quality === undefined ? 1 : Number(quality));
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return null;
}

/**
 * Compress JSON answers larger than `threshold` bytes (1 KB): the map's collections, case lists and
 * plan comparisons are megabytes of repetitive text that shrink tenfold. Answers smaller than that
 * are sent as they are (compression would cost more than it saves). The body is already a whole
 * string in memory (c.json), so reading it to measure costs nothing; compression runs on the libuv
 * thread pool, off the event loop. Used for /api, /ogc and /open311 (server/app.ts).
 */
/** Answers smaller than this are sent as they are (the lookup's fast path leaves larger ones to this middleware). */
export const compressionThresholdBytes = 1024;

export function compressJson(threshold = compressionThresholdBytes): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const response = c.res;
    // `response.body` is read last: on @hono/node-server it turns the light response (a string it
    // writes as it is) into a web Response with a ReadableStream, which cost more than the lookup itself
    if (c.req.method === 'HEAD' || response.status === 204 || response.status === 304 || response.headers.has('Content-Encoding')) return;
    if (!jsonContentType.test(response.headers.get('Content-Type') ?? '')) return;
    const vary = response.headers.get('Vary');
    if (!vary) response.headers.set('Vary', 'Accept-Encoding');
    else if (!/\baccept-encoding\b/i.test(vary) && vary !== '*') response.headers.set('Vary', `${vary}, Accept-Encoding`);
    const encoding = chooseEncoding(c.req.header('Accept-Encoding'));
    if (!encoding) return;
    const declaredLength = Number(response.headers.get('Content-Length') ?? Number.NaN);
    if (declaredLength < threshold || !response.body) return;
    const body = Buffer.from(await response.arrayBuffer());
    const compressed = body.length < threshold ? null
      : encoding === 'br'
        ? await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : await gzip(body, { level: 6 });
    // Hono copies the previous answer's headers onto a new one, so the lengths are set after
    c.res = new Response(compressed ?? body, response);
    if (compressed) c.res.headers.set('Content-Encoding', encoding);
    c.res.headers.set('Content-Length', String((compressed ?? body).length));
  };
}
