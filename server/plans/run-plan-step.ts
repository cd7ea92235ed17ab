import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import type { LayoutChange, EditPolicy } from '../grids/layout-change.ts';
import { applyAndDescribe, type GridEditResult } from '../grids/run-grid-edit.ts';
import { Failure, problem } from '../http/failure.ts';
import { inPlanSandbox, layoutOfStep, lockDraftPlan, requireNoLiveChanges, type Transaction } from './plan-sandbox.ts';
import {
  currentLayout,
  findStep,
  insertPlanVersions,
  insertStep,
  planVersionIdsAmong,
  touchPlan,
  type LayoutVersion,
  type PlanCommunity,
  type PlanRow,
  type PlanStepRow,
} from './plans.repo.ts';

export type PlanStepOperation = 'split' | 'merge' | 'reshape' | 'fill' | 'move_block' | 'create_community';

export interface PlanStepContext {
  viewer: UserViewer;
  clientAddress: string;
  preview: boolean;
  changeNote: string | undefined;
}

/** What a step did inside the sandbox: its answer to the client and the communities after it. */
export interface SandboxOutcome<T> {
  answer: T;
  communities: PlanCommunity[];
  details: Record<string, unknown>;
}

/**
 * One step of a draft plan: inside one transaction, lock the plan, refuse it if the live layout
 * moved on (rebase first), run `work` in the plan's sandbox, read the layout it leaves, and — unless
 * previewing — keep that layout as the plan's next step (new versions stored as the plan's own, ids
 * kept) and audit it. The live layout is never touched.
 */
export async function runPlanStep<T>(
  sql: Sql,
  planId: number,
  operation: PlanStepOperation,
  context: PlanStepContext,
  work: (sandbox: Queryable, plan: PlanRow, step: PlanStepRow) => Promise<SandboxOutcome<T>>,
): Promise<{ answer: T; step: number | null }> {
  return sql.begin(async (transaction) => {
    const { plan, step } = await lockDraftPlan(transaction, planId);
    await requireNoLiveChanges(transaction, plan);
    const { outcome, layout } = await inPlanSandbox(transaction as Transaction, layoutOfStep(planId, step), async (sandbox) => {
      const outcome = await work(sandbox, plan, step);
      const layout = await currentLayout(sandbox, outcome.communities.map((community) => community.communityId));
      return { outcome, layout };
    });
    if (context.preview) return { answer: outcome.answer, step: null };
    await keepLayout(transaction, plan, step, layout);
    const next = step.step + 1;
    await insertStep(transaction, {
      planId,
      step: next,
      operation,
      changedBy: context.viewer.userId,
      changeNote: context.changeNote ?? null,
      versionIds: layout.map((version) => version.versionId),
      communities: outcome.communities,
      details: outcome.details,
    });
    await touchPlan(transaction, planId);
    await recordAudit(transaction, {
      viewer: context.viewer,
      action: `plan.${operation}`,
      objectType: 'plan',
      objectId: planId,
      result: 'ok',
      clientAddress: context.clientAddress,
      details: { step: next, ...outcome.details },
    });
    return { answer: outcome.answer, step: next };
  });
}

/** Versions the sandbox created become the plan's own (same ids); live and earlier plan versions are referenced. */
async function keepLayout(transaction: Queryable, plan: PlanRow, step: PlanStepRow, layout: LayoutVersion[]): Promise<void> {
  const known = new Set([...plan.baseVersionIds.map(Number), ...step.versionIds.map(Number)]);
  const candidates = layout.filter((version) => !known.has(version.versionId));
  const alreadyStored = await planVersionIdsAmong(transaction, plan.id, candidates.map((version) => version.versionId));
  await insertPlanVersions(transaction, plan.id, candidates.filter((version) => !alreadyStored.has(version.versionId)));
}

/** An editing operation of the live editor (split, merge, …) applied to the plan's layout. */
export async function runPlanEdit(
  sql: Sql,
  planId: number,
  operation: Exclude<PlanStepOperation, 'create_community'>,
  context: PlanStepContext,
  planChange: (transaction: Queryable, policy: EditPolicy) => Promise<LayoutChange>,
): Promise<GridEditResult & { planId: number; planStep: number | null }> {
  const { answer, step } = await runPlanStep(sql, planId, operation, context, async (sandbox, _plan, current) => {
    const { result } = await applyAndDescribe(sandbox, {
      viewer: context.viewer,
      preview: false,
      changeNote: context.changeNote,
      plan: planChange,
    });
    const communities = current.communities;
    if (!communities.some((community) => community.communityId === result.communityId)) {
      throw new Failure('community_not_in_plan', { communityId: result.communityId }, {
        fields: [problem('versionId', 'grid_of_plan_communities', {})],
      });
    }
    return {
      answer: result,
      communities,
      details: {
        communityId: result.communityId,
        grids: result.grids.map((grid) => grid.code),
        removed: result.removedGrids.map((grid) => grid.code),
        householdsMoved: result.householdsMoved,
      },
    };
  });
  // the sandbox's edit id means nothing outside it; version ids are the plan's own and stay valid
  return {
    ...answer,
    preview: context.preview,
    editId: null,
    grids: answer.grids.map((grid) => ({ ...grid, versionId: context.preview ? null : grid.versionId })),
    planId,
    planStep: step,
  };
}

/**
 * Undo inside a plan: the plan goes back to the layout before its latest effective step, as a new
 * step (the plan's own history is kept too). Undoing an undo goes one further back.
 */
export async function undoPlanStep(sql: Sql, planId: number, context: Omit<PlanStepContext, 'preview'>): Promise<{ step: number; restoredStep: number }> {
  return sql.begin(async (transaction) => {
    const { step } = await lockDraftPlan(transaction, planId);
    const effective = step.operation === 'undo' ? Number(step.details?.restoredStep ?? step.step) : step.step;
    if (effective <= 0) throw new Failure('nothing_to_undo', {}, { planId });
    const target = await findStep(transaction, planId, effective - 1);
    if (!target) throw new Error(`plan ${planId} has no step ${effective - 1}`);
    const next = step.step + 1;
    await insertStep(transaction, {
      planId,
      step: next,
      operation: 'undo',
      changedBy: context.viewer.userId,
      changeNote: context.changeNote ?? null,
      versionIds: target.versionIds.map(Number),
      communities: target.communities,
      undoesStep: effective,
      details: { restoredStep: effective - 1, undoneOperation: (await findStep(transaction, planId, effective))?.operation ?? null },
    });
    await touchPlan(transaction, planId);
    await recordAudit(transaction, {
      viewer: context.viewer,
      action: 'plan.undo',
      objectType: 'plan',
      objectId: planId,
      result: 'ok',
      clientAddress: context.clientAddress,
      details: { step: next, undoes: effective },
    });
    return { step: next, restoredStep: effective - 1 };
  });
}
