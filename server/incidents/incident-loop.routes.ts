import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, invalidRequest, notFound } from '../http/failure.ts';
import { idParameter, limitParameter } from '../http/query-parameters.ts';
import { caseView } from './incident-case-view.ts';
import { batchLimit, incidentSources, ingestIncidents, type IncidentDraft } from './incident-ingestion.ts';
import {
  findCase, findCategory, listCases, listEvents, listNotifications, markNotificationRead, readPolicyNumber, suggestDuplicates, updateCategory,
} from './incident-loop.repo.ts';
import { incidentActions } from './incident-state-machine.ts';
import { incidentStatuses } from './incident-statuses.ts';
import { applyTransition, caseScopeOf } from './incident-transitions.ts';
import { publishIncidentEvents } from './incident-live-events.ts';
import { photoNamePattern } from './photo-store.ts';

const photoName = z.string().regex(photoNamePattern, 'a photo name returned by POST /api/photos');

const isoInstant = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) && !Number.isNaN(new Date(text).getTime()),
    'an ISO 8601 date-time with a zone, e.g. 2026-05-01T08:00:00+08:00')
  .transform((text) => new Date(text));

const incidentItem = z.object({
  idempotencyKey: z.string().trim().min(1).max(200).optional()
    .openapi({ description: 'Retrying with the same key and body returns the original case; a different body is a 409' }),
  categoryCode: z.string().regex(/^[0-9]{4}$/, 'categoryCode must be a 4-digit minor category code, e.g. 0102'),
  description: z.string().trim().min(1, 'description must not be empty').max(2000),
  longitude: z.number().min(-180).max(180),
  latitude: z.number().min(-90).max(90),
  address: z.string().trim().max(300).optional(),
  source: z.enum(incidentSources).optional().openapi({ description: 'patrol (a worker: always), resident, hotline (12345), referral, sensor' }),
  reportedAt: isoInstant.optional().openapi({ type: 'string', format: 'date-time', description: 'When the problem was reported (e.g. the hotline call); default now' }),
  reporterName: z.string().trim().min(1).max(50).optional(),
  reporterPhone: z.string().trim().regex(/^[0-9+\-() ]{3,30}$/, 'reporterPhone must be a phone number').optional(),
  photos: z.array(photoName).max(9).optional(),
});

const transitionBody = z.object({
  action: z.enum(incidentActions),
  note: z.string().max(2000).optional(),
  photos: z.array(photoName).max(9).optional(),
  duplicateOf: z.number().int().positive().optional().openapi({ description: 'merge: the original case' }),
  target: z
    .union([
      z.object({ workerId: z.number().int().positive() }).strict(),
      z.object({ department: z.string().trim().min(1).max(100) }).strict(),
      z.object({ userId: z.number().int().positive() }).strict(),
    ])
    .optional()
    .openapi({ description: 'dispatch: a worker, a department or a dispatcher; omitted → routed automatically' }),
});

const booleanParameter = (name: string) =>
  z.enum(['true', 'false']).transform((text) => text === 'true').optional().openapi({ param: { name, in: 'query' }, type: 'boolean' });

const optionalIdParameter = (name: string) =>
  z.string().regex(/^[1-9][0-9]{0,9}$/, `${name} must be a positive integer`).transform(Number).optional()
    .openapi({ param: { name, in: 'query' }, type: 'integer' });

const json = (description: string) => ({ content: { 'application/json': { schema: z.any() } }, description });

/**
 * The closed loop over HTTP: report (one or a batch), the case desk list, the case page with its
 * timeline, one transitions endpoint for every action of the state machine, escalation
 * notifications, and category settings. `clock` is injectable for tests.
 */
