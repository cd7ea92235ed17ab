import type { EmergencyPlan, PlanCoverage } from '../../contract/emergency.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { Failure, invalidRequest, notFound, problem, type FieldProblem } from '../http/failure.ts';
import {
  communityExists, insertDrill, insertPlan, insertPlanVersion, listDrills, listPlans, listPlanVersions, lockPlan, readPolicyInteger,
  retirePlan, uncoveredRiskSources, unknownCategories, unknownRiskSources, updatePlan, type PlanFields, type PlanRow,
} from './emergency-plans.repo.ts';

/**
 * Plans (预案) as structured data (issue 20): a level (street / community / site), the event kinds
 * and risk sources it covers, trigger conditions, response levels I–IV with their actions, the
 * phone tree and the resources on the map. Every save is a new version kept whole in
 * emergency_plan_versions; a retired plan is kept but can no longer be activated or edited. The
 * coverage check lists 重大/较大 risk sources without a current plan, plans overdue for review and
 * plans without a drill in the policy period.
 */

export function planView(row: PlanRow): EmergencyPlan {
  return {
    id: row.id, title: row.title, level: row.level, communityId: row.communityId, status: row.status, version: row.version,
    eventKinds: row.eventKinds, coversRiskSourceIds: row.coversRiskSourceIds.map(Number), triggerConditions: row.triggerConditions,
    responseLevels: row.responseLevels, roles: row.roles, resources: row.resources, reviewedOn: row.reviewedOn, reviewDue: row.reviewDue,
    reviewOverdue: row.reviewOverdue, lastDrillOn: row.lastDrillOn, drillOverdue: row.drillOverdue, updatedAt: row.updatedAt.toISOString(),
  };
}

/** The plan list of the emergency view and of the acceptance check. */
export async function listEmergencyPlans(sql: Sql, options: { includeRetired?: boolean } = {}): Promise<EmergencyPlan[]> {
  return (await listPlans(sql, options)).map(planView);
}

export async function findEmergencyPlan(sql: Sql, id: number): Promise<EmergencyPlan> {
  const [row] = await listPlans(sql, { id, includeRetired: true });
  if (!row) throw notFound('emergency_plan', id);
  return planView(row);
}

/** What is not covered: used by the coverage panel and the leader's checks. */
export async function planCoverage(sql: Sql): Promise<PlanCoverage> {
  const reviewMonths = await readPolicyInteger(sql, 'emergency_plan_review_months', 12);
  const drillPeriodMonths = await readPolicyInteger(sql, 'emergency_drill_period_months', 12);
  const plans = await listPlans(sql);
  const current = plans.filter((plan) => plan.status === 'current');
  return {
    reviewMonths,
    drillPeriodMonths,
    uncoveredRiskSources: await uncoveredRiskSources(sql),
    reviewOverdue: current.filter((plan) => plan.reviewOverdue).map((plan) => ({ id: plan.id, title: plan.title, reviewDue: plan.reviewDue })),
    withoutRecentDrill: current.filter((plan) => plan.drillOverdue).map((plan) => ({ id: plan.id, title: plan.title, lastDrillOn: plan.lastDrillOn })),
  };
}

async function checkPlanFields(sql: Sql, fields: PlanFields, today: string): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const id of await unknownRiskSources(sql, fields.coversRiskSourceIds)) {
    problems.push(problem(`coversRiskSourceIds.${fields.coversRiskSourceIds.indexOf(id)}`, 'unknown_risk_source', { id }));
  }
  for (const code of await unknownCategories(sql, fields.eventKinds)) {
    problems.push(problem(`eventKinds.${fields.eventKinds.indexOf(code)}`, 'unknown_category', { code }));
  }
  if (fields.level !== 'street' && fields.communityId === null) problems.push(problem('communityId', 'required', {}));
  if (fields.communityId !== null && !(await communityExists(sql, fields.communityId))) {
    problems.push(problem('communityId', 'unknown_communities', { ids: String(fields.communityId) }));
  }
  if (fields.reviewedOn > today) problems.push(problem('reviewedOn', 'in_future', {}));
  if (problems.length > 0) throw invalidRequest(problems);
}

