import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { insertGridEdit, readPolicyValues } from '../grids/grid-editing.repo.ts';
import { Failure, invalidRequest, notFound, problem } from '../http/failure.ts';
import { localiseAnswer } from '../messages/localise-answer.ts';
import type { Locale } from '../messages/message-catalogue.ts';
import { instantFromLocalText, zoneTimeZone } from '../time/zone.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import { buildComparisonWorkbook } from './comparison-workbook.ts';
import { invalidLayout, materializePlanLayout } from './materialize-plan-layout.ts';
import { comparePlan } from './plan-views.ts';
import { inPlanSandbox, layoutOfStep, lockDraftPlan, planConflict, requireNoLiveChanges, type Transaction } from './plan-sandbox.ts';
import {
  findCommunities,
  findPlan,
  insertPlan,
  insertPlanVersions,
  insertStep,
  latestStep,
  liveChangesSince,
  liveVersionIds,
  nextVersionId,
  setPlanBase,
  setPlanStatus,
  touchPlan,
  versionRows,
  type PlanCommunity,
  type PlanRow,
} from './plans.repo.ts';

export interface ActorContext {
  viewer: UserViewer;
  clientAddress: string;
}

/** Open a draft plan for communities: its base and first step are their live layout. */
export async function openPlan(
  sql: Queryable,
  input: { name: string; note?: string | null; communityIds: number[]; rollsBackPlanId?: number | null },
  actor: { userId: number | null },
): Promise<number> {
  const communityIds = [...new Set(input.communityIds)].sort((a, b) => a - b);
  const communities = await findCommunities(sql, communityIds);
  const missing = communityIds.filter((id) => !communities.some((community) => community.id === id));
  if (missing.length > 0) throw invalidRequest([problem('communityIds', 'unknown_communities', { ids: missing.join(', ') })]);
  const base = await liveVersionIds(sql, communityIds);
  const planId = await insertPlan(sql, {
    name: input.name,
    note: input.note ?? null,
    communityIds,
    baseVersionIds: base,
    createdBy: actor.userId,
    rollsBackPlanId: input.rollsBackPlanId ?? null,
  });
  await insertStep(sql, {
    planId,
    step: 0,
    operation: 'open',
    changedBy: actor.userId,
    changeNote: null,
    versionIds: base,
    communities: communities.map((community) => ({
      communityId: community.id, isNew: false, streetId: community.streetId, code: community.code, name: community.name,
      boundary: null, fromCommunityId: null,
    })),
  });
  return planId;
}

/** Open a draft plan as a user (POST /plans): the plan and its audit row in one transaction. */
export async function openPlanAsUser(
  sql: Sql,
  input: { name: string; note?: string | undefined; communityIds: number[] },
  actor: ActorContext,
): Promise<number> {
  return sql.begin(async (transaction) => {
    const id = await openPlan(transaction, input, { userId: actor.viewer.userId });
    await recordAudit(transaction, {
      viewer: actor.viewer, action: 'plan.open', objectType: 'plan', objectId: id, result: 'ok', clientAddress: actor.clientAddress,
      details: { name: input.name, communityIds: input.communityIds },
    });
    return id;
  });
}

/** The change report as a workbook (GET /plans/{id}/compare.xlsx); every export is audited. */
export async function exportPlanComparison(
  sql: Sql, dataKey: DataKey, planId: number, actor: ActorContext, locale: Locale,
): Promise<Uint8Array<ArrayBuffer>> {
  const report = localiseAnswer(await comparePlan(sql, dataKey, planId), locale);
  const workbook = await buildComparisonWorkbook(report, actor.viewer.username, { locale, timeZone: await zoneTimeZone(sql) });
  await recordAudit(sql, {
    viewer: actor.viewer, action: 'plan.export', objectType: 'plan', objectId: planId, result: 'ok', clientAddress: actor.clientAddress,
    details: { bytes: workbook.byteLength, householdsListed: report.households.length },
  });
  return workbook;
}

export async function discardPlan(sql: Sql, planId: number, actor: ActorContext): Promise<void> {
  await sql.begin(async (transaction) => {
    await lockDraftPlan(transaction, planId, ['draft', 'scheduled', 'conflicted']);
    await setPlanStatus(transaction, planId, { status: 'discarded', effectiveAt: null });
    await recordAudit(transaction, { viewer: actor.viewer, action: 'plan.discard', objectType: 'plan', objectId: planId, result: 'ok', clientAddress: actor.clientAddress });
  });
}

