import type { zhCnAssessmentFailures, zhCnAssessmentProblems, zhCnAssessmentThings } from './zh-cn-assessment.ts';

/** The assessment's messages in English: the same keys and params as zh-cn-assessment.ts. */

type Same<T> = { -readonly [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : never };

const periodEn = (code: string) => (/^\d{4}$/.test(code) ? `the year ${code}` : code);

export const enAssessmentFailures: Same<typeof zhCnAssessmentFailures> = {
  assessment_rejected: (p) => `The assessment cannot accept this (${p.problems})`,
  objection_not_subject: () => 'Only the assessed subject may object to this',
  objection_already_raised: () => 'An objection to this adjustment was already raised; each may be objected to once',
  objection_missing: () => 'This adjustment has no objection waiting for review',
  objection_already_decided: () => 'This objection was already reviewed',
  period_already_signed_off: (p) => `The assessment of ${periodEn(p.period)} is already signed off`,
  period_not_signed_off: (p) => `The assessment of ${periodEn(p.period)} is not signed off; there is nothing to reopen`,
  period_closed_by_enclosing: (p) => `The assessment of ${periodEn(p.period)} is signed off; reopen it first`,
};

export const enAssessmentProblems: Same<typeof zhCnAssessmentProblems> = {
  period_format: () => 'A period is 2026-11 (month), 2026-Q3 (quarter) or 2026 (year)',
  period_in_future: (p) => `The period has not begun yet (it starts on ${p.from})`,
  period_closed: (p) => `The assessment of ${periodEn(p.period)} is signed off and closed; an administrator must reopen it first`,
  period_not_ended: (p) => `The period has not ended (it runs until ${p.to}); sign it off afterwards`,
  months_not_signed_off: (p) => `These months are not signed off yet: ${p.months}`,
  bonus_points: () => 'An award bonus is 1, 1.5 or 2 points, by the level of the award',
  deduction_points: () => 'A deduction is 1 to 5 points, in steps of 0.5',
  deduction_reason_required: () => 'A deduction must state its reason',
  unknown_subject: (p) => `Assessed subject ${p.id} does not exist`,
  not_a_manual_indicator: (p) => `${p.indicator} is not an indicator scored by hand`,
  weights_do_not_sum: (p) => `The indicators' weights add up to ${p.sum}; they must add up to ${p.total}`,
  formula_unknown_name: (p) => `The formula names an unknown measure or indicator: ${p.name}`,
  formula_syntax: (p) => `The formula cannot be read (near ${p.near})`,
};

export const enAssessmentThings: Same<typeof zhCnAssessmentThings> = {
  assessment_indicator: () => 'Assessment indicator',
  assessment_adjustment: () => 'Adjustment',
};
