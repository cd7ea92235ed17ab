import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { Context } from 'hono';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { RateLimiter } from '../accounts/rate-limiter.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import type { AppEnv } from '../http/app-env.ts';
import { Failure, notFound } from '../http/failure.ts';
import { idParameter, latitudeParameter, longitudeParameter } from '../http/query-parameters.ts';
import { publishIncidentEvents } from '../incidents/incident-live-events.ts';
import { readPolicyNumber } from '../incidents/incident-loop.repo.ts';
import { readPhotoUpload } from '../incidents/photo-upload.ts';
import { photoDirectoryOf, photoMaxBytesOf, photoNamePattern, removePhotoFile, storePhoto } from '../incidents/photo-store.ts';
import { publicReportView } from './public-report-view.ts';
import { residentCategories, residentCategoryByCode } from './resident-categories.ts';
import {
  addSupporter, findNearbyOpenReports, findPublicReport, listPublicEvents, rateReport, satisfactionValues, setHiddenFromPublic,
} from './resident-reports.repo.ts';
import { hashReporterKey, residentPhotoLimit, submitResidentReport } from './resident-submission.ts';

const json = (description: string) => ({ content: { 'application/json': { schema: z.any() } }, description });
const trackingCodeParameter = z.string().max(40).openapi({ param: { name: 'code', in: 'path' }, example: 'E20260615-000123' });

