import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import {
  caseListSchema, casePageSchema, categorySchema, incidentBatchResultSchema, ingestedIncidentSchema, notificationListSchema,
  notificationReadSchema, transitionResultSchema,
} from '../../contract/incidents.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest, notFound, problem } from '../http/failure.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { databaseIdSchema, idParameter, limitParameter } from '../http/query-parameters.ts';
import { caseEventView, caseView, notificationView } from './incident-case-view.ts';
import { batchLimit, duplicateSuggestionView, incidentSources, ingestIncidents, reportedSpanOf, suggestDuplicatesOf, type IncidentDraft } from './incident-ingestion.ts';
import {
  findCase, listCases, listEvents, listNotifications, markNotificationRead, readPolicyNumber, suggestDuplicates,
} from './incident-loop.repo.ts';
import { incidentActions } from './incident-state-machine.ts';
import { incidentStatuses } from './incident-statuses.ts';
import { applyTransition, caseScopeOf } from './incident-transitions.ts';
import { announceDuplicateSuggestions, publishIncidentEvents } from './incident-live-events.ts';
import { photoNamePattern } from './photo-store.ts';
import { editCategory } from './update-category.ts';
import { databaseIdPattern, earliestYear, latestYear, readInstant } from '../http/strict-values.ts';

const photoName = z.string().regex(photoNamePattern);

/** A date-time with its offset, on the calendar and in a plausible year (strict-values.ts). */
const isoInstant = z
  .string()
  .transform((text, context) => {
    const reading = readInstant(text, 'UTC', { requireOffset: true });
    if ('instant' in reading) return reading.instant;
    context.addIssue({
      code: 'custom',
      params: reading.problem === 'date_out_of_range' ? { problem: 'date_out_of_range', minimumYear: earliestYear, maximumYear: latestYear } : { problem: 'not_an_instant_with_zone' },
    });
    return z.NEVER;
  });

const incidentItem = z.object({
  idempotencyKey: z.string().trim().min(1).max(200).optional()
    .openapi({ description: 'Retrying with the same key and body returns the original case; a different body is a 409' }),
  categoryCode: z.string().regex(/^[0-9]{4}$/).openapi({ description: 'a 4-digit minor category code, e.g. 0102' }),
  description: z.string().trim().min(1).max(2000),
  longitude: z.number().min(-180).max(180),
  latitude: z.number().min(-90).max(90),
  address: z.string().trim().max(300).optional(),
  source: z.enum(incidentSources).optional().openapi({ description: 'patrol (a worker: always), resident, hotline (12345), referral, sensor' }),
  reportedAt: isoInstant.optional().openapi({ type: 'string', format: 'date-time', description: 'When the problem was reported (e.g. the hotline call); default now' }),
  reporterName: z.string().trim().min(1).max(50).optional(),
  reporterPhone: z.string().trim().regex(/^[0-9+\-() ]{3,30}$/).optional(),
  photos: z.array(photoName).max(9).optional(),
});

const transitionBody = z.object({
  action: z.enum(incidentActions),
  note: z.string().max(2000).optional(),
  photos: z.array(photoName).max(9).optional(),
  duplicateOf: databaseIdSchema.optional().openapi({ description: 'merge: the original case' }),
  target: z
    .union([
      z.object({ workerId: databaseIdSchema }).strict(),
      z.object({ department: z.string().trim().min(1).max(100) }).strict(),
      z.object({ userId: databaseIdSchema }).strict(),
    ])
    .optional()
    .openapi({ description: 'dispatch: a worker, a department or a dispatcher; omitted → routed automatically' }),
});

const booleanParameter = (name: string) =>
  z.enum(['true', 'false']).transform((text) => text === 'true').optional().openapi({ param: { name, in: 'query' }, type: 'boolean' });

const optionalIdParameter = (name: string) =>
  z.string().regex(databaseIdPattern).transform(Number).optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer' });

/**
 * The closed loop over HTTP: report (one or a batch), the case desk list, the case page with its
 * timeline, one transitions endpoint for every action of the state machine, escalation
 * notifications, and category settings. `clock` is injectable for tests.
 */
