import fs from 'node:fs';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/app-env.ts';
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

/**
 * Serve the built web app on the API's origin. Hashed assets are cached for a year; any other
 * path that is not a file gets index.html so client-side routes survive a reload.
 */
export function serveWebApp(app: OpenAPIHono<AppEnv>): void {
  app.get('*', (c) => {
    // API families answer in their own formats (JSON, GeoReport XML) or 404, never with the web app's page
    const requested = c.req.path;
    if (requested === '/api' || requested.startsWith('/api/') || requested === '/ogc' || requested.startsWith('/ogc/') || requested === '/open311' || requested.startsWith('/open311/')) return c.notFound();
    const relative = decodeURIComponent(requested).replace(/^\/+/, '');
    const candidate = path.resolve(webOutputDirectory, relative);
    const insideOutput = candidate.startsWith(webOutputDirectory + path.sep);
    if (insideOutput && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      const immutable = relative.startsWith('assets/');
      return c.body(fs.readFileSync(candidate), 200, {
        'Content-Type': contentTypes[path.extname(candidate)] ?? 'application/octet-stream',
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    const index = path.join(webOutputDirectory, 'index.html');
    if (!fs.existsSync(index)) return c.text('The web app is not built: run npm start or npm run build.', 503);
    return c.body(fs.readFileSync(index), 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
  });
}