export function createIncidentLoopRoutes({ database, liveEvents }: AppContext, options: { clock?: () => Date } = {}) {
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
      responses: { 201: json('Created'), 200: json('Already reported with this idempotency key'), 409: json('Key reused with a different body'), 422: json('Invalid') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const draft = c.req.valid('json') as IncidentDraft;
      const [item] = await ingestIncidents(sql, [draft], { viewer, now: clock(), clientAddress: c.get('clientAddress'), fieldPrefix: () => '' });
      if (item!.result === 'created') await publishIncidentEvents(sql, liveEvents, 'incident.created', [item!.id]);
      return c.json(item!, item!.result === 'created' ? 201 : 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/incidents/batch',
      tags: ['incidents'],
      summary: `Import up to ${batchLimit} incidents (e.g. a 12345 hotline export) in one transaction, idempotent per item`,
      description: 'Every item is validated first; then all are written in one transaction or none. Each item answers created or duplicate.',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ items: z.array(incidentItem).min(1).max(batchLimit, `a batch holds at most ${batchLimit} items`) }) } },
          required: true,
        },
      },
      responses: { 200: json('Per item: created or duplicate'), 409: json('A key reused with a different body'), 422: json('Invalid items') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { items } = c.req.valid('json');
      const results = await ingestIncidents(sql, items as IncidentDraft[], {
        viewer, now: clock(), clientAddress: c.get('clientAddress'), fieldPrefix: (index) => `items.${index}.`,
      });
      await publishIncidentEvents(sql, liveEvents, 'incident.created', results.filter((item) => item.result === 'created').map((item) => item.id));
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
          category: z.string().regex(/^[0-9]{2}([0-9]{2})?$/, 'category must be a 2- or 4-digit category code').optional(),
          gridId: optionalIdParameter('gridId'),
          overdue: booleanParameter('overdue'),
          assignedToMe: booleanParameter('assignedToMe'),
          sort: z.enum(['due', 'reported']).optional(),
          limit: limitParameter(500, 100),
          offset: z.string().regex(/^[0-9]{1,7}$/, 'offset must be a non-negative integer').transform(Number).optional()
            .openapi({ param: { name: 'offset', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: { 200: json('A page of cases') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const query = c.req.valid('query');
      const statuses = query.status?.split(',').map((part) => part.trim()).filter(Boolean);
      const unknown = statuses?.filter((status) => !(incidentStatuses as readonly string[]).includes(status)) ?? [];
      if (unknown.length > 0) throw invalidRequest([{ field: 'status', message: `unknown status ${unknown.join(', ')}` }]);
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
      return c.json({ total, now: now.toISOString(), cases: rows.map((row) => caseView(row, viewer)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/incidents/{id}',
      tags: ['incidents'],
      summary: 'A case with its full timeline and the actions the caller may take; outside the caller\'s scope it does not exist (404)',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: json('The case') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      const now = clock();
      const row = await findCase(sql, id, caseScopeOf(viewer), now);
      if (!row) throw notFound('incident', id);
      const timeline = await listEvents(sql, id);
      const suggestions = ['reported', 'registered', 'dispatched'].includes(row.status)
        ? (await suggestDuplicates(sql, [id], await readPolicyNumber(sql, 'duplicate_radius_metres', 50), await readPolicyNumber(sql, 'duplicate_window_hours', 72))).map(({ incidentId: _incidentId, ...rest }) => rest)
        : [];
      return c.json({ case: caseView(row, viewer), timeline, duplicateSuggestions: suggestions, now: now.toISOString() }, 200);
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
      responses: { 200: json('The case after the action, with its timeline'), 403: json('Not for this caller'), 409: json('Not from this state') },
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
      return c.json({ case: caseView(row, viewer), timeline: await listEvents(sql, id), now: now.toISOString() }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/notifications',
      tags: ['incidents'],
      summary: 'Notifications for the caller (overdue escalations for the command centre), newest first',
      request: { query: z.object({ unread: booleanParameter('unread'), limit: limitParameter(500, 100) }) },
      responses: { 200: json('Notifications') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { unread, limit } = c.req.valid('query');
      return c.json({ notifications: await listNotifications(sql, viewer, unread ?? false, limit) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/notifications/{id}/read',
      tags: ['incidents'],
      summary: 'Mark a notification read',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: json('Marked') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      if (!(await markNotificationRead(sql, id, viewer, clock()))) throw notFound('notification', id);
      return c.json({ id, read: true }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'patch',
      path: '/categories/{code}',
      tags: ['incidents'],
      summary: 'Edit a category: names, deadline, photo required to close, handling department; admin only',
      request: {
        params: z.object({ code: z.string().regex(/^[0-9]{2}([0-9]{2})?$/, 'code must be a 2- or 4-digit category code').openapi({ param: { name: 'code', in: 'path' } }) }),
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
      responses: { 200: json('The category') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { code } = c.req.valid('param');
      const patch = Object.fromEntries(Object.entries(c.req.valid('json')).filter(([, value]) => value !== undefined));
      if (Object.keys(patch).length === 0) throw invalidRequest([{ field: 'body', message: 'name at least one field to change' }]);
      const updated = await sql.begin(async (transaction) => {
        const category = await findCategory(transaction, code);
        if (!category) throw notFound('category', code);
        if (category.majorCode === null && (patch.deadlineAmount !== undefined || patch.deadlineUnit !== undefined)) {
          throw invalidRequest([{ field: 'deadlineAmount', message: 'a major class has no deadline: set it on its minor classes' }]);
        }
        const row = await updateCategory(transaction, code, patch);
        await recordAudit(transaction, {
          viewer, action: 'category.update', objectType: 'incident_category', objectId: code, result: 'ok', clientAddress: c.get('clientAddress'),
          details: { before: { ...category }, changes: patch },
        });
        return row;
      });
      if (!updated) throw new Failure('not_found', `category ${code} does not exist`);
      return c.json(updated, 200);
    },
  );

  return router;
}