/** Create a plan (version 1) or save a new version of one; audited, the whole plan kept per version. */
export async function saveEmergencyPlan(
  sql: Sql,
  viewer: UserViewer,
  fields: PlanFields,
  context: { planId?: number; today: string; clientAddress: string },
): Promise<EmergencyPlan> {
  await checkPlanFields(sql, fields, context.today);
  const reviewMonths = await readPolicyInteger(sql, 'emergency_plan_review_months', 12);
  const id = await sql.begin(async (transaction) => {
    let planId: number;
    if (context.planId === undefined) {
      planId = await insertPlan(transaction, fields, reviewMonths, viewer.userId);
    } else {
      const plan = await lockPlan(transaction, context.planId);
      if (!plan) throw notFound('emergency_plan', context.planId);
      if (plan.status === 'retired') throw new Failure('emergency_plan_retired', { id: plan.id });
      planId = plan.id;
      await updatePlan(transaction, planId, fields, reviewMonths, viewer.userId);
    }
    const [saved] = await listPlans(transaction, { id: planId, includeRetired: true });
    const { reviewOverdue: _r, drillOverdue: _d, lastDrillOn: _l, ...snapshot } = planView(saved!);
    await insertPlanVersion(transaction, planId, saved!.version, snapshot, viewer.userId);
    await recordAudit(transaction, {
      viewer, action: context.planId === undefined ? 'emergency_plan.create' : 'emergency_plan.update', objectType: 'emergency_plan',
      objectId: planId, result: 'ok', clientAddress: context.clientAddress, details: { version: saved!.version, title: fields.title },
    });
    return planId;
  });
  return findEmergencyPlan(sql, id);
}

/** Retire a plan: it stays on record (and in its versions) but can no longer be activated. */
export async function retireEmergencyPlan(sql: Sql, viewer: UserViewer, id: number, context: { now: Date; clientAddress: string }): Promise<EmergencyPlan> {
  await sql.begin(async (transaction) => {
    const plan = await lockPlan(transaction, id);
    if (!plan) throw notFound('emergency_plan', id);
    if (plan.status === 'retired') throw new Failure('emergency_plan_retired', { id });
    await retirePlan(transaction, id, context.now, viewer.userId);
    await recordAudit(transaction, { viewer, action: 'emergency_plan.retire', objectType: 'emergency_plan', objectId: id, result: 'ok', clientAddress: context.clientAddress });
  });
  return findEmergencyPlan(sql, id);
}

export async function emergencyPlanVersions(sql: Sql, id: number) {
  await findEmergencyPlan(sql, id);
  const versions = await listPlanVersions(sql, id);
  return { planId: id, versions: versions.map((row) => ({ version: row.version, savedAt: row.savedAt.toISOString(), savedBy: row.savedBy, plan: row.snapshot })) };
}

/** Record a drill (演练) of a plan: date, participants, findings. */
export async function recordDrill(
  sql: Sql,
  viewer: UserViewer,
  drill: { planId: number; heldOn: string; participants: number; findings: string },
  context: { today: string; clientAddress: string },
) {
  if (drill.heldOn > context.today) throw invalidRequest([problem('heldOn', 'in_future', {})]);
  return sql.begin(async (transaction) => {
    const plan = await lockPlan(transaction, drill.planId);
    if (!plan) throw notFound('emergency_plan', drill.planId);
    if (plan.status === 'retired') throw new Failure('emergency_plan_retired', { id: drill.planId });
    const row = await insertDrill(transaction, drill, viewer.userId);
    await recordAudit(transaction, {
      viewer, action: 'emergency_plan.drill', objectType: 'emergency_plan', objectId: drill.planId, result: 'ok', clientAddress: context.clientAddress,
      details: { drillId: row.id, heldOn: drill.heldOn, participants: drill.participants },
    });
    return { ...row, recordedAt: row.recordedAt.toISOString() };
  });
}

export async function planDrills(sql: Sql, planId: number) {
  await findEmergencyPlan(sql, planId);
  return (await listDrills(sql, planId)).map((row) => ({ ...row, recordedAt: row.recordedAt.toISOString() }));
}