/**
 * Rebase: take the live changes made since the plan's base into the plan, for grids the plan left
 * alone. Refused (409, with the clashing grids) when the plan changed a grid the live layout changed
 * too — then the plan is discarded or redone. The result is checked when the plan is next used.
 */
export async function rebasePlan(sql: Sql, planId: number, actor: ActorContext): Promise<{ step: number; takenOver: number }> {
  return sql.begin(async (transaction) => {
    const { plan, step } = await lockDraftPlan(transaction, planId, ['draft', 'conflicted']);
    const base = plan.baseVersionIds.map(Number);
    const live = await liveVersionIds(transaction, plan.communityIds);
    const changes = await liveChangesSince(transaction, plan.communityIds, base);
    if (changes.length === 0) throw new Failure('plan_already_current', {}, { planId });
    const baseRows = await versionRows(transaction, base);
    const planIds = new Set(step.versionIds.map(Number));
    const changedGridIds = new Set(changes.map((change) => change.gridId));
    // a live change clashes when the plan no longer holds the base version of that grid
    const clashing = changes.filter((change) => {
      const baseVersion = baseRows.find((row) => row.gridId === change.gridId);
      return baseVersion !== undefined && !planIds.has(baseVersion.versionId);
    });
    if (clashing.length > 0) throw planConflict(plan, clashing);
    const liveRows = await versionRows(transaction, live);
    const kept = step.versionIds.map(Number).filter((id) => {
      const row = baseRows.find((candidate) => candidate.versionId === id);
      return row === undefined || !changedGridIds.has(row.gridId);
    });
    const takenOver = liveRows.filter((row) => changedGridIds.has(row.gridId)).map((row) => row.versionId);
    const renumbered = await renumberClashingCodes(transaction, planId, kept, takenOver);
    await setPlanBase(transaction, planId, live);
    if (plan.status === 'conflicted') await setPlanStatus(transaction, planId, { status: 'draft', effectiveAt: null });
    const next = step.step + 1;
    await insertStep(transaction, {
      planId, step: next, operation: 'rebase', changedBy: actor.viewer.userId, changeNote: null,
      versionIds: [...kept.map((id) => renumbered.get(id) ?? id), ...takenOver], communities: step.communities,
      details: { takenOver: changes.map((change) => change.code), renumbered: renumbered.size },
    });
    await recordAudit(transaction, { viewer: actor.viewer, action: 'plan.rebase', objectType: 'plan', objectId: planId, result: 'ok', clientAddress: actor.clientAddress, details: { grids: changes.map((change) => change.code) } });
    return { step: next, takenOver: takenOver.length };
  });
}

/**
 * Grids the plan created and grids the live layout created meanwhile can have drawn the same next
 * sequence number: the plan's grids give way and take the next free numbers (as copies — the plan's
 * earlier steps keep theirs). Returns old version id → renumbered copy.
 */
async function renumberClashingCodes(transaction: Queryable, planId: number, kept: number[], takenOver: number[]): Promise<Map<number, number>> {
  const keptRows = await versionRows(transaction, kept);
  const liveCodes = new Set((await versionRows(transaction, takenOver)).map((row) => row.code));
  const clashing = keptRows.filter((row) => liveCodes.has(row.code));
  const renumbered = new Map<number, number>();
  if (clashing.length === 0) return renumbered;
  const used = new Set([...keptRows.map((row) => row.code), ...liveCodes]);
  for (const row of clashing) {
    const prefix = row.code.slice(0, 12);
    const [history] = await transaction<{ highest: number | null }[]>`
      select max(substr(code, 13, 3)::int) as highest from (
        select code from grid_versions where left(code, 12) = ${prefix}
        union all select code from plan_grid_versions where plan_id = ${planId} and left(code, 12) = ${prefix}) codes`;
    let sequence = (history?.highest ?? 0) + 1;
    while (used.has(`${prefix}${String(sequence).padStart(3, '0')}`)) sequence++;
    if (sequence > 999) throw new Failure('grid_sequence_exhausted', { code: prefix });
    const code = `${prefix}${String(sequence).padStart(3, '0')}`;
    used.add(code);
    const copy = { ...row, versionId: await nextVersionId(transaction), code, name: row.name };
    await insertPlanVersions(transaction, planId, [copy]);
    renumbered.set(row.versionId, copy.versionId);
  }
  return renumbered;
}

export interface PublishOutcome {
  status: 'published' | 'scheduled';
  effectiveAt: string;
  endedVersionIds: number[];
  createdVersionIds: number[];
  removedGridIds: number[];
  householdsMoved: number;
  incidentsMoved: number;
}

