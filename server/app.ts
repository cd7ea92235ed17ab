import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { normaliseRoutePath } from './accounts/access-policy.ts';
import { createAuthRoutes } from './accounts/auth.routes.ts';
import { authenticate } from './accounts/authenticate.ts';
import { createUserRoutes } from './accounts/users.routes.ts';
import type { AppContext } from './app-context.ts';
import { createAssessmentRoutes } from './assessment/assessment.routes.ts';
import { createAuditRoutes } from './audit/audit.routes.ts';
import { compressJson } from './http/compress-json.ts';
import type { AppEnv } from './http/app-env.ts';
import { createBasemapRoutes } from './basemap/basemap.routes.ts';
import { createPlanRoutes } from './plans/plans.routes.ts';
import { createEmergencyRoutes } from './emergency/emergency.routes.ts';
import { createWarningRoutes } from './emergency/warnings.routes.ts';
import { createGridEditingRoutes } from './grids/grid-editing.routes.ts';
import { createHealthRoutes } from './health/health.routes.ts';
import { MemoRouter } from './http/memo-router.ts';
import { failureOfDatabaseError } from './http/database-refusals.ts';
import { Failure, failureOfHttpException, renderFailure, statusOfFailure } from './http/failure.ts';
import { requestBodyGuard, requestLineGuard } from './http/input-guard.ts';
import { failureMessage, localeOf } from './messages/message-catalogue.ts';
import { createOpenApiDocsRoutes } from './http/openapi-docs.ts';
import { createIncidentRoutes } from './incidents/incidents.routes.ts';
import { createIncidentLoopRoutes } from './incidents/incident-loop.routes.ts';
import { createPhotoRoutes } from './incidents/photos.routes.ts';
import { createCalendarRoutes } from './calendar/calendar.routes.ts';
import { createHouseholdRoutes } from './households/households.routes.ts';
import { createLookupAnswerer, createLookupRoutes } from './lookup/lookup.routes.ts';
import { lookupFastPath } from './lookup/lookup-fast-path.ts';
import { createResidentRoutes } from './residents/residents.routes.ts';
import { createResidentReportRoutes } from './residents/resident-reports.routes.ts';
import { createApiKeyRoutes } from './api-keys/api-keys.routes.ts';
import { createOpen311Routes } from './open311/open311.routes.ts';
import { open311ErrorResponse } from './open311/open311-errors.ts';
import { createRiskSourceRoutes } from './risks/risk-sources.routes.ts';
import { createStreamRoutes } from './stream/stream.routes.ts';
import { createAnalyticsRoutes } from './analytics/analytics.routes.ts';
import { createExportRoutes } from './export/export.routes.ts';
import { createImportRoutes } from './import/import.routes.ts';
import { createOgcRoutes } from './ogc/ogc.routes.ts';
import { createTerritoryRoutes } from './territory/territory.routes.ts';
import { createPopulationRoutes } from './population/population.routes.ts';
import { createAutoSplitRoutes } from './grids/auto-split.routes.ts';
import { createTileRoutes } from './tiles/tiles.routes.ts';
import { createWorkerRoutes } from './workers/workers.routes.ts';
import { createAssignmentRoutes } from './workers/assignment.routes.ts';
import { createBackStreetRoutes } from './duties/back-streets.routes.ts';
import { createStationRoutes } from './duties/stations.routes.ts';

/**
 * The API as one Hono app. Domains mount their routers under /api; the error shape
 * `{error:{code,message,details}}` is produced here and nowhere else.
 */
