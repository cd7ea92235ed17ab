import { createRoute, z } from '@hono/zod-openapi';
import {
  adjustmentListSchema, adjustmentSchema, assessmentLevelSchema, assessmentPeriodSchema, itemSourcesSchema, manualScoreSchema, periodListSchema,
  schemeDefinitionSchema, schemeSchema, scoresSchema,
} from '../../contract/assessment.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { binaryResponse, errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { exportAssessmentLedger } from './assessment-ledger.ts';
import { fileLanguageParameter, idParameter } from '../http/query-parameters.ts';
import {
  createAdjustment, enterManualScore, raiseObjection, reopenPeriod, reviewObjection, saveScheme, signOffPeriod,
} from './assessment-decisions.ts';
import { listAssessmentAdjustments, listAssessmentPeriods, readScheme } from './assessment-reading.ts';
import { readItemSources, readScores } from './assessment-scores.ts';

const periodQuery = z.string().min(1).max(10).openapi({ param: { name: 'period', in: 'query' }, example: '2026-11', description: '2026-11, 2026-Q3 or 2026' });
const levelQuery = assessmentLevelSchema.default('worker').openapi({ param: { name: 'level', in: 'query' } });
const periodPath = z.string().min(1).max(10).openapi({ param: { name: 'code', in: 'path' }, example: '2026-11' });
const yearQuery = z.string().regex(/^(20|21)\d{2}$/).transform(Number).openapi({ param: { name: 'year', in: 'query' }, type: 'integer', example: '2026' });
const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

