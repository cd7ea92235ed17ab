import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppContext } from './app-context.ts';
import { createBasemapRoutes } from './basemap/basemap.routes.ts';
import { createHealthRoutes } from './health/health.routes.ts';
import { Failure, statusOfFailure } from './http/failure.ts';
import { createOpenApiDocsRoutes } from './http/openapi-docs.ts';
import { createIncidentRoutes } from './incidents/incidents.routes.ts';
import { createHouseholdRoutes } from './households/households.routes.ts';
import { createLookupRoutes } from './lookup/lookup.routes.ts';
import { createRiskSourceRoutes } from './risks/risk-sources.routes.ts';
import { createTerritoryRoutes } from './territory/territory.routes.ts';

/**
 * The API as one Hono app. Domains mount their routers under /api; the error shape
 * `{error:{code,message,details}}` is produced here and nowhere else.
 */
export function createApp(context: AppContext): OpenAPIHono {
  const app = new OpenAPIHono();

  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: context.config.bodyLimitBytes,
      onError: () => {
        throw new Failure('payload_too_large', `Request body exceeds ${context.config.bodyLimitBytes} bytes`, {
          limitBytes: context.config.bodyLimitBytes,
        });
      },
    }),
  );

  app.route('/api', createHealthRoutes(context));
  app.route('/api', createTerritoryRoutes(context));
  app.route('/api', createLookupRoutes(context));
  app.route('/api', createIncidentRoutes(context));
  app.route('/api', createRiskSourceRoutes(context));
  app.route('/api', createHouseholdRoutes(context));
  app.route('/api', createBasemapRoutes(context));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'GridAtlas API', version: '1', description: 'Community grid management: territory, workers, incidents.' },
  });
  app.route('/api', createOpenApiDocsRoutes());

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) {
      return c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}`, details: null } }, 404);
    }
    return c.text('Not found', 404);
  });

  app.onError((error, c) => {
    if (error instanceof Failure) {
      const status = statusOfFailure[error.code] as ContentfulStatusCode;
      return c.json({ error: { code: error.code, message: error.message, details: error.details ?? null } }, status);
    }
    if (error instanceof HTTPException) {
      const status = error.status as ContentfulStatusCode;
      const code = status === 400 ? 'invalid_request' : status === 413 ? 'payload_too_large' : 'http_error';
      return c.json({ error: { code, message: error.message || 'Bad request', details: null } }, status);
    }
    const databaseCode = (error as { code?: string }).code;
    // constraint violations that got past validation are conflicts with the current state
    if (databaseCode === '23505' || databaseCode === '23P01' || databaseCode === '23503' || databaseCode === '23514') {
      return c.json(
        { error: { code: 'conflict', message: error.message, details: { constraint: (error as { constraint_name?: string }).constraint_name ?? null } } },
        409,
      );
    }
    console.error(`[gridatlas] ${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ error: { code: 'internal_error', message: 'Internal server error', details: null } }, 500);
  });

  return app;
}