/**
 * Publish: all grid versions of the plan become live together at the effective date, or — for a
 * date ahead — the plan is scheduled and the publication scheduler makes it live when it falls due.
 * Refused: an empty plan (422), a plan the live layout moved away from (409 plan_conflict, rebase or
 * discard), an invalid layout (422 with every problem), a date further back than policy allows (400).
 */
export async function publishPlan(
  sql: Sql,
  planId: number,
  input: { effectiveAt?: string | undefined; note?: string | undefined },
  actor: ActorContext,
  now: Date = new Date(),
): Promise<PublishOutcome> {
  return sql.begin(async (transaction) => {
    const { plan, step } = await lockDraftPlan(transaction, planId, ['draft', 'conflicted']);
    await requireNoLiveChanges(transaction, plan);
    if (step.versionIds.map(Number).sort().join() === plan.baseVersionIds.map(Number).sort().join()
        && !step.communities.some((community) => community.isNew || community.boundary !== null)) {
      throw new Failure('plan_empty', { name: plan.name }, { planId });
    }
    const policy = await readPolicyValues(transaction, ['plan_backdate_max_days']);
    const backdateDays = Number(policy.get('plan_backdate_max_days') ?? 7);
    // a date is its start in the zone's time (policy zone_time_zone); the request schema checked the text
    const effectiveAt = input.effectiveAt === undefined ? now : (instantFromLocalText(input.effectiveAt, await zoneTimeZone(transaction)) ?? now);
    if (effectiveAt.getTime() < now.getTime() - backdateDays * 86_400_000) {
      throw invalidRequest([problem('effectiveAt', 'backdated_too_far', { maximumDays: backdateDays })]);
    }
    if (effectiveAt.getTime() > now.getTime() + 60_000) {
      // validate now, publish when due
      const problems = await inPlanSandbox(transaction as Transaction, layoutOfStep(planId, step), async (_sandbox, materialized) => materialized.problems);
      if (problems.length > 0) throw invalidLayout(problems);
      await setPlanStatus(transaction, planId, { status: 'scheduled', effectiveAt, publishedBy: actor.viewer.userId });
      await recordAudit(transaction, { viewer: actor.viewer, action: 'plan.schedule', objectType: 'plan', objectId: planId, result: 'ok', clientAddress: actor.clientAddress, details: { effectiveAt: effectiveAt.toISOString() } });
      return { status: 'scheduled', effectiveAt: effectiveAt.toISOString(), endedVersionIds: [], createdVersionIds: [], removedGridIds: [], householdsMoved: 0, incidentsMoved: 0 };
    }
    const outcome = await makeLive(transaction, plan, effectiveAt, actor.viewer.userId, input.note ?? null);
    await recordAudit(transaction, {
      viewer: actor.viewer, action: 'plan.publish', objectType: 'plan', objectId: planId, result: 'ok', clientAddress: actor.clientAddress,
      details: { effectiveAt: effectiveAt.toISOString(), created: outcome.createdVersionIds.length, ended: outcome.endedVersionIds.length, householdsMoved: outcome.householdsMoved },
    });
    return outcome;
  });
}

/** The committed publication: the write path with every check fatal, one grid_edits row per community. */
async function makeLive(transaction: Queryable, plan: PlanRow, effectiveAt: Date, userId: number | null, note: string | null): Promise<PublishOutcome> {
  const step = await latestStep(transaction, plan.id);
  const changeNote = `${plan.name}${note ? `: ${note}` : ''}`.slice(0, 500);
  const materialized = await materializePlanLayout(transaction, layoutOfStep(plan.id, step), { at: effectiveAt, userId, changeNote, failOnProblems: true });
  const rows = await versionRows(transaction, [...materialized.endedVersionIds, ...materialized.insertedVersionIds]);
  for (const community of step.communities) {
    const ended = rows.filter((row) => row.communityId === community.communityId && materialized.endedVersionIds.includes(row.versionId));
    const created = rows.filter((row) => row.communityId === community.communityId && materialized.insertedVersionIds.includes(row.versionId));
    if (ended.length === 0 && created.length === 0 && community.boundary === null) continue;
    const editId = await insertGridEdit(transaction, {
      operation: 'publish',
      communityId: community.communityId,
      changedBy: userId,
      changeNote,
      endedVersionIds: ended.map((row) => row.versionId),
      createdVersionIds: created.map((row) => row.versionId),
      endedAssignmentIds: materialized.endedAssignmentIds,
      undoesEditId: null,
      details: { planId: plan.id, planName: plan.name, effectiveAt: effectiveAt.toISOString(), newCommunity: community.isNew },
    });
    await transaction`update grid_edits set plan_id = ${plan.id} where id = ${editId}`;
  }
  await transaction`update plans set status = 'published', published_at = now(), effective_at = ${effectiveAt},
                           published_by = coalesce(${userId}, published_by), updated_at = now(), status_reason = null
                     where id = ${plan.id}`;
  return {
    status: 'published',
    effectiveAt: effectiveAt.toISOString(),
    endedVersionIds: materialized.endedVersionIds,
    createdVersionIds: materialized.insertedVersionIds,
    removedGridIds: materialized.removedGridIds,
    householdsMoved: materialized.householdsMoved,
    incidentsMoved: materialized.incidentsMoved,
  };
}

