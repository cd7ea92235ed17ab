import { createRoute, z } from '@hono/zod-openapi';
import {
  dutyShiftSchema, emergencyDrillListSchema, emergencyDrillSchema, emergencyListSchema, emergencyPlanListSchema, emergencyPlanSchema,
  emergencyPlanVersionListSchema, emergencySchema, emergencyTeamListSchema, emergencyTeamSchema, linkageReceiptSchema, onDutyListSchema,
  planCoverageSchema, teamMemberSchema,
} from '../../contract/emergency.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, invalidRequest, problem, problemFromZodIssue } from '../http/failure.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { idParameter, latitudeParameter, longitudeParameter } from '../http/query-parameters.ts';
import { localDate, zoneTimeZone } from '../time/zone.ts';
import { listEmergencies } from './emergencies.repo.ts';
import { activationBodySchema, dateText, instantText, lngLat, linkageMessageSchema, planBodySchema } from './emergency-inputs.ts';
import {
  emergencyPlanVersions, findEmergencyPlan, listEmergencyPlans, planCoverage, planDrills, recordDrill, retireEmergencyPlan, saveEmergencyPlan,
} from './emergency-plans.ts';
import {
  activateEmergency, addEmergencyNote, closeEmergencyWithReview, findEmergencyView, handOver, receivePlatformMessage,
} from './emergency-response.ts';
import { addDutyShift, addTeamMember, createEmergencyTeam, listEmergencyTeams, onDutyNear } from './emergency-teams.ts';
import { communityAt } from './emergencies.repo.ts';
import { jsonWebhookAdapter, signatureMatches, type LinkageAdapter } from './linkage-adapter.ts';

const json = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });

/**
 * Community emergency management (issue 20): plans and their coverage, drills, teams and the duty
 * roster, activated emergencies with their log, hand-overs and the 110/119/120 webhook.
 */
