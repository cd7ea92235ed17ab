import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from './create-router.ts';
import { textResponse } from './openapi-responses.ts';

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
// validatorUrl null: Swagger UI would otherwise send the document to a third-party validator (validator.swagger.io)
const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true, validatorUrl: null });`;

/** The browsable API documentation (Swagger UI over /api/openapi.json), served locally. */
export function createOpenApiDocsRoutes() {
  const router = createRouter();
  const tags = ['system'];
  router.openapi(
    createRoute({ method: 'get', path: '/docs', tags, summary: 'The API documentation page', responses: { 200: textResponse('text/html', 'The page') } }),
    (c) => c.html(page),
  );
  router.openapi(
    createRoute({
      method: 'get', path: '/docs/assets/docs-init.js', tags, summary: 'The documentation page\'s start-up script',
      responses: { 200: textResponse('text/javascript', 'The script') },
    }),
    (c) => c.body(init, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  router.openapi(
    createRoute({
      method: 'get', path: '/docs/assets/{name}', tags, summary: 'Swagger UI\'s own script and style sheet',
      request: { params: z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' }, example: 'swagger-ui.css' }) }) },
      responses: {
        200: { content: { 'text/javascript': { schema: z.string() }, 'text/css': { schema: z.string() } }, description: 'The asset' },
        404: { description: 'No such asset' },
      },
    }),
    (c) => {
      const type = servedAssets.get(c.req.valid('param').name);
      if (!type) return c.notFound();
      return c.body(fs.readFileSync(path.join(assetsDirectory, c.req.valid('param').name)), 200, {
        'Content-Type': type,
        'Cache-Control': 'public, max-age=86400',
      });
    },
  );
  return router;
}
