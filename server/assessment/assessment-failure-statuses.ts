import type { zhCnAssessmentFailures } from '../messages/zh-cn-assessment.ts';

/** HTTP statuses of the assessment's failure codes (spread into statusOfFailure, server/http/failure.ts). */
export const assessmentFailureStatuses: { readonly [C in keyof typeof zhCnAssessmentFailures]: number } = {
  assessment_rejected: 422,
  objection_not_subject: 403,
  objection_already_raised: 409,
  objection_missing: 409,
  objection_already_decided: 409,
  period_already_signed_off: 409,
  period_not_signed_off: 409,
  period_closed_by_enclosing: 409,
};