export function createIncidentLoopRoutes({ database, liveEvents, dataKey, gridIndex }: AppContext, options: { clock?: () => Date } = {}) {
  const router = createRouter();
  const { sql } = database;
  const clock = options.clock ?? (() => new Date());

  router.openapi(
    createRoute({
      method: 'post',
      path: '/incidents',
      tags: ['incidents'],
      summary: 'Report one incident (a worker on patrol, or the command centre entering a hotline or referral case)',
      description: 'Validated (unknown category, location outside every community → 422 naming the field), committed before the answer. '
        + 'The answer lists open cases of the same category nearby as duplicateSuggestions.',
      request: { body: { content: { 'application/json': { schema: incidentItem } }, required: true } },
      responses: {
        201: jsonResponse(ingestedIncidentSchema, 'Created'),
        200: jsonResponse(ingestedIncidentSchema, 'Already reported with this idempotency key'),
        403: errorResponse('worker_reports_patrol_only: a grid worker reports patrol findings only'),
        409: errorResponse('idempotency_key_reused: the key was used before with a different body'),
        422: errorResponse('incidents_unprocessable: unknown category, location outside every community, unknown photo (details.fields)'),
      },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const draft = c.req.valid('json') as IncidentDraft;
      const now = clock();
      const [item] = await ingestIncidents(sql, [draft], { viewer, now, clientAddress: c.get('clientAddress'), fieldPrefix: () => '', dataKey, gridIndex, liveEvents });
      if (item!.result === 'created') {
        // one report: the reporter sees the suggestions in the answer (found after the commit)
        await suggestDuplicatesOf(sql, [item!], reportedSpanOf([draft], now));
        return c.json(item!, 201);
      }
      return c.json(item!, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/incidents/batch',
      tags: ['incidents'],
      summary: `Import up to ${batchLimit} incidents (e.g. a 12345 hotline export) in one transaction, idempotent per item`,
      description: 'Every item is validated first; then all are written in one transaction or none. Each item answers created or duplicate. '
        + 'Duplicate suggestions are found after the answer: each created case that has some is announced as an incident.duplicates '
        + 'live event (GET /api/stream), and the case page lists them; the answer\'s duplicateSuggestions are empty.',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ items: z.array(incidentItem).min(1).max(batchLimit) }) } },
          required: true,
        },
      },
      responses: {
        200: jsonResponse(incidentBatchResultSchema, 'Per item: created or duplicate'),
        409: errorResponse('idempotency_key_reused'),
        422: errorResponse('incidents_unprocessable: the items\' problems in details.fields'),
      },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { items } = c.req.valid('json');
      const now = clock();
      const results = await ingestIncidents(sql, items as IncidentDraft[], {
        viewer, now, clientAddress: c.get('clientAddress'), fieldPrefix: (index) => `items.${index}.`, dataKey, gridIndex, liveEvents,
      });
      // advice for the dispatcher, after the answer (issue 21 §4): a failure here loses no report
      void announceDuplicateSuggestions(sql, liveEvents, results, reportedSpanOf(items as IncidentDraft[], now)).catch((error: unknown) => {
        console.warn('[gridatlas] duplicate suggestions not announced:', error instanceof Error ? error.message : error);
      });
      return c.json({
        created: results.filter((item) => item.result === 'created').length,
        duplicates: results.filter((item) => item.result === 'duplicate').length,
        items: results,
      }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/cases',
      tags: ['incidents'],
      summary: 'The case desk and "my tasks": filterable, scoped by role (a worker: their grid, their assignments, their reports)',
      request: {
        query: z.object({
          status: z.string().optional().openapi({ param: { name: 'status', in: 'query' }, example: 'dispatched,handling' }),
          category: z.string().regex(/^[0-9]{2}([0-9]{2})?$/).optional(),
          gridId: optionalIdParameter('gridId'),
          overdue: booleanParameter('overdue'),
          assignedToMe: booleanParameter('assignedToMe'),
          sort: z.enum(['due', 'reported']).optional(),
          limit: limitParameter(500, 100),
          offset: z.string().regex(/^[0-9]{1,7}$/).transform(Number).optional()
            .openapi({ param: { name: 'offset', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: { 200: jsonResponse(caseListSchema, 'A page of cases'), 400: errorResponse('A malformed or unknown filter') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const query = c.req.valid('query');
      const statuses = query.status?.split(',').map((part) => part.trim()).filter(Boolean);
      const unknown = statuses?.filter((status) => !(incidentStatuses as readonly string[]).includes(status)) ?? [];
      if (unknown.length > 0) throw invalidRequest([problem('status', 'unknown_status', { statuses: unknown.join(', ') })]);
      const now = clock();
      const { rows, total } = await listCases(sql, caseScopeOf(viewer), {
        ...(statuses ? { statuses } : {}),
        ...(query.category ? { category: query.category } : {}),
        ...(query.gridId !== undefined ? { gridId: query.gridId } : {}),
        ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
        ...(query.assignedToMe ? { assignedTo: { workerId: viewer.workerId, userId: viewer.userId } } : {}),
        sort: query.sort ?? 'due',
        limit: query.limit,
        offset: query.offset ?? 0,
      }, now);
      return c.json({ total, now: now.toISOString(), cases: rows.map((row) => caseView(row, viewer, dataKey)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/incidents/{id}',
      tags: ['incidents'],
      summary: 'A case with its full timeline and the actions the caller may take; outside the caller\'s scope it does not exist (404)',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(casePageSchema, 'The case'), 404: errorResponse('No such case, or not in the caller\'s scope') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      const now = clock();
      const row = await findCase(sql, id, caseScopeOf(viewer), now);
      if (!row) throw notFound('incident', id);
      const timeline = await listEvents(sql, id);
      const suggestions = ['reported', 'registered', 'dispatched'].includes(row.status)
        ? (await suggestDuplicates(sql, [id], { from: row.reportedAt, to: row.reportedAt }, await readPolicyNumber(sql, 'duplicate_radius_metres', 50), await readPolicyNumber(sql, 'duplicate_window_hours', 72))).map(duplicateSuggestionView)
        : [];
      const locale = c.get('locale');
      return c.json({ case: caseView(row, viewer, dataKey), timeline: timeline.map((event) => caseEventView(event, locale)), duplicateSuggestions: suggestions, now: now.toISOString() }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/incidents/{id}/transitions',
      tags: ['incidents'],
      summary: 'Take one action of the loop: register, reject, merge, dispatch, accept, start, handle, pass_check, fail_check, close, backlog',
      description: 'Not allowed from the current state → 409 invalid_transition with details.currentState; not allowed for the caller → 403 '
        + '(details.reason checker_is_handler when the checker handled the case). Each action writes an incident_events row in the same transaction.',
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: transitionBody } }, required: true } },
      responses: {
        200: jsonResponse(transitionResultSchema, 'The case after the action, with its timeline'),
        400: errorResponse('A note, photo or target the action needs is missing or wrong'),
        403: errorResponse('not_assignee, role_may_not_act or checker_is_handler'),
        404: errorResponse('No such case, or not in the caller\'s scope'),
        409: errorResponse('invalid_transition (details.currentState, details.allowedActions) or merge_into_rejected'),
        422: errorResponse('photos_not_uploaded, photo_required_to_close or no_dispatch_target'),
      },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const now = clock();
      await applyTransition(sql, id, body, { viewer, now, clientAddress: c.get('clientAddress') });
      // a merge changes the original too
      await publishIncidentEvents(sql, liveEvents, 'incident.changed', body.duplicateOf ? [id, body.duplicateOf] : [id]);
      const row = await findCase(sql, id, caseScopeOf(viewer), now);
      // a worker who passed the case on may no longer see it
      if (!row) return c.json({ case: null, timeline: [], now: now.toISOString() }, 200);
      const locale = c.get('locale');
      return c.json({ case: caseView(row, viewer, dataKey), timeline: (await listEvents(sql, id)).map((event) => caseEventView(event, locale)), now: now.toISOString() }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/notifications',
      tags: ['incidents'],
      summary: 'Notifications for the caller (overdue escalations for the command centre), newest first',
      request: { query: z.object({ unread: booleanParameter('unread'), limit: limitParameter(500, 100) }) },
      responses: { 200: jsonResponse(notificationListSchema, 'Notifications, each rendered in the request\'s language') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { unread, limit } = c.req.valid('query');
      const locale = c.get('locale');
      return c.json({ notifications: (await listNotifications(sql, viewer, unread ?? false, limit)).map((row) => notificationView(row, locale)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/notifications/{id}/read',
      tags: ['incidents'],
      summary: 'Mark a notification read',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(notificationReadSchema, 'Marked'), 404: errorResponse('No such notification for the caller') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      if (!(await markNotificationRead(sql, id, viewer, clock()))) throw notFound('notification', id);
      return c.json({ id, read: true as const }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/categories/{code}',
      tags: ['incidents'],
      summary: 'Edit a category: names, deadline, photo required to close, handling department; admin only',
      request: {
        params: z.object({ code: z.string().regex(/^[0-9]{2}([0-9]{2})?$/).openapi({ param: { name: 'code', in: 'path' } }) }),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                nameZh: z.string().trim().min(1).max(100).optional(),
                nameEn: z.string().trim().min(1).max(100).optional(),
                deadlineAmount: z.number().int().min(1).max(1000).optional(),
                deadlineUnit: z.enum(['working_hours', 'working_days']).optional(),
                photoRequiredToClose: z.boolean().optional(),
                department: z.string().trim().min(1).max(100).nullable().optional(),
              }).strict(),
            },
          },
          required: true,
        },
      },
      responses: {
        200: jsonResponse(categorySchema, 'The category'),
        400: errorResponse('nothing_to_change, or a deadline on a major class'),
        404: errorResponse('No such category'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const patch = Object.fromEntries(Object.entries(c.req.valid('json')).filter(([, value]) => value !== undefined));
      return c.json(await editCategory(sql, signedInViewer(c.get('viewer')), code, patch, c.get('clientAddress')), 200);
    },
  );

  return router;
}
