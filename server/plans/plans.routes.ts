import { createRoute, z } from '@hono/zod-openapi';
import {
  createdCommunitySchema, planComparisonSchema, planDetailSchema, planDiscardResultSchema, planEditResultSchema, planListSchema,
  planRebaseResultSchema, planUndoResultSchema, publishOutcomeSchema,
} from '../../contract/plans.ts';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { gridEditOperations } from '../grids/grid-edit-operations.ts';
import type { GridEditOperation } from '../grids/layout-change.ts';
import { createRouter } from '../http/create-router.ts';
import { binaryResponse, errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { optionalJsonBody } from '../http/optional-json-body.ts';
import { fileLanguageParameter, idParameter, limitParameter } from '../http/query-parameters.ts';
import { localiseAnswer } from '../messages/localise-answer.ts';
import { createCommunityInPlan } from './create-community-in-plan.ts';
import { planDetailAnswer, planListItemView } from './plan-answers.ts';
import { discardPlan, exportPlanComparison, openPlanAsUser, publishPlan, rebasePlan, rollbackPlan } from './plan-lifecycle.ts';
import { createCommunityRequest, openPlanRequest, publishRequest, stepNoteRequest } from './plan-requests.ts';
import { comparePlan, planDetail } from './plan-views.ts';
import { listPlans, type PlanStatus } from './plans.repo.ts';
import { runPlanEdit, runPlanStep, undoPlanStep } from './run-plan-step.ts';
import { databaseIdPattern } from '../http/strict-values.ts';

const failures = {
  400: errorResponse('Malformed body; the field is named'),
  404: errorResponse('No such plan, community or grid version'),
  409: errorResponse('plan_conflict: the live layout changed since the plan was based on it (details.changedGrids) — rebase or discard; plan_status_forbids: the plan is not a draft'),
  422: errorResponse('plan_layout_invalid: the layout would be invalid (details.problems); an editing operation\'s own refusals'),
};
const planStatuses = ['draft', 'scheduled', 'published', 'discarded', 'conflicted'] as const;
const idParams = z.object({ id: idParameter });

/**
 * Draft plans (issue 6): open a plan for communities, edit it with the same operations as the live
 * editor (invisible to the live map), compare it with the live layout, publish it on a date, roll a
 * published plan back. Every step is a row of plan_steps and an audit row (plan-lifecycle.ts,
 * run-plan-step.ts); the routes parse, call one of those, answer.
 */
export function createPlanRoutes({ database, dataKey, gridIndex }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get', path: '/plans', tags: ['plans'], summary: 'Plans, newest first, with whether the live layout moved on (stale)',
      request: {
        query: z.object({
          status: z.enum(planStatuses).optional(),
          communityId: z.string().regex(databaseIdPattern).transform(Number).optional()
            .openapi({ param: { name: 'communityId', in: 'query' }, type: 'integer' }),
          limit: limitParameter(500, 100),
        }),
      },
      responses: { 200: jsonResponse(planListSchema, 'plans') },
    }),
    async (c) => {
      const { status, communityId, limit } = c.req.valid('query');
      const locale = c.get('locale');
      return c.json({ plans: (await listPlans(sql, { status: status as PlanStatus | undefined, communityId, limit })).map((row) => planListItemView(row, locale)) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/plans', tags: ['plans'], summary: 'Open a draft plan for one or more communities',
      request: { body: { content: { 'application/json': { schema: openPlanRequest } }, required: true } },
      responses: { 201: jsonResponse(planDetailSchema, 'The new plan'), 400: errorResponse('Malformed body; the field is named') },
    }),
    async (c) => {
      const planId = await openPlanAsUser(sql, c.req.valid('json'), { viewer: signedInViewer(c.get('viewer')), clientAddress: c.get('clientAddress') });
      return c.json(planDetailAnswer(await planDetail(sql, planId), c.get('locale')), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/plans/{id}', tags: ['plans'],
      summary: 'A plan: its layout with live figures and warnings, problems publishing would refuse, steps, live changes since its base',
      request: { params: idParams }, responses: { 200: jsonResponse(planDetailSchema, 'The plan'), 404: errorResponse('No such plan') },
    }),
    async (c) => c.json(planDetailAnswer(await planDetail(sql, c.req.valid('param').id), c.get('locale')), 200),
  );

  for (const operation of gridEditOperations) {
    for (const preview of [false, true]) {
      router.openapi(
        createRoute({
          method: 'post', path: `/plans/{id}/edits/${operation.path}${preview ? '/preview' : ''}`, tags: ['plans'],
          summary: `${preview ? 'Preview in a plan' : 'In a plan'}: ${operation.summary.toLowerCase()} (version ids are the plan's)`,
          request: { params: idParams, body: { content: { 'application/json': { schema: operation.schema } }, required: true } },
          responses: { 200: jsonResponse(planEditResultSchema, 'The plan\'s grids after the edit, with figures and warnings'), ...failures },
        }),
        async (c) => {
          const { id } = c.req.valid('param');
          const body = (c.req.valid as (target: 'json') => unknown)('json') as { changeNote?: string };
          const result = await runPlanEdit(
            sql, id, operation.planStepOperation ?? (operation.path.replace('-', '_') as Exclude<GridEditOperation, 'undo'>),
            { viewer: signedInViewer(c.get('viewer')), clientAddress: c.get('clientAddress'), preview, changeNote: body.changeNote },
            (transaction, policy) => operation.plan(transaction, body as never, policy),
          );
          return c.json(localiseAnswer(result, c.get('locale')), 200);
        },
      );
    }
  }

  router.openapi(
    createRoute({
      method: 'post', path: '/plans/{id}/communities', tags: ['plans'],
      summary: 'In a plan: make some grids of a community a new community (next free code; grids renumbered, workers kept)',
      request: { params: idParams, body: { content: { 'application/json': { schema: createCommunityRequest } }, required: true } },
      responses: { 200: jsonResponse(createdCommunitySchema, 'The new community and its renumbered grids'), ...failures },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const { answer, step } = await runPlanStep(
        sql, id, 'create_community',
        { viewer: signedInViewer(c.get('viewer')), clientAddress: c.get('clientAddress'), preview: false, changeNote: body.changeNote },
        (sandbox, _plan, current) => createCommunityInPlan(sandbox, current, body),
      );
      return c.json({ ...answer, planId: id, planStep: step }, 200);
    },
  );

  const stepRoute = (path: string, summary: string, body: 'note' | 'none') =>
    createRoute({
      method: 'post', path: `/plans/{id}/${path}`, tags: ['plans'], summary,
      request: { params: idParams, ...(body === 'note' ? { body: { content: { 'application/json': { schema: stepNoteRequest } }, required: false } } : {}) },
      responses: failures,
    });
  const actor = (c: { get: (key: 'viewer' | 'clientAddress') => unknown }) =>
    ({ viewer: signedInViewer(c.get('viewer') as never), clientAddress: c.get('clientAddress') as string });

  router.openapi(
    { ...stepRoute('undo', 'Undo the plan\'s latest step (a new step restoring the layout before it)', 'note'), responses: { 200: jsonResponse(planUndoResultSchema, 'The new step'), ...failures } },
    async (c) => {
      const body = await optionalJsonBody(c, stepNoteRequest);
      return c.json(await undoPlanStep(sql, c.req.valid('param').id, { ...actor(c), changeNote: body.changeNote }), 200);
    },
  );
  router.openapi(
    {
      ...stepRoute('rebase', 'Take live changes made since the plan\'s base into the plan (refused where the plan changed the same grid)', 'none'),
      responses: { 200: jsonResponse(planRebaseResultSchema, 'The new step and how many live grids it took over'), ...failures },
    },
    async (c) => c.json(await rebasePlan(sql, c.req.valid('param').id, actor(c)), 200),
  );
  router.openapi(
    { ...stepRoute('discard', 'Discard a draft, scheduled or conflicted plan', 'none'), responses: { 200: jsonResponse(planDiscardResultSchema, 'Discarded'), ...failures } },
    async (c) => {
      const { id } = c.req.valid('param');
      await discardPlan(sql, id, actor(c));
      return c.json({ planId: id, status: 'discarded' as const }, 200);
    },
  );
  router.openapi(
    {
      ...stepRoute('rollback', 'Roll back a published plan: a new draft plan restoring the layout it replaced', 'none'),
      responses: { 200: jsonResponse(planDetailSchema, 'The new plan'), ...failures },
    },
    async (c) => {
      const planId = await rollbackPlan(sql, c.req.valid('param').id, actor(c));
      return c.json(planDetailAnswer(await planDetail(sql, planId), c.get('locale')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/plans/{id}/publish', tags: ['plans'],
      summary: 'Publish: all of the plan\'s grid versions become live together at the effective date (ahead: scheduled)',
      request: { params: idParams, body: { content: { 'application/json': { schema: publishRequest } }, required: false } },
      responses: { 200: jsonResponse(publishOutcomeSchema, 'Published or scheduled'), ...failures },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = await optionalJsonBody(c, publishRequest);
      const outcome = await publishPlan(sql, id, body, actor(c));
      if (outcome.status === 'published') gridIndex.invalidate();
      return c.json({ planId: id, ...outcome }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/plans/{id}/compare', tags: ['plans'],
      summary: 'The change report: grids added/removed/changed, households and open cases that change grid (masked), workers affected, warnings before/after',
      request: { params: idParams }, responses: { 200: jsonResponse(planComparisonSchema, 'The change report'), ...failures },
    }),
    async (c) => c.json(localiseAnswer(await comparePlan(sql, dataKey, c.req.valid('param').id), c.get('locale')), 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/plans/{id}/compare.xlsx', tags: ['plans'], summary: 'The change report as an Excel workbook (audited)',
      request: { params: idParams, query: z.object({ lang: fileLanguageParameter }) },
      responses: { 200: binaryResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'workbook'), 404: errorResponse('No such plan'), 409: failures[409] },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const workbook = await exportPlanComparison(sql, dataKey, id, actor(c), c.req.valid('query').lang ?? c.get('locale'));
      return c.body(workbook, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="gridatlas-plan-${id}-comparison.xlsx"`,
        'Cache-Control': 'no-store',
      });
    },
  );

  return router;
}