/** Counts one attempt against a limiter; over the limit → 429 with Retry-After. */
export function enforceLimit(c: Context<AppEnv>, limiter: RateLimiter, key: string, what: string): void {
  if (limiter.take(key)) return;
  const retryAfterSeconds = limiter.retryAfterSeconds(key);
  c.header('Retry-After', String(retryAfterSeconds));
  throw new Failure('rate_limited', `Too many ${what} from this client; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

const reportBody = z.object({
  category: z.string().trim().min(1, 'choose a category').max(40)
    .openapi({ description: 'A resident category code (GET /api/resident/categories) or a 4-digit minor class' }),
  description: z.string().max(5000, 'description is too long').openapi({ description: 'Plain text; stored and shown as text, never as HTML' }),
  longitude: z.number().min(-180).max(180),
  latitude: z.number().min(-90).max(90),
  address: z.string().trim().max(200).optional(),
  photos: z.array(z.string().regex(photoNamePattern, 'a photo name returned by POST /api/resident/photos')).max(residentPhotoLimit, `at most ${residentPhotoLimit} photos`).optional(),
  anonymous: z.boolean().optional(),
  contactName: z.string().trim().max(50).optional(),
  contactPhone: z.string().trim().regex(/^[0-9+\-() ]{3,30}$/, 'contactPhone must be a phone number').or(z.literal('')).optional(),
});

/**
 * The public side of the incident loop: residents report without an account, get a tracking
 * code, follow a public timeline and rate the result; dispatchers can hide a report from view.
 */
export function createResidentReportRoutes(context: AppContext, options: { clock?: () => Date } = {}) {
  const router = createRouter();
  const { sql } = context.database;
  const clock = options.clock ?? (() => new Date());
  const photoDirectory = photoDirectoryOf(context.config);
  const photoMaxBytes = photoMaxBytesOf();

  router.openapi(
    createRoute({
      method: 'get', path: '/resident/categories', tags: ['residents'],
      summary: 'The short resident-facing category list, each mapped to a minor class of the category tree',
      responses: { 200: json('Categories') },
    }),
    (c) => c.json({ categories: residentCategories }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/resident/photos', tags: ['residents'],
      summary: `A resident's photo (raw image body or multipart "photo"), at most ${photoMaxBytes} bytes; same checks as staff uploads`,
      middleware: [
        bodyLimit({
          maxSize: photoMaxBytes,
          onError: () => {
            throw new Failure('payload_too_large', `A photo may be at most ${photoMaxBytes} bytes`, { limitBytes: photoMaxBytes });
          },
        }),
      ] as const,
      responses: { 201: json('The stored photo name'), 413: json('Too large'), 415: json('Not a JPEG, PNG or WebP image'), 429: json('Too many') },
    }),
    async (c) => {
      enforceLimit(c, context.limiters.residentActionsPerAddress, c.get('clientAddress'), 'uploads');
      const bytes = await readPhotoUpload(c, photoMaxBytes);
      const photo = await storePhoto(photoDirectory, bytes);
      try {
        await sql`
          insert into photos (name, content_type, byte_size, width, height, uploaded_by)
          values (${photo.name}, ${photo.contentType}, ${photo.byteSize}, ${photo.width}, ${photo.height}, null)`;
      } catch (error) {
        await removePhotoFile(photoDirectory, photo.name);
        throw error;
      }
      // the resident sees their own preview locally; stored photos are served to staff only
      return c.json({ name: photo.name, contentType: photo.contentType, width: photo.width, height: photo.height }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/resident/nearby', tags: ['residents'],
      summary: 'Open public reports of the same category near a point, offered as "me too" before a duplicate is filed',
      request: {
        query: z.object({
          lng: longitudeParameter,
          lat: latitudeParameter,
          category: z.string().trim().min(1, 'category is required').max(40).openapi({ param: { name: 'category', in: 'query' }, example: 'garbage' }),
        }),
      },
      responses: { 200: json('Nearby open reports') },
    }),
    async (c) => {
      const { lng, lat, category } = c.req.valid('query');
      const categoryCode = residentCategoryByCode(category)?.categoryCode ?? category;
      const radiusMetres = Math.max(await readPolicyNumber(sql, 'duplicate_radius_metres', 50), 100);
      const windowHours = await readPolicyNumber(sql, 'duplicate_window_hours', 72);
      const now = clock();
      const reports = await findNearbyOpenReports(sql, {
        longitude: lng, latitude: lat, categoryCode, radiusMetres, since: new Date(now.getTime() - windowHours * 7 * 3_600_000), limit: 5,
      });
      return c.json({ radiusMetres, reports: reports.map((report) => ({ ...report, reportedAt: report.reportedAt.toISOString() })) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/resident/reports', tags: ['residents'],
      summary: 'Report a problem without an account: answers a tracking code and the key needed to rate it later',
      description: 'Lands on the dispatcher\'s case desk in status reported. Outside the zone → 422 with the nearest community; '
        + 'missing category or empty description → 400 naming the field. Contact details are shown only to staff.',
      request: { body: { content: { 'application/json': { schema: reportBody } }, required: true } },
      responses: { 201: json('Created'), 400: json('Field errors'), 422: json('Outside the service area'), 429: json('Too many reports') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      enforceLimit(c, context.limiters.residentReportsPerAddress, c.get('clientAddress'), 'reports');
      const categoryCode = residentCategoryByCode(body.category)?.categoryCode ?? body.category;
      const submitted = await submitResidentReport(
        sql,
        {
          categoryCode, description: body.description, longitude: body.longitude, latitude: body.latitude, address: body.address,
          photos: body.photos, anonymous: body.anonymous, contactName: body.contactName, contactPhone: body.contactPhone || undefined,
        },
        { now: clock(), channel: 'web', viewer: c.get('viewer'), clientAddress: c.get('clientAddress') },
      );
      await publishIncidentEvents(sql, context.liveEvents, 'incident.created', [submitted.id]);
      return c.json({ trackingCode: submitted.trackingCode, reporterKey: submitted.reporterKey, status: submitted.status }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/resident/reports/{code}', tags: ['residents'],
      summary: 'The public page of a report: status, public notes and timeline; no reporter, no staff names',
      request: { params: z.object({ code: trackingCodeParameter }) },
      responses: { 200: json('The report'), 404: json('No such report') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const row = await findPublicReport(sql, code.trim().toUpperCase());
      if (!row) throw notFound('report', code);
      return c.json(publicReportView(row, await listPublicEvents(sql, row.id)), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/resident/reports/{code}/support', tags: ['residents'],
      summary: '"Me too": add yourself to an open report instead of filing a duplicate',
      request: { params: z.object({ code: trackingCodeParameter }) },
      responses: { 200: json('The new supporter count'), 404: json('No open public report with this code') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      enforceLimit(c, context.limiters.residentActionsPerAddress, c.get('clientAddress'), 'requests');
      const result = await sql.begin((transaction) => addSupporter(transaction, code.trim().toUpperCase(), clock()));
      if (!result) throw notFound('report', code);
      await publishIncidentEvents(sql, context.liveEvents, 'incident.changed', [result.id]);
      return c.json({ trackingCode: code, supporterCount: result.supporterCount }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/resident/reports/{code}/rating', tags: ['residents'],
      summary: 'Rate a closed report once (满意 / 基本满意 / 不满意) with the key given on submission; feeds the KPIs',
      request: {
        params: z.object({ code: trackingCodeParameter }),
        body: {
          content: { 'application/json': { schema: z.object({ reporterKey: z.string().min(1, 'reporterKey is required').max(100), satisfaction: z.enum(satisfactionValues as [string, ...string[]]) }) } },
          required: true,
        },
      },
      responses: { 200: json('Rated'), 403: json('Wrong key'), 404: json('No such report'), 409: json('Not closed, or already rated') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const { reporterKey, satisfaction } = c.req.valid('json');
      enforceLimit(c, context.limiters.residentActionsPerAddress, c.get('clientAddress'), 'requests');
      const outcome = await sql.begin((transaction) =>
        rateReport(transaction, { trackingCode: code.trim().toUpperCase(), keyHash: hashReporterKey(reporterKey), satisfaction: satisfaction as never, at: clock() }));
      if (outcome === 'not_found') throw notFound('report', code);
      if (outcome === 'wrong_key') throw new Failure('forbidden', 'Only the resident who reported this case can rate it (the key from the confirmation)');
      if (outcome === 'not_closed') throw new Failure('conflict', 'The case can be rated once it is closed', { reason: 'not_closed' });
      if (outcome === 'already_rated') throw new Failure('conflict', 'This case has already been rated', { reason: 'already_rated' });
      return c.json({ trackingCode: code, satisfaction }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put', path: '/incidents/{id}/public-visibility', tags: ['incidents'],
      summary: 'Hide a report from public view (abusive text, personal data in a photo) or show it again; audited',
      request: {
        params: z.object({ id: idParameter }),
        body: { content: { 'application/json': { schema: z.object({ hidden: z.boolean(), reason: z.string().trim().max(500).optional() }) } }, required: true },
      },
      responses: { 200: json('Changed'), 404: json('No such incident') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      const { hidden, reason } = c.req.valid('json');
      const changed = await sql.begin(async (transaction) => {
        const found = await setHiddenFromPublic(transaction, { incidentId: id, hidden, userId: viewer.userId, at: clock() });
        if (found) {
          await recordAudit(transaction, {
            viewer, action: hidden ? 'incident.hide' : 'incident.unhide', objectType: 'incident', objectId: id, result: 'ok',
            clientAddress: c.get('clientAddress'), details: { reason: reason ?? null },
          });
        }
        return found;
      });
      if (!changed) throw notFound('incident', id);
      return c.json({ id, hiddenFromPublic: hidden }, 200);
    },
  );

  return router;
}