export function createAssessmentRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get', path: '/assessment/scores', tags: ['assessment'],
      summary: 'Scores and ranking of one level (worker, community, station) in a period, each item with the rows it counted; a grid worker gets only their own row',
      request: { query: z.object({ period: periodQuery, level: levelQuery }) },
      responses: { 200: jsonResponse(scoresSchema, 'The ranking'), 422: errorResponse('A malformed period or one not begun yet') },
    }),
    async (c) => c.json(await readScores(sql, c.get('viewer'), c.req.valid('query')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/assessment/sources', tags: ['assessment'],
      summary: 'The rows one item of one subject counted (cases, rework events, patrol reports, ratings, households, adjustments, manual scores)',
      request: {
        query: z.object({
          period: periodQuery, level: levelQuery,
          subject: z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number).openapi({ param: { name: 'subject', in: 'query' }, type: 'integer' }),
          indicator: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/).openapi({ param: { name: 'indicator', in: 'query' }, example: 'on_time' }),
        }),
      },
      responses: { 200: jsonResponse(itemSourcesSchema, 'The counted rows'), 404: errorResponse('No such subject or indicator') },
    }),
    async (c) => c.json(await readItemSources(sql, c.get('viewer'), c.req.valid('query')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/assessment/ledger.xlsx', tags: ['assessment'],
      summary: 'The 考核台账 of a period as an Excel workbook: the ranking of every level with its items, and the adjustments (audited)',
      request: { query: z.object({ period: periodQuery, lang: fileLanguageParameter }) },
      responses: {
        200: binaryResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Workbook'),
        422: errorResponse('A malformed period or one not begun yet'),
      },
    }),
    async (c) => {
      const { period, lang } = c.req.valid('query');
      const { workbook, fileName } = await exportAssessmentLedger(sql, signedInViewer(c.get('viewer')), period, c.get('clientAddress'), lang ?? c.get('locale'));
      return c.body(workbook, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'no-store',
      });
    },
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/assessment/periods', tags: ['assessment'],
      summary: 'The months, quarters and year of a year that have begun, with their sign-off status',
      request: { query: z.object({ year: yearQuery }) },
      responses: { 200: jsonResponse(periodListSchema, 'The periods') },
    }),
    async (c) => c.json({ periods: await listAssessmentPeriods(sql, c.req.valid('query').year) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/assessment/scheme', tags: ['assessment'],
      summary: 'The scheme a year is scored with now: its latest stored version, or the built-in default',
      request: { query: z.object({ year: yearQuery }) },
      responses: { 200: jsonResponse(schemeSchema, 'The scheme') },
    }),
    async (c) => c.json(await readScheme(sql, c.req.valid('query').year), 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/assessment/schemes', tags: ['assessment'],
      summary: 'Store a new version of a year\u2019s scheme (admin); weights must add up and formulas name known measures',
      request: {
        body: jsonBody(z.object({ year: z.number().int().min(2000).max(2100), definition: schemeDefinitionSchema, note: z.string().max(500).optional() })),
      },
      responses: { 201: jsonResponse(schemeSchema, 'The stored version'), 422: errorResponse('Weights or formulas refused') },
    }),
    async (c) => c.json(await saveScheme(sql, signedInViewer(c.get('viewer')), c.req.valid('json'), c.get('clientAddress')), 201),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/assessment/adjustments', tags: ['assessment'],
      summary: 'Bonus and deduction adjustments with their objections; a grid worker sees their own',
      request: {
        query: z.object({
          period: periodQuery.optional(),
          level: assessmentLevelSchema.optional().openapi({ param: { name: 'level', in: 'query' } }),
          subject: z.string().regex(/^[1-9][0-9]{0,9}$/).transform(Number).optional().openapi({ param: { name: 'subject', in: 'query' }, type: 'integer' }),
        }),
      },
      responses: { 200: jsonResponse(adjustmentListSchema, 'The adjustments') },
    }),
    async (c) => c.json({ adjustments: await listAssessmentAdjustments(sql, c.get('viewer'), c.req.valid('query')) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/assessment/adjustments', tags: ['assessment'],
      summary: 'Add an award bonus (1, 1.5 or 2) or a deduction (1–5, with its reason); 422 naming the field in a closed period or against the rule',
      request: {
        body: jsonBody(z.object({
          subject: z.number().int().positive(),
          level: assessmentLevelSchema.default('worker'),
          period: z.string().min(1).max(10),
          kind: z.enum(['bonus', 'deduction']),
          points: z.number(),
          reason: z.string().max(1000).optional(),
          achievement: z.string().max(200).optional(),
          evidencePhotos: z.array(z.string().regex(/^[0-9a-f]{32}\.(jpg|png|webp)$/)).max(5).optional(),
        })),
      },
      responses: { 201: jsonResponse(adjustmentSchema, 'The adjustment'), 422: errorResponse('The field that breaks the rule') },
    }),
    async (c) => c.json(await createAdjustment(sql, signedInViewer(c.get('viewer')), c.req.valid('json'), c.get('clientAddress')), 201),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/assessment/adjustments/{id}/objection', tags: ['assessment'],
      summary: 'The assessed subject objects to an adjustment, once, with a reason',
      request: { params: z.object({ id: idParameter }), body: jsonBody(z.object({ reason: z.string().trim().min(1).max(1000) })) },
      responses: { 200: jsonResponse(adjustmentSchema, 'The adjustment with its objection'), 409: errorResponse('Already objected') },
    }),
    async (c) => c.json(await raiseObjection(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json').reason, c.get('clientAddress')), 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/assessment/adjustments/{id}/review', tags: ['assessment'],
      summary: 'A reviewer upholds an objection (the adjustment is withdrawn) or rejects it',
      request: {
        params: z.object({ id: idParameter }),
        body: jsonBody(z.object({ decision: z.enum(['upheld', 'rejected']), note: z.string().max(1000).optional() })),
      },
      responses: { 200: jsonResponse(adjustmentSchema, 'The reviewed adjustment'), 409: errorResponse('No objection, or already decided') },
    }),
    async (c) => c.json(await reviewObjection(sql, signedInViewer(c.get('viewer')), c.req.valid('param').id, c.req.valid('json'), c.get('clientAddress')), 200),
  );

  router.openapi(
    createRoute({
      method: 'put', path: '/assessment/manual-scores', tags: ['assessment'],
      summary: 'A leader\u2019s score for a manual indicator (0 to its weight), with a comment',
      request: {
        body: jsonBody(z.object({
          period: z.string().min(1).max(10), level: assessmentLevelSchema, subject: z.number().int().positive(),
          indicator: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), points: z.number(), comment: z.string().max(1000),
        })),
      },
      responses: { 200: jsonResponse(manualScoreSchema, 'The score'), 422: errorResponse('The field that breaks the rule') },
    }),
    async (c) => c.json(await enterManualScore(sql, signedInViewer(c.get('viewer')), c.req.valid('json'), c.get('clientAddress')), 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/assessment/periods/{code}/sign-off', tags: ['assessment'],
      summary: 'A leader signs a period off: its scores are frozen with the scheme version used',
      request: { params: z.object({ code: periodPath }), body: jsonBody(z.object({ comment: z.string().max(2000).optional() })) },
      responses: { 200: jsonResponse(assessmentPeriodSchema, 'The signed-off period'), 409: errorResponse('Already signed off'), 422: errorResponse('Not ended, or months missing') },
    }),
    async (c) => c.json(
      await signOffPeriod(sql, signedInViewer(c.get('viewer')), c.req.valid('param').code, c.req.valid('json').comment?.trim() || null, c.get('clientAddress')),
      200,
    ),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/assessment/periods/{code}/reopen', tags: ['assessment'],
      summary: 'An administrator reopens a signed-off period, with the reason (audited)',
      request: { params: z.object({ code: periodPath }), body: jsonBody(z.object({ reason: z.string().trim().min(1).max(1000) })) },
      responses: { 200: jsonResponse(assessmentPeriodSchema, 'The reopened period'), 409: errorResponse('Not signed off') },
    }),
    async (c) => c.json(await reopenPeriod(sql, signedInViewer(c.get('viewer')), c.req.valid('param').code, c.req.valid('json').reason, c.get('clientAddress')), 200),
  );

  return router;
}
