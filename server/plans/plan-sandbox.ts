import type postgres from 'postgres';
import type { Queryable } from '../db/connect.ts';
import { Failure, notFound } from '../http/failure.ts';
import { materializePlanLayout, type MaterializedLayout, type PlanLayout } from './materialize-plan-layout.ts';
import { findPlan, latestStep, liveChangesSince, type LiveChange, type PlanRow, type PlanStepRow } from './plans.repo.ts';
import { liveChangeView } from './plan-answers.ts';

export type Transaction = postgres.TransactionSql;

class SandboxRollback extends Error {
  constructor() {
    super('plan sandbox: rolled back');
  }
}

/**
 * Runs `work` against a plan's layout as if it were live, inside a savepoint that is always rolled
 * back: editing operations, figures and reports then use the same SQL as the live editor, and
 * nothing the sandbox did survives. `work`'s answer is kept in memory across the rollback.
 */
export async function inPlanSandbox<T>(
  transaction: Transaction,
  layout: PlanLayout,
  work: (sandbox: Queryable, materialized: MaterializedLayout) => Promise<T>,
): Promise<T> {
  let outcome: { value: T } | undefined;
  try {
    await transaction.savepoint(async (sandbox) => {
      const materialized = await materializePlanLayout(sandbox, layout, { at: null, userId: null, changeNote: null, failOnProblems: false });
      outcome = { value: await work(sandbox, materialized) };
      throw new SandboxRollback();
    });
  } catch (error) {
    if (!(error instanceof SandboxRollback)) throw error;
  }
  return outcome!.value;
}

export function layoutOfStep(planId: number, step: PlanStepRow): PlanLayout {
  return { planId, versionIds: step.versionIds.map(Number), communities: step.communities };
}

/** The plan, locked, with its latest step; refuses plans that are no longer drafts. */
export async function lockDraftPlan(transaction: Queryable, planId: number, allowed: PlanRow['status'][] = ['draft']): Promise<{ plan: PlanRow; step: PlanStepRow }> {
  const plan = await findPlan(transaction, planId, true);
  if (!plan) throw notFound('plan', planId);
  if (!allowed.includes(plan.status)) {
    throw new Failure('plan_status_forbids', { name: plan.name, status: plan.status }, {
      planId,
      status: plan.status,
    });
  }
  return { plan, step: await latestStep(transaction, planId) };
}

/** 409 `plan_conflict` when the live layout of the plan's communities moved on since its base. */
export async function requireNoLiveChanges(transaction: Queryable, plan: PlanRow): Promise<void> {
  const changes = await liveChangesSince(transaction, plan.communityIds, plan.baseVersionIds.map(Number));
  if (changes.length > 0) throw planConflict(plan, changes);
}

export function planConflict(plan: PlanRow, changes: LiveChange[]): Failure {
  return new Failure('plan_conflict', { name: plan.name, count: changes.length }, { planId: plan.id, changedGrids: changes.map(liveChangeView) });
}