export function createApp(context: AppContext): OpenAPIHono<AppEnv> {
  // mounted routers' routes are copied into this app's router: the one that matches every request
  const app = new OpenAPIHono<AppEnv>({ router: new MemoRouter() });

  const processIndex = context.config.processIndex === undefined ? undefined : String(context.config.processIndex);
  const onlineBasemapSources = onlineBasemapOrigins(context.config);
  const secureHeadersMiddleware = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // antd writes its styles at run time
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...onlineBasemapSources],
      fontSrc: ["'self'", 'data:'],
      // online basemaps are optional and configured by the operator: only then may the page reach them
      connectSrc: ["'self'", ...onlineBasemapSources],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    referrerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
    // a route that sets a stricter header itself keeps it (photos: CSP sandbox)
    overwrite: false,
    strictTransportSecurity: context.config.secureCookies ? 'max-age=31536000' : false,
  });

  // the resident lookup, anonymous and well-formed, answered with the same headers before the chain
  // below (server/lookup/lookup-fast-path.ts); anything else it leaves to the chain and the route
  const lookupAnswerer = createLookupAnswerer(context.gridIndex);
  app.use('/api/lookup', lookupFastPath({ answerer: lookupAnswerer, secureHeaders: secureHeadersMiddleware, processIndex }));

  // messages (errors, validation problems) follow the caller's Accept-Language; zh-CN by default
  app.use('*', async (c, next) => {
    c.set('locale', localeOf(c.req.header('accept-language')));
    // in a cluster (server/cluster.ts), which process answered: for operators and the cross-process tests
    if (processIndex !== undefined) c.header('X-GridAtlas-Process', processIndex);
    await next();
  });

  // JSON answers over 1 KB go out gzip/brotli-compressed (the static web app is precompressed at build)
  for (const prefix of ['/api/*', '/ogc/*', '/ogc', '/open311/*']) app.use(prefix, compressJson());

  app.use('*', secureHeadersMiddleware);
  // malformed percent-encoding, NUL and lone surrogates in the path or query: 400 before any route reads them
  app.use('*', requestLineGuard());
  const generalBodyLimit = bodyLimit({
    maxSize: context.config.bodyLimitBytes,
    onError: () => {
      throw new Failure('payload_too_large', { limitBytes: context.config.bodyLimitBytes }, { limitBytes: context.config.bodyLimitBytes });
    },
  });
  // photo uploads and import files have their own, larger limits (photos.routes.ts, resident-reports.routes.ts, import.routes.ts)
  const ownLimit = new Set(['/api/photos', '/api/resident/photos', '/api/imports']);
  // GET and HEAD carry no body; asking for one (`c.req.raw.body`) makes @hono/node-server build a full
  // undici Request per call, which was the largest single cost of a lookup (BENCHMARKS.md §1)
  const bodiless = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  app.use('/api/*', (c, next) =>
    bodiless(c.req.method) || (c.req.method === 'POST' && ownLimit.has(c.req.path)) ? next() : generalBodyLimit(c, next),
  );
  app.use('/open311/*', (c, next) => (bodiless(c.req.method) ? next() : generalBodyLimit(c, next)));

  let routePatterns: RegExp[] | undefined;
  const isRoute = (method: string, path: string) => {
    routePatterns ??= app.routes
      .filter((route) => route.method !== 'ALL' && (route.path.startsWith('/api/') || route.path.startsWith('/open311/')))
      .map((route) => new RegExp(`^${normaliseRoutePath(route.path).replace(/:[A-Za-z]+/g, '[^/]+')}$`));
    return routePatterns.some((pattern) => pattern.test(path)) && method.length > 0;
  };
  app.use('/api/*', authenticate(context, isRoute));
  // Open311 sits outside /api but goes through the same gate: its routes have explicit rules in
  // the access policy (reading is for everyone; submitting checks an API key in the handler)
  app.use('/open311/*', authenticate(context, isRoute));
  // the same rule for the body's text, and a form body that cannot be parsed: 400 (after the access check)
  app.use('/api/*', requestBodyGuard(ownLimit));
  app.use('/open311/*', requestBodyGuard(ownLimit));

  app.route('/api', createHealthRoutes(context));
  app.route('/api', createAuthRoutes(context));
  app.route('/api', createUserRoutes(context));
  app.route('/api', createAuditRoutes(context));
  app.route('/api', createWorkerRoutes(context));
  app.route('/api', createAssignmentRoutes(context));
  app.route('/api', createTerritoryRoutes(context));
  app.route('/api', createLookupRoutes(context, lookupAnswerer));
  app.route('/api', createResidentRoutes(context));
  app.route('/api', createIncidentRoutes(context));
  app.route('/api', createIncidentLoopRoutes(context));
  app.route('/api', createPhotoRoutes(context));
  app.route('/api', createCalendarRoutes(context));
  app.route('/api', createAssessmentRoutes(context));
  app.route('/api', createRiskSourceRoutes(context));
  app.route('/api', createEmergencyRoutes(context));
  app.route('/api', createWarningRoutes(context));
  app.route('/api', createStreamRoutes(context));
  app.route('/api', createAnalyticsRoutes(context));
  app.route('/api', createHouseholdRoutes(context));
  app.route('/api', createBasemapRoutes(context));
  app.route('/api', createAutoSplitRoutes(context));
  app.route('/api', createGridEditingRoutes(context));
  app.route('/api', createPopulationRoutes(context));
  app.route('/api', createPlanRoutes(context));
  app.route('/api', createResidentReportRoutes(context));
  app.route('/api', createApiKeyRoutes(context));
  app.route('/open311/v2', createOpen311Routes(context));
  app.route('/api', createExportRoutes(context));
  app.route('/api', createImportRoutes(context));
  app.route('/api', createBackStreetRoutes(context));
  app.route('/api', createStationRoutes(context));
  app.route('/api', createTileRoutes(context));

  // OGC API – Features for GIS clients: outside /api, no sessions; its rules are `ogcAccess`
  app.route('/ogc', createOgcRoutes(context));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'GridAtlas API', version: '1', description: 'Community grid management: territory, workers, incidents.' },
  });
  app.route('/api', createOpenApiDocsRoutes());

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/ogc')) {
      const locale = localeOf(c.req.header('accept-language'));
      const params = { method: c.req.method, path: c.req.path };
      return c.json({ error: { code: 'route_not_found', message: failureMessage(locale, 'route_not_found', params), details: null } }, 404);
    }
    if (c.req.path.startsWith('/open311/')) {
      const locale = localeOf(c.req.header('accept-language'));
      return open311ErrorResponse(c, 404, [failureMessage(locale, 'route_not_found', { method: c.req.method, path: c.req.path })]);
    }
    return c.text('Not found', 404);
  });

  app.onError((error, c) => {
    // GeoReport v2 clients expect the spec's error list, not ours
    const locale = localeOf(c.req.header('accept-language'));
    if (error instanceof HTTPException) {
      // Hono's own refusals (a malformed JSON body, a multipart body it cannot parse): a coded failure too
      const failure = failureOfHttpException(error);
      if (!failure) {
        const rendered = { code: 'http_error', message: failureMessage(locale, 'http_error', { status: error.status }), details: null };
        if (c.req.path.startsWith('/open311/')) return open311ErrorResponse(c, error.status, [rendered.message]);
        return c.json({ error: rendered }, error.status as ContentfulStatusCode);
      }
      error = failure;
    }
    // a refused body may still be on its way (bodyLimit answers from Content-Length without reading it):
    // closing the connection cleanly is the only way the next request on it is not read as that body's rest
    if (error instanceof Failure && error.code === 'payload_too_large') c.header('Connection', 'close');
    if (error instanceof Failure && error.code === 'rate_limited') c.header('Retry-After', String((error.params as { retryAfterSeconds: number }).retryAfterSeconds));
    if (c.req.path.startsWith('/open311/') && error instanceof Failure) {
      const failure = error as Failure;
      const rendered = renderFailure(failure, locale);
      const fields = (rendered.details as { fields?: { field: string; message: string }[] } | null)?.fields;
      return open311ErrorResponse(c, statusOfFailure[failure.code], fields && fields.length > 0 ? fields.map((field) => `${field.field}: ${field.message}`) : [rendered.message]);
    }
    if (error instanceof Failure) {
      const failure = error as Failure;
      return c.json({ error: renderFailure(failure, locale) }, statusOfFailure[failure.code] as ContentfulStatusCode);
    }
    // what the database refused, in the product's codes; PostgreSQL's own sentence stays in the log
    const refusal = failureOfDatabaseError(error);
    if (refusal) {
      console.warn(`[gridatlas] ${c.req.method} ${c.req.path}: the database refused the request (${(error as { code?: string }).code}):`, error.message);
      if (c.req.path.startsWith('/open311/')) {
        const rendered = renderFailure(refusal, locale);
        return open311ErrorResponse(c, statusOfFailure[refusal.code], [rendered.message]);
      }
      return c.json({ error: renderFailure(refusal, locale) }, statusOfFailure[refusal.code] as ContentfulStatusCode);
    }
    console.error(`[gridatlas] ${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ error: { code: 'internal_error', message: failureMessage(locale, 'internal_error', {}), details: null } }, 500);
  });

  return app;
}

/**
 * What the page may load from outside its own origin: nothing, unless the operator configured an
 * online basemap (a style URL, or Tianditu), and then that basemap's origins. An offline install
 * (PMTiles served by the app) allows no third party at all.
 */
export function onlineBasemapOrigins(config: AppContext['config']): string[] {
  const origins: string[] = [];
  if (config.basemapStyleUrl) {
    try {
      const url = new URL(config.basemapStyleUrl);
      // the style names its tile, glyph and sprite hosts, which need not be the style's own
      if (url.protocol === 'https:' || url.protocol === 'http:') origins.push(`${url.protocol}`);
    } catch {
      // a relative style URL is served by the app itself
    }
  }
  if (config.basemapPmtiles && /^https?:\/\//.test(config.basemapPmtiles)) origins.push(new URL(config.basemapPmtiles).origin);
  if (config.tiandituKey) origins.push('https://*.tianditu.gov.cn');
  return [...new Set(origins)];
}
