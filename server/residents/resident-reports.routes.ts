import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { enforceLimit } from '../accounts/rate-limiter.ts';
import {
  nearbyReportsSchema, publicDecisionSchema, publicReportSchema, publicVisibilitySchema, ratingResultSchema, residentCategoryListSchema, residentPhotoSchema,
  satisfactionSchema, submittedReportSchema, supportResultSchema,
} from '../../contract/residents.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure } from '../http/failure.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { idParameter, latitudeParameter, longitudeParameter } from '../http/query-parameters.ts';
import { publishIncidentEvents } from '../incidents/incident-live-events.ts';
import { readPolicyNumber } from '../incidents/incident-loop.repo.ts';
import { readPhotoUpload } from '../incidents/photo-upload.ts';
import { photoDirectoryOf, photoMaxBytesOf, photoNamePattern } from '../incidents/photo-store.ts';
import {
  decidePublicVisibility, nearbyPublicReports, rateClosedReport, storeResidentPhoto, supportReport, trackReport,
} from './resident-actions.ts';
import { residentCategories, residentCategoryByCode } from './resident-categories.ts';
import { residentPhotoLimit, submitResidentReport } from './resident-submission.ts';

const trackingCodeParameter = z.string().max(40).openapi({ param: { name: 'code', in: 'path' }, example: 'E20260615-000123' });

