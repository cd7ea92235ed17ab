import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);
/** swagger-ui-dist ships the docs page's assets; they are served from here, never from a CDN. */
const assetsDirectory = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const servedAssets = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'text/javascript; charset=utf-8'],
]);

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GridAtlas API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/docs-init.js"></script>
</body></html>`;
const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true });`;

export function createOpenApiDocsRoutes(): Hono {
  const router = new Hono();
  router.get('/docs', (c) => c.html(page));
  router.get('/docs/assets/docs-init.js', (c) => c.body(init, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  router.get('/docs/assets/:name', (c) => {
    const name = c.req.param('name');
    const type = servedAssets.get(name);
    if (!type) return c.notFound();
    return c.body(fs.readFileSync(path.join(assetsDirectory, name)), 200, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=86400',
    });
  });
  return router;
}
