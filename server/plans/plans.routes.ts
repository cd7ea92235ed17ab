import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { gridEditOperations } from '../grids/grid-edit-operations.ts';
import type { GridEditOperation } from '../grids/layout-change.ts';
import { createRouter } from '../http/create-router.ts';
import { optionalJsonBody } from '../http/optional-json-body.ts';
import { idParameter, limitParameter } from '../http/query-parameters.ts';
import { buildComparisonWorkbook } from './comparison-workbook.ts';
import { createCommunityInPlan } from './create-community-in-plan.ts';
import { discardPlan, openPlan, publishPlan, rebasePlan, rollbackPlan } from './plan-lifecycle.ts';
import { createCommunityRequest, openPlanRequest, publishRequest, stepNoteRequest } from './plan-requests.ts';
import { comparePlan, planDetail } from './plan-views.ts';
import { listPlans, type PlanStatus } from './plans.repo.ts';
import { runPlanEdit, runPlanStep, undoPlanStep } from './run-plan-step.ts';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.any() }) });
const errorResponse = (description: string) => ({ content: { 'application/json': { schema: errorSchema } }, description });
const json = (description: string) => ({ content: { 'application/json': { schema: z.any() } }, description });
const planResponses = {
  200: json('The plan'),
  400: errorResponse('Malformed body; the field is named'),
  404: errorResponse('No such plan, community or grid version'),
  409: errorResponse('plan_conflict: the live layout changed since the plan was based on it (details.changedGrids) — rebase or discard; conflict: the plan is not a draft'),
  422: errorResponse('geometry_rejected: the layout would be invalid (details.problems)'),
};
const planStatuses = ['draft', 'scheduled', 'published', 'discarded', 'conflicted'] as const;
const idParams = z.object({ id: idParameter });

/**
 * Draft plans (issue 6): open a plan for communities, edit it with the same operations as the live
 * editor (invisible to the live map), compare it with the live layout, publish it on a date, roll a
 * published plan back. Every step is a row of plan_steps and an audit row.
 */
