import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
import { chooseEncoding } from '../http/compress-json.ts';
import { webOutputDirectory } from './web-build.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

interface CachedFile {
  mtimeMs: number;
  body: Uint8Array<ArrayBuffer>;
}

/**
 * Files read once and kept: the build is a few MB and does not change while the server runs
 * (a rebuild changes mtimes, which the cache checks, so `npm run build` beside a running server
 * is still picked up).
 */
const cache = new Map<string, CachedFile | null>();

function readCached(file: string): Uint8Array<ArrayBuffer> | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    cache.set(file, null);
    return null;
  }
  if (!stat.isFile()) return null;
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs) return cached.body;
  const body = new Uint8Array(fs.readFileSync(file));
  cache.set(file, { mtimeMs: stat.mtimeMs, body });
  return body;
}

/**
 * A built file in the best encoding the client accepts: the build wrote brotli (`.br`) and gzip
 * (`.gz`) twins of every text file over 1 KB (vite.config.ts), so nothing is compressed per request.
 */
function answerFile(file: string, acceptEncoding: string | undefined, cacheControl: string): Response | null {
  const plain = readCached(file);
  if (!plain) return null;
  const headers: Record<string, string> = {
    'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': cacheControl,
    Vary: 'Accept-Encoding',
  };
  const preferred = chooseEncoding(acceptEncoding);
  const candidates = preferred === 'br' ? (['br', 'gzip'] as const) : preferred === 'gzip' ? (['gzip'] as const) : [];
  for (const encoding of candidates) {
    const twin = readCached(`${file}.${encoding === 'br' ? 'br' : 'gz'}`);
    if (twin) return new Response(twin, { headers: { ...headers, 'Content-Encoding': encoding, 'Content-Length': String(twin.byteLength) } });
  }
  return new Response(plain, { headers: { ...headers, 'Content-Length': String(plain.byteLength) } });
}

/**
 * Serve the built web app on the API's origin. Hashed assets (`assets/`, their names change with
 * their content) are cached for a year as immutable; anything else is revalidated. Any other path
 * that is not a file gets index.html, so client-side routes survive a reload.
 */
export function serveWebApp(app: OpenAPIHono<AppEnv>): void {
  app.get('*', (c) => {
    // API families answer in their own formats (JSON, GeoReport XML) or 404, never with the web app's page
    const requested = c.req.path;
    if (requested === '/api' || requested.startsWith('/api/') || requested === '/ogc' || requested.startsWith('/ogc/') || requested === '/open311' || requested.startsWith('/open311/')) return c.notFound();
    const relative = decodeURIComponent(requested).replace(/^\/+/, '');
    const candidate = path.resolve(webOutputDirectory, relative);
    const insideOutput = candidate.startsWith(webOutputDirectory + path.sep) && !relative.split('/').some((part) => part.startsWith('.'));
    const acceptEncoding = c.req.header('Accept-Encoding');
    if (insideOutput && !/\.(br|gz)$/.test(candidate)) {
      const immutable = relative.startsWith('assets/');
      const answer = answerFile(candidate, acceptEncoding, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (answer) return answer;
    }
    const index = answerFile(path.join(webOutputDirectory, 'index.html'), acceptEncoding, 'no-cache');
    return index ?? c.text('The web app is not built: run npm start or npm run build.', 503);
  });
}