export function createEmergencyRoutes({ database, config, dataKey }: AppContext, options: { clock?: () => Date; adapter?: LinkageAdapter } = {}) {
  const router = createRouter();
  const { sql } = database;
  const clock = options.clock ?? (() => new Date());
  const adapter = options.adapter ?? jsonWebhookAdapter({ url: config.linkageWebhookUrl, secret: config.linkageSecret });
  const today = async () => localDate(clock(), await zoneTimeZone(sql));

  // ── plans ──
  router.openapi(
    createRoute({
      method: 'get', path: '/emergency-plans', tags: ['emergency'], summary: 'Emergency plans (预案): level, what they cover, review and drill status',
      request: { query: z.object({ includeRetired: z.enum(['true', 'false']).optional().openapi({ param: { name: 'includeRetired', in: 'query' } }) }) },
      responses: { 200: jsonResponse(emergencyPlanListSchema, 'Plans') },
    }),
    async (c) => c.json({ plans: await listEmergencyPlans(sql, { includeRetired: c.req.valid('query').includeRetired === 'true' }) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/emergency-plans/coverage', tags: ['emergency'],
      summary: 'Coverage: 重大/较大 risk sources without a current plan, plans overdue for review, plans without a drill in the policy period',
      responses: { 200: jsonResponse(planCoverageSchema, 'Coverage') },
    }),
    async (c) => c.json(await planCoverage(sql), 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/emergency-plans/{id}', tags: ['emergency'], summary: 'One emergency plan',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(emergencyPlanSchema, 'The plan'), 404: errorResponse('No such plan') },
    }),
    async (c) => c.json(await findEmergencyPlan(sql, c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergency-plans', tags: ['emergency'], summary: 'Create an emergency plan (version 1; audited)',
      request: json(planBodySchema),
      responses: { 201: jsonResponse(emergencyPlanSchema, 'Created'), 400: errorResponse('A field is wrong: unknown_risk_source, unknown_category, …') },
    }),
    async (c) => {
      const plan = await saveEmergencyPlan(sql, signedInViewer(c.get('viewer')), c.req.valid('json'), { today: await today(), clientAddress: c.get('clientAddress') });
      return c.json(plan, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'put', path: '/emergency-plans/{id}', tags: ['emergency'], summary: 'Save a new version of a plan (the previous one is kept; audited)',
      request: { params: z.object({ id: idParameter }), ...json(planBodySchema) },
      responses: {
        200: jsonResponse(emergencyPlanSchema, 'Saved as a new version'), 400: errorResponse('A field is wrong'), 404: errorResponse('No such plan'),
        409: errorResponse('emergency_plan_retired'),
      },
    }),
    async (c) => {
      const plan = await saveEmergencyPlan(sql, signedInViewer(c.get('viewer')), c.req.valid('json'), {
        planId: c.req.valid('param').id, today: await today(), clientAddress: c.get('clientAddress'),
      });
      return c.json(plan, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergency-plans/{id}/retire', tags: ['emergency'], summary: 'Retire a plan: kept on record, no longer activated',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(emergencyPlanSchema, 'Retired'), 404: errorResponse('No such plan'), 409: errorResponse('emergency_plan_retired') },
    }),
    async (c) => c.json(await retireEmergencyPlan(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, { now: clock(), clientAddress: c.get('clientAddress') }), 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/emergency-plans/{id}/versions', tags: ['emergency'], summary: 'Every saved version of a plan, oldest first',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(emergencyPlanVersionListSchema, 'Versions'), 404: errorResponse('No such plan') },
    }),
    async (c) => c.json(await emergencyPlanVersions(sql, c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/emergency-plans/{id}/drills', tags: ['emergency'], summary: "A plan's drills (演练), latest first",
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(emergencyDrillListSchema, 'Drills'), 404: errorResponse('No such plan') },
    }),
    async (c) => c.json({ drills: await planDrills(sql, c.req.valid('param').id) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergency-plans/{id}/drills', tags: ['emergency'], summary: 'Record a drill: date, participants, findings (audited)',
      request: {
        params: z.object({ id: idParameter }),
        ...json(z.object({ heldOn: dateText, participants: z.number().int().min(1).max(100000), findings: z.string().trim().max(4000).default('') })),
      },
      responses: {
        201: jsonResponse(emergencyDrillSchema, 'Recorded'), 400: errorResponse('A field is wrong'), 404: errorResponse('No such plan'),
        409: errorResponse('emergency_plan_retired'),
      },
    }),
    async (c) => {
      const drill = await recordDrill(sql, signedInViewer(c.get('viewer')), { planId: c.req.valid('param').id, ...c.req.valid('json') }, {
        today: await today(), clientAddress: c.get('clientAddress'),
      });
      return c.json(drill, 201);
    },
  );

  // ── teams and duty ──
  router.openapi(
    createRoute({
      method: 'get', path: '/emergency-teams', tags: ['emergency'], summary: 'Leading group, teams (with resident volunteers), duty rooms and CCTV rooms, with who is on duty now',
      responses: { 200: jsonResponse(emergencyTeamListSchema, 'Teams') },
    }),
    async (c) => c.json({ teams: await listEmergencyTeams(sql, clock()) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergency-teams', tags: ['emergency'], summary: 'Create a team, duty room or CCTV room (audited)',
      request: json(z.object({
        name: z.string().trim().min(1).max(200),
        kind: z.enum(['leading_group', 'rescue_team', 'volunteer_team', 'duty_room', 'cctv_room']),
        communityId: z.number().int().positive().nullable().default(null),
        point: lngLat.nullable().default(null),
        phone: z.string().trim().regex(/^[0-9+\- ]{3,20}$/).nullable().default(null),
      })),
      responses: { 201: jsonResponse(emergencyTeamSchema, 'Created'), 400: errorResponse('A field is wrong') },
    }),
    async (c) => c.json(await createEmergencyTeam(sql, signedInViewer(c.get('viewer')), c.req.valid('json'), { now: clock(), clientAddress: c.get('clientAddress') }), 201),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergency-teams/{id}/members', tags: ['emergency'], summary: 'Add a member (a resident volunteer too) to a team (audited)',
      request: {
        params: z.object({ id: idParameter }),
        ...json(z.object({
          name: z.string().trim().min(1).max(100), duty: z.string().trim().max(100).default(''),
          phone: z.string().trim().regex(/^[0-9+\- ]{3,20}$/).nullable().default(null), isResident: z.boolean().default(false),
        })),
      },
      responses: { 201: jsonResponse(teamMemberSchema, 'Added'), 400: errorResponse('A field is wrong'), 404: errorResponse('No such team') },
    }),
    async (c) => c.json(await addTeamMember(sql, signedInViewer(c.get('viewer')), { teamId: c.req.valid('param').id, ...c.req.valid('json') }, { clientAddress: c.get('clientAddress') }), 201),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergency-teams/{id}/shifts', tags: ['emergency'], summary: 'Put a member on the duty roster (值班表) for a period (audited)',
      request: { params: z.object({ id: idParameter }), ...json(z.object({ memberId: z.number().int().positive(), startsAt: instantText, endsAt: instantText })) },
      responses: { 201: jsonResponse(dutyShiftSchema, 'On the roster'), 400: errorResponse('A field is wrong: ends_before_start, not_a_team_member'), 404: errorResponse('No such team') },
    }),
    async (c) => c.json(await addDutyShift(sql, signedInViewer(c.get('viewer')), { teamId: c.req.valid('param').id, ...c.req.valid('json') }, { clientAddress: c.get('clientAddress') }), 201),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/emergency-duty', tags: ['emergency'], summary: 'Who is on duty now; near a point: its community and the street, nearest duty rooms first',
      request: { query: z.object({ lng: longitudeParameter.optional(), lat: latitudeParameter.optional() }) },
      responses: { 200: jsonResponse(onDutyListSchema, 'On duty'), 400: errorResponse('lng and lat go together') },
    }),
    async (c) => {
      const { lng, lat } = c.req.valid('query');
      if ((lng === undefined) !== (lat === undefined)) throw invalidRequest([problem(lng === undefined ? 'lng' : 'lat', 'lat_and_long_together', {})]);
      const at = clock();
      const near = lng !== undefined && lat !== undefined ? { longitude: lng, latitude: lat, communityId: await communityAt(sql, lng, lat) } : undefined;
      return c.json({ at: at.toISOString(), onDuty: await onDutyNear(sql, at, near) }, 200);
    },
  );

  // ── emergencies ──
  router.openapi(
    createRoute({
      method: 'get', path: '/emergencies', tags: ['emergency'], summary: 'Activated emergencies, latest first',
      request: { query: z.object({ status: z.enum(['active', 'closed']).optional().openapi({ param: { name: 'status', in: 'query' } }) }) },
      responses: { 200: jsonResponse(emergencyListSchema, 'Emergencies') },
    }),
    async (c) => {
      const rows = await listEmergencies(sql, c.req.valid('query'));
      return c.json({
        emergencies: rows.map((row) => ({
          id: row.id, status: row.status, planId: row.planId, planTitle: row.planTitle, incidentId: row.incidentId === null ? null : Number(row.incidentId),
          responseLevel: row.responseLevel, longitude: row.longitude, latitude: row.latitude, radiusMetres: row.radiusMetres,
          activatedAt: row.activatedAt.toISOString(), closedAt: row.closedAt?.toISOString() ?? null,
        })),
      }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergencies', tags: ['emergency'],
      summary: 'Activate a plan at a response level, from an incident or a point: affected households (vulnerable first), nearest equipment, who is on duty',
      description: 'Without planId the current plan covering the place (a risk source in the circle, else the event kind in the community, else the street) is used.',
      request: json(activationBodySchema),
      responses: {
        201: jsonResponse(emergencySchema, 'Activated'), 400: errorResponse('incident_or_point_required, unknown_incident, unknown_emergency_plan'),
        409: errorResponse('emergency_plan_retired, emergency_plan_draft'),
      },
    }),
    async (c) => c.json(await activateEmergency(sql, signedInViewer(c.get('viewer')), c.req.valid('json'), { now: clock(), clientAddress: c.get('clientAddress'), dataKey }), 201),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/emergencies/{id}', tags: ['emergency'], summary: 'One emergency with its circle, equipment, duty, hand-overs and log',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(emergencySchema, 'The emergency'), 404: errorResponse('No such emergency') },
    }),
    async (c) => c.json(await findEmergencyView(sql, dataKey, c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergencies/{id}/log', tags: ['emergency'], summary: 'Add a timestamped note to the event log',
      request: { params: z.object({ id: idParameter }), ...json(z.object({ note: z.string().trim().min(1).max(2000) })) },
      responses: { 200: jsonResponse(emergencySchema, 'Logged'), 404: errorResponse('No such emergency'), 409: errorResponse('emergency_closed') },
    }),
    async (c) => c.json(await addEmergencyNote(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json').note, { now: clock(), clientAddress: c.get('clientAddress'), dataKey }), 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergencies/{id}/handovers', tags: ['emergency'],
      summary: 'Hand over to 110/119/120: recorded (phone, with their reference) or sent through the JSON webhook',
      request: {
        params: z.object({ id: idParameter }),
        ...json(z.object({ platform: z.enum(['110', '119', '120']), channel: z.enum(['phone', 'webhook']), reference: z.string().trim().min(1).max(100).optional() })),
      },
      responses: { 200: jsonResponse(emergencySchema, 'Handed over (delivery says whether the webhook took it)'), 404: errorResponse('No such emergency'), 409: errorResponse('emergency_closed') },
    }),
    async (c) => c.json(await handOver(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), { now: clock(), clientAddress: c.get('clientAddress'), adapter, dataKey }), 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/emergencies/{id}/close', tags: ['emergency'], summary: 'Close the emergency with its review (总结)',
      request: { params: z.object({ id: idParameter }), ...json(z.object({ review: z.string().trim().min(1).max(8000) })) },
      responses: { 200: jsonResponse(emergencySchema, 'Closed'), 404: errorResponse('No such emergency'), 409: errorResponse('emergency_closed') },
    }),
    async (c) => c.json(await closeEmergencyWithReview(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json').review, { now: clock(), clientAddress: c.get('clientAddress'), dataKey }), 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/linkage/webhook', tags: ['emergency'],
      summary: 'A 110/119/120 platform reports back (JSON webhook in): signed with X-GridAtlas-Signature: sha256=<HMAC of the body>',
      description: 'Body: {"emergencyId": 12, "platform": "119", "reference": "F2026-0042", "status": "dispatched", "note": "…"}. See server/emergency/linkage-adapter.ts.',
      responses: {
        200: jsonResponse(linkageReceiptSchema, 'Logged on the emergency'), 400: errorResponse('A field is wrong'),
        403: errorResponse('linkage_signature_invalid'), 404: errorResponse('No such emergency'),
      },
    }),
    async (c) => {
      const body = await c.req.text();
      if (!signatureMatches(config.linkageSecret, body, c.req.header('X-GridAtlas-Signature'))) throw new Failure('linkage_signature_invalid', {});
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw invalidRequest([problem('body', 'not_json', {})]);
      }
      const message = linkageMessageSchema.safeParse(parsed);
      if (!message.success) throw invalidRequest(message.error.issues.map((issue) => problemFromZodIssue(issue, 'body')));
      return c.json(await receivePlatformMessage(sql, message.data, { now: clock() }), 200);
    },
  );

  return router;
}