export function createPlanRoutes({ database, gridIndex }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get', path: '/plans', tags: ['plans'], summary: 'Plans, newest first, with whether the live layout moved on (stale)',
      request: {
        query: z.object({
          status: z.enum(planStatuses).optional(),
          communityId: z.string().regex(/^[1-9][0-9]{0,9}$/, 'communityId must be a positive integer').transform(Number).optional()
            .openapi({ param: { name: 'communityId', in: 'query' }, type: 'integer' }),
          limit: limitParameter(500, 100),
        }),
      },
      responses: { 200: json('plans') },
    }),
    async (c) => {
      const { status, communityId, limit } = c.req.valid('query');
      return c.json({ plans: await listPlans(sql, { status: status as PlanStatus | undefined, communityId, limit }) }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/plans', tags: ['plans'], summary: 'Open a draft plan for one or more communities',
      request: { body: { content: { 'application/json': { schema: openPlanRequest } }, required: true } },
      responses: { 201: json('The new plan'), 400: errorResponse('Malformed body; the field is named') },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const viewer = signedInViewer(c.get('viewer'));
      const planId = await sql.begin(async (transaction) => {
        const id = await openPlan(transaction, body, { userId: viewer.userId });
        await recordAudit(transaction, { viewer, action: 'plan.open', objectType: 'plan', objectId: id, result: 'ok', clientAddress: c.get('clientAddress'), details: { name: body.name, communityIds: body.communityIds } });
        return id;
      });
      return c.json(await planDetail(sql, planId), 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/plans/{id}', tags: ['plans'],
      summary: 'A plan: its layout with live figures and warnings, problems publishing would refuse, steps, live changes since its base',
      request: { params: idParams }, responses: planResponses,
    }),
    async (c) => c.json(await planDetail(sql, c.req.valid('param').id), 200),
  );

  for (const operation of gridEditOperations) {
    for (const preview of [false, true]) {
      router.openapi(
        createRoute({
          method: 'post', path: `/plans/{id}/edits/${operation.path}${preview ? '/preview' : ''}`, tags: ['plans'],
          summary: `${preview ? 'Preview in a plan' : 'In a plan'}: ${operation.summary.toLowerCase()} (version ids are the plan's)`,
          request: { params: idParams, body: { content: { 'application/json': { schema: operation.schema } }, required: true } },
          responses: planResponses,
        }),
        async (c) => {
          const { id } = c.req.valid('param');
          const body = (c.req.valid as (target: 'json') => unknown)('json') as { changeNote?: string };
          const result = await runPlanEdit(
            sql, id, operation.path.replace('-', '_') as Exclude<GridEditOperation, 'undo'>,
            { viewer: signedInViewer(c.get('viewer')), clientAddress: c.get('clientAddress'), preview, changeNote: body.changeNote },
            (transaction, policy) => operation.plan(transaction, body as never, policy),
          );
          return c.json(result, 200);
        },
      );
    }
  }

  router.openapi(
    createRoute({
      method: 'post', path: '/plans/{id}/communities', tags: ['plans'],
      summary: 'In a plan: make some grids of a community a new community (next free code; grids renumbered, workers kept)',
      request: { params: idParams, body: { content: { 'application/json': { schema: createCommunityRequest } }, required: true } },
      responses: planResponses,
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

  const simpleStep = (path: string, summary: string, handler: (id: number, c: Parameters<Parameters<typeof router.openapi>[1]>[0]) => Promise<unknown>) =>
    router.openapi(
      createRoute({
        method: 'post', path: `/plans/{id}/${path}`, tags: ['plans'], summary,
        request: { params: idParams, body: { content: { 'application/json': { schema: stepNoteRequest } }, required: false } },
        responses: planResponses,
      }),
      async (c) => c.json((await handler(c.req.valid('param').id, c)) as never, 200),
    );
  const actor = (c: Parameters<Parameters<typeof router.openapi>[1]>[0]) => ({ viewer: signedInViewer(c.get('viewer')), clientAddress: c.get('clientAddress') });

  simpleStep('undo', 'Undo the plan\'s latest step (a new step restoring the layout before it)', async (id, c) => {
    const body = await optionalJsonBody(c, stepNoteRequest);
    return undoPlanStep(sql, id, { ...actor(c), changeNote: body.changeNote });
  });
  simpleStep('rebase', 'Take live changes made since the plan\'s base into the plan (refused where the plan changed the same grid)', (id, c) => rebasePlan(sql, id, actor(c)));
  simpleStep('discard', 'Discard a draft, scheduled or conflicted plan', async (id, c) => {
    await discardPlan(sql, id, actor(c));
    return { planId: id, status: 'discarded' };
  });
  simpleStep('rollback', 'Roll back a published plan: a new draft plan restoring the layout it replaced', async (id, c) => {
    const planId = await rollbackPlan(sql, id, actor(c));
    return planDetail(sql, planId);
  });

  router.openapi(
    createRoute({
      method: 'post', path: '/plans/{id}/publish', tags: ['plans'],
      summary: 'Publish: all of the plan\'s grid versions become live together at the effective date (ahead: scheduled)',
      request: { params: idParams, body: { content: { 'application/json': { schema: publishRequest } }, required: false } },
      responses: planResponses,
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
      request: { params: idParams }, responses: planResponses,
    }),
    async (c) => c.json(await comparePlan(sql, c.req.valid('param').id), 200),
  );

  router.openapi(
    createRoute({
      method: 'get', path: '/plans/{id}/compare.xlsx', tags: ['plans'], summary: 'The change report as an Excel workbook (audited)',
      request: { params: idParams },
      responses: { 200: { content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.any() } }, description: 'workbook' }, 404: errorResponse('No such plan') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const viewer = signedInViewer(c.get('viewer'));
      const report = await comparePlan(sql, id);
      const workbook = await buildComparisonWorkbook(report, viewer.username);
      await recordAudit(sql, { viewer, action: 'plan.export', objectType: 'plan', objectId: id, result: 'ok', clientAddress: c.get('clientAddress'), details: { bytes: workbook.byteLength, householdsListed: report.households.length } });
      return c.body(workbook, 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="gridatlas-plan-${id}-comparison.xlsx"`,
        'Cache-Control': 'no-store',
      });
    },
  );

  return router;
}
