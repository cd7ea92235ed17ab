import { createRoute, z } from '@hono/zod-openapi';
import { signedInViewer } from '../accounts/authenticate.ts';
import {
  dutyCheckInSchema, dutyPostListSchema, dutyPostSchema, equipmentLedgerSchema, stationListSchema, stationReviewListSchema, stationReviewSchema, stationSchema,
} from '../../contract/duties.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { idParameter } from '../http/query-parameters.ts';
import { checkIn, dutyPostsOn, scheduleShift } from './duty-posts.ts';
import { equipmentLedger, joinStation, leaveStation, recordEquipment, recordReview, stationReviews, stationsTable } from './stations.ts';

const dayText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => !Number.isNaN(new Date(`${text}T00:00:00Z`).getTime()) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), { params: { problem: 'not_a_date' } });
const timeText = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/).openapi({ example: '07:00' });
const communityIdQuery = z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number).optional().openapi({ param: { name: 'communityId', in: 'query' }, type: 'integer' });

const joinSchema = z
  .object({
    personId: z.number().int().positive().optional(),
    newPerson: z.object({ name: z.string().trim().min(1).max(100), dutyPhone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).optional() }).strict().optional(),
    role: z.enum(['head', 'deputy', 'member']),
    joinedOn: dayText,
  })
  .strict();
const equipmentSchema = z
  .object({
    kind: z.enum(['e_bike', 'radio', 'evidence_camera', 'computer', 'other']),
    quantityChange: z.number().int().min(-1000).max(1000).refine((value) => value !== 0, { params: { problem: 'not_zero' } }),
    recordedOn: dayText,
    note: z.string().trim().max(500).optional(),
  })
  .strict();
const shiftSchema = z.object({ personId: z.number().int().positive(), weekday: z.number().int().min(1).max(7), startsAt: timeText, endsAt: timeText }).strict();
const reviewSchema = z
  .object({
    personId: z.number().int().positive(),
    kind: z.enum(['monthly', 'half_year']),
    period: z.string().regex(/^[0-9]{4}-((0[1-9]|1[0-2])|H[12])$/).openapi({ example: '2026-05' }),
    note: z.string().trim().min(1).max(4000),
  })
  .strict()
  .refine((body) => (body.kind === 'monthly') === /-[0-9]{2}$/.test(body.period), { path: ['period'], params: { problem: 'period_matches_kind' } });
const checkInSchema = z.object({ longitude: z.number().min(-180).max(180), latitude: z.number().min(-90).max(90) }).strict();

export function createStationRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/stations',
      tags: ['duties'],
      summary: 'Community urban-management stations: requiredStaff by the staffing rule (cited), actualStaff from the roster, equipment',
      responses: { 200: jsonResponse(stationListSchema, 'Stations') },
    }),
    async (c) => c.json({ stations: await stationsTable(sql, c.get('locale')) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/stations/{id}/members',
      tags: ['duties'],
      summary: "Someone joins a station's roster (an existing person, or a new team member) (audited)",
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: joinSchema } }, required: true } },
      responses: {
        201: jsonResponse(stationSchema, 'The station after the change'),
        400: errorResponse('A field is wrong'),
        404: errorResponse('No such station'),
        422: errorResponse('person_has_left (personId)'),
      },
    }),
    async (c) => c.json(await joinStation(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), c.get('locale'), c.get('clientAddress')), 201),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/station-memberships/{id}/leave',
      tags: ['duties'],
      summary: 'A member leaves the station: the membership ends, its history stays (audited)',
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: z.object({ leftOn: dayText }).strict() } }, required: true } },
      responses: { 200: jsonResponse(stationSchema, 'The station after the change'), 400: errorResponse('A field is wrong'), 404: errorResponse('No such membership') },
    }),
    async (c) => c.json(await leaveStation(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json').leftOn, c.get('locale'), c.get('clientAddress')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/stations/{id}/equipment',
      tags: ['duties'],
      summary: "A station's equipment ledger (电瓶车, 对讲, 取证)",
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(equipmentLedgerSchema, 'Ledger'), 404: errorResponse('No such station') },
    }),
    async (c) => c.json({ entries: await equipmentLedger(sql, c.req.valid('param').id) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/stations/{id}/equipment',
      tags: ['duties'],
      summary: 'Record equipment issued (+) or written off (−) (audited)',
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: equipmentSchema } }, required: true } },
      responses: { 201: jsonResponse(equipmentLedgerSchema, 'Ledger'), 400: errorResponse('A field is wrong (below_stock)'), 404: errorResponse('No such station') },
    }),
    async (c) => c.json({ entries: await recordEquipment(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), c.get('clientAddress')) }, 201),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/stations/{id}/reviews',
      tags: ['duties'],
      summary: "A station's monthly reviews (讲评) and half-year summaries of its team members",
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(stationReviewListSchema, 'Reviews'), 404: errorResponse('No such station') },
    }),
    async (c) => c.json({ reviews: await stationReviews(sql, c.req.valid('param').id) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/stations/{id}/reviews',
      tags: ['duties'],
      summary: "Record a team member's monthly review or half-year summary (audited)",
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: reviewSchema } }, required: true } },
      responses: { 201: jsonResponse(stationReviewSchema, 'Recorded'), 400: errorResponse('A field is wrong (not_on_roster, already_reviewed)'), 404: errorResponse('No such station') },
    }),
    async (c) => c.json(await recordReview(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), c.get('clientAddress')), 201),
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/duty-posts',
      tags: ['duties'],
      summary: "Key-point duty posts with a date's roster (today by default), check-ins and missed shifts",
      request: { query: z.object({ date: dayText.optional().openapi({ param: { name: 'date', in: 'query' } }), communityId: communityIdQuery }) },
      responses: { 200: jsonResponse(dutyPostListSchema, 'Posts') },
    }),
    async (c) => c.json(await dutyPostsOn(sql, { ...c.req.valid('query'), now: new Date(), viewerWorkerId: signedInViewer(c.get('viewer')).workerId }), 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/duty-posts/{id}/shifts',
      tags: ['duties'],
      summary: "Put a person on a post's weekly roster (audited)",
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: shiftSchema } }, required: true } },
      responses: {
        201: jsonResponse(dutyPostSchema, 'The post with today\'s roster'),
        400: errorResponse('A field is wrong'),
        404: errorResponse('No such post'),
        422: errorResponse('shift_outside_post_hours (startsAt/endsAt), person_has_left (personId)'),
      },
    }),
    async (c) => c.json(await scheduleShift(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), c.get('clientAddress')), 201),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/duty-posts/{id}/check-ins',
      tags: ['duties'],
      summary: 'Check in at a post from the phone, within its radius (audited)',
      request: { params: z.object({ id: idParameter }), body: { content: { 'application/json': { schema: checkInSchema } }, required: true } },
      responses: {
        201: jsonResponse(dutyCheckInSchema, 'Checked in'),
        400: errorResponse('A field is wrong'),
        403: errorResponse('not_a_duty_person'),
        404: errorResponse('No such post'),
        422: errorResponse('check_in_too_far (location), no_shift_now'),
      },
    }),
    async (c) => c.json(await checkIn(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), { now: new Date(), clientAddress: c.get('clientAddress') }), 201),
  );

  return router;
}
