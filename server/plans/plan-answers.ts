import type { LiveChange, Plan, PlanDetail as PlanDetailAnswer, PlanListItem, PlanStep } from '../../contract/plans.ts';
import { planStatusReasonMessage, type Locale } from '../messages/message-catalogue.ts';
import { localiseAnswer } from '../messages/localise-answer.ts';
import type { PlanDetail } from './plan-views.ts';
import type { LiveChange as LiveChangeRow, PlanListRow, PlanRow, PlanStepRow } from './plans.repo.ts';

/** Plans as the API answers them (pure): instants as ISO strings, stored codes rendered in the request's language. */

const iso = (instant: Date | null) => (instant === null ? null : new Date(instant).toISOString());

export function planView(row: PlanRow, locale: Locale): Plan {
  const reason = row.statusReason;
  return {
    ...row,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    effectiveAt: iso(row.effectiveAt),
    publishedAt: iso(row.publishedAt),
    discardedAt: iso(row.discardedAt),
    statusReasonMessage: reason === null ? null : planStatusReasonMessage(locale, reason),
  };
}

export function planListItemView(row: PlanListRow, locale: Locale): PlanListItem {
  return { ...planView(row, locale), communityNames: row.communityNames ?? [], stepCount: row.stepCount, lastChangeAt: new Date(row.lastChangeAt).toISOString(), stale: row.stale };
}

export function planStepView(row: Omit<PlanStepRow, 'versionIds' | 'communities'>): PlanStep {
  return { ...row, operation: row.operation as PlanStep['operation'], at: new Date(row.at).toISOString() };
}

export function liveChangeView(row: LiveChangeRow): LiveChange {
  return { ...row, changedAt: iso(row.changedAt) };
}

export function planDetailAnswer(detail: PlanDetail, locale: Locale): PlanDetailAnswer {
  return localiseAnswer({
    ...detail,
    plan: planView(detail.plan, locale),
    steps: detail.steps.map(planStepView),
    liveChanges: detail.liveChanges.map(liveChangeView),
  }, locale) as PlanDetailAnswer;
}