/**
 * The publication scheduler's tick: scheduled plans whose date has come are made live at their date.
 * A plan that no longer fits the live layout is marked `conflicted` with the reason, not published.
 */
export async function publishDuePlans(sql: Sql, now: Date = new Date()): Promise<{ published: number[]; conflicted: number[] }> {
  const due = await sql<{ id: number }[]>`select id from plans where status = 'scheduled' and effective_at <= ${now} order by effective_at, id`;
  const published: number[] = [];
  const conflicted: number[] = [];
  for (const { id } of due) {
    try {
      await sql.begin(async (transaction) => {
        const { plan } = await lockDraftPlan(transaction, id, ['scheduled']);
        const changes = await liveChangesSince(transaction, plan.communityIds, plan.baseVersionIds.map(Number));
        if (changes.length > 0) throw planConflict(plan, changes);
        await makeLive(transaction, plan, plan.effectiveAt!, plan.publishedBy, null);
        await recordAudit(transaction, { viewer: { kind: 'anonymous' }, action: 'plan.publish', objectType: 'plan', objectId: id, result: 'ok', details: { scheduled: true, effectiveAt: plan.effectiveAt!.toISOString() } });
      });
      published.push(id);
    } catch (error) {
      if (!(error instanceof Failure)) throw error;
      // the reason is stored as the failure's code, rendered when the plan is read
      await setPlanStatus(sql, id, { status: 'conflicted', reason: error.code });
      conflicted.push(id);
    }
  }
  return { published, conflicted };
}

/**
 * Roll back a published plan: a new draft plan whose layout is the one the plan replaced (copied as
 * the new plan's own versions — history is never rewritten). It goes through compare and publish
 * like any plan. A plan that created a community cannot be rolled back this way.
 */
export async function rollbackPlan(sql: Sql, planId: number, actor: ActorContext): Promise<number> {
  return sql.begin(async (transaction) => {
    const plan = await findPlan(transaction, planId, true);
    if (!plan) throw notFound('plan', planId);
    if (plan.status !== 'published') throw new Failure('plan_not_published', { name: plan.name, status: plan.status }, { planId, status: plan.status });
    const step = await latestStep(transaction, planId);
    if (step.communities.some((community) => community.isNew || community.boundary !== null)) {
      throw new Failure('plan_changed_communities', { name: plan.name }, { planId });
    }
    const previous = await versionRows(transaction, plan.baseVersionIds.map(Number));
    const live = new Set(await liveVersionIds(transaction, plan.communityIds));
    // the link to the plan rolled back is rolls_back_plan_id (and the step's details), not a sentence
    const newPlanId = await openPlan(transaction, { name: `撤销：${plan.name}`.slice(0, 100), note: null, communityIds: plan.communityIds, rollsBackPlanId: planId }, { userId: actor.viewer.userId });
    const copies = [];
    for (const row of previous) {
      if (live.has(row.versionId)) continue;
      copies.push({ ...row, versionId: await nextVersionId(transaction) });
    }
    await insertPlanVersions(transaction, newPlanId, copies);
    const opened = await latestStep(transaction, newPlanId);
    await insertStep(transaction, {
      planId: newPlanId, step: 1, operation: 'undo', changedBy: actor.viewer.userId, changeNote: null,
      versionIds: [...previous.filter((row) => live.has(row.versionId)).map((row) => row.versionId), ...copies.map((row) => row.versionId)],
      communities: opened.communities,
      details: { rollsBackPlanId: planId },
    });
    await touchPlan(transaction, newPlanId);
    await recordAudit(transaction, { viewer: actor.viewer, action: 'plan.rollback', objectType: 'plan', objectId: newPlanId, result: 'ok', clientAddress: actor.clientAddress, details: { rollsBack: planId } });
    return newPlanId;
  });
}

export type { PlanCommunity };