const reportBody = z.object({
  category: z.string().trim().min(1).max(40)
    .openapi({ description: 'A resident category code (GET /api/resident/categories) or a 4-digit minor class' }),
  description: z.string().max(5000).openapi({ description: 'Plain text; stored and shown as text, never as HTML' }),
  longitude: z.number().min(-180).max(180),
  latitude: z.number().min(-90).max(90),
  address: z.string().trim().max(200).optional(),
  photos: z.array(z.string().regex(photoNamePattern)).max(residentPhotoLimit).optional(),
  anonymous: z.boolean().optional(),
  contactName: z.string().trim().max(50).optional(),
  contactPhone: z.string().trim().regex(/^[0-9+\-() ]{3,30}$/).or(z.literal('')).optional(),
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
      responses: { 200: jsonResponse(residentCategoryListSchema, 'Categories') },
    }),
    (c) => c.json({ categories: [...residentCategories] }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/resident/photos', tags: ['residents'],
      summary: `A resident's photo (raw image body or multipart "photo"), at most ${photoMaxBytes} bytes; same checks as staff uploads`,
      middleware: [
        bodyLimit({
          maxSize: photoMaxBytes,
          onError: () => {
            throw new Failure('payload_too_large', { limitBytes: photoMaxBytes }, { limitBytes: photoMaxBytes });
          },
        }),
      ] as const,
      responses: {
        201: jsonResponse(residentPhotoSchema, 'The stored photo name'),
        413: errorResponse('Too large'),
        415: errorResponse('photo_type_unsupported or photo_undecodable: not a JPEG, PNG or WebP image'),
        429: errorResponse('Too many'),
      },
    }),
    async (c) => {
      await enforceLimit(context.limiters.residentActionsPerAddress, c.get('clientAddress'));
      const photo = await storeResidentPhoto(sql, photoDirectory, await readPhotoUpload(c, photoMaxBytes));
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
          category: z.string().trim().min(1).max(40).openapi({ param: { name: 'category', in: 'query' }, example: 'garbage' }),
        }),
      },
      responses: { 200: jsonResponse(nearbyReportsSchema, 'Nearby open reports') },
    }),
    async (c) => {
      const { lng, lat, category } = c.req.valid('query');
      const categoryCode = residentCategoryByCode(category)?.categoryCode ?? category;
      const radiusMetres = Math.max(await readPolicyNumber(sql, 'duplicate_radius_metres', 50), 100);
      const windowHours = await readPolicyNumber(sql, 'duplicate_window_hours', 72);
      const now = clock();
      const reports = await nearbyPublicReports(sql, {
        longitude: lng, latitude: lat, categoryCode, radiusMetres, since: new Date(now.getTime() - windowHours * 7 * 3_600_000),
      });
      return c.json({ radiusMetres, reports }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/resident/reports', tags: ['residents'],
      summary: 'Report a problem without an account: answers a tracking code and the key needed to rate it later',
      description: 'Lands on the dispatcher\'s case desk in status reported. Outside the zone → 422 with the nearest community; '
        + 'missing category or empty description → 400 naming the field. Contact details are shown only to staff.',
      request: { body: { content: { 'application/json': { schema: reportBody } }, required: true } },
      responses: {
        201: jsonResponse(submittedReportSchema, 'Created'),
        400: errorResponse('Field errors'),
        422: errorResponse('outside_service_area (details.nearestCommunity)'),
        429: errorResponse('Too many reports'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await enforceLimit(context.limiters.residentReportsPerAddress, c.get('clientAddress'));
      const categoryCode = residentCategoryByCode(body.category)?.categoryCode ?? body.category;
      const submitted = await submitResidentReport(
        sql,
        {
          categoryCode, description: body.description, longitude: body.longitude, latitude: body.latitude, address: body.address,
          photos: body.photos, anonymous: body.anonymous, contactName: body.contactName, contactPhone: body.contactPhone || undefined,
        },
        { now: clock(), channel: 'web', viewer: c.get('viewer'), clientAddress: c.get('clientAddress'), dataKey: context.dataKey },
      );
      await publishIncidentEvents(sql, context.liveEvents, 'incident.created', [submitted.id]);
      return c.json({ trackingCode: submitted.trackingCode, reporterKey: submitted.reporterKey, status: submitted.status }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/resident/reports/{code}', tags: ['residents'],
      summary: 'The tracking page of a report: status steps, public summary, rounded place; no reporter, no staff names',
      description: 'Anyone sees a case that is public (issue 23: public by source, class and registration, or published by a '
        + 'dispatcher). The reporter sees their own case from the moment it is filed, with their own description and exact '
        + 'point, by sending the key handed out on submission in `X-Reporter-Key`. Anything else is 404, like an unknown code. '
        + 'Look-ups are limited per client address (429).',
      request: {
        params: z.object({ code: trackingCodeParameter }),
        headers: z.object({ 'x-reporter-key': z.string().min(1).max(100).optional().openapi({ param: { name: 'x-reporter-key', in: 'header' }, description: 'The reporter key handed out on submission' }) }),
      },
      responses: { 200: jsonResponse(publicReportSchema, 'The report'), 404: errorResponse('No such report'), 429: errorResponse('Too many look-ups') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const reporterKey = c.req.valid('header')['x-reporter-key'];
      await enforceLimit(context.limiters.trackingLookupsPerAddress, c.get('clientAddress'));
      return c.json(await trackReport(sql, { trackingCode: code, reporterKey, now: clock() }), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/resident/reports/{code}/support', tags: ['residents'],
      summary: '"Me too": add yourself to an open report instead of filing a duplicate',
      request: { params: z.object({ code: trackingCodeParameter }) },
      responses: { 200: jsonResponse(supportResultSchema, 'The new supporter count'), 404: errorResponse('No open public report with this code') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      await enforceLimit(context.limiters.residentActionsPerAddress, c.get('clientAddress'));
      const result = await supportReport(sql, code, clock());
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
          content: { 'application/json': { schema: z.object({ reporterKey: z.string().min(1).max(100), satisfaction: satisfactionSchema }) } },
          required: true,
        },
      },
      responses: {
        200: jsonResponse(ratingResultSchema, 'Rated'),
        403: errorResponse('rating_key_wrong'),
        404: errorResponse('No such report'),
        409: errorResponse('rating_case_not_closed or rating_already_given'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const { reporterKey, satisfaction } = c.req.valid('json');
      await enforceLimit(context.limiters.residentActionsPerAddress, c.get('clientAddress'));
      await rateClosedReport(sql, { trackingCode: code, reporterKey, satisfaction, at: clock() });
      return c.json({ trackingCode: code, satisfaction }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'put', path: '/incidents/{id}/public-visibility', tags: ['incidents'],
      summary: 'What the public sees of a case: hide it, publish it, or leave it to the rule; and its public summary. Audited',
      description: 'decision `rule`: public when registered, from a source in policy public_report_sources and of a major class in '
        + 'public_report_major_categories; `published`: public whatever its source and class (not before the dispatcher decides); '
        + '`hidden`: never public. publicSummary replaces the reporter\'s own words for the public (null clears it; absent keeps it).',
      request: {
        params: z.object({ id: idParameter }),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                decision: publicDecisionSchema,
                publicSummary: z.string().trim().min(1).max(500).nullable().optional(),
                reason: z.string().trim().max(500).optional(),
              }).strict(),
            },
          },
          required: true,
        },
      },
      responses: { 200: jsonResponse(publicVisibilitySchema, 'Changed'), 400: errorResponse('Field errors'), 404: errorResponse('No such incident') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { decision, publicSummary, reason } = c.req.valid('json');
      const after = await decidePublicVisibility(sql, signedInViewer(c.get('viewer')), {
        incidentId: id, decision, publicSummary, reason, at: clock(), clientAddress: c.get('clientAddress'),
      });
      return c.json({ id, decision, ...after }, 200);
    },
  );

  return router;
}
