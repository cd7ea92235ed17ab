/** The assessment's (考核) failures, field problems and things, spread into zh-cn.ts with one line each. */

const periodZh = (code: string) =>
  /^\d{4}$/.test(code) ? `${code}年度` : /-Q\d$/.test(code) ? `${code.slice(0, 4)}年第${code.slice(-1)}季度` : `${code.slice(0, 4)}年${Number(code.slice(5))}月`;

export const zhCnAssessmentFailures = {
  /** `problems`: the fields refused, joined (details.fields says what is wrong with each) */
  assessment_rejected: (p: { problems: string }) => `考核数据不能接受（${p.problems}）`,
  objection_not_subject: () => '只有被考核对象本人可以对此提出异议',
  objection_already_raised: () => '对这项加减分已经提出过异议，每项只能提出一次',
  objection_missing: () => '这项加减分没有待复核的异议',
  objection_already_decided: () => '这项异议已经复核过了',
  period_already_signed_off: (p: { period: string }) => `${periodZh(p.period)}考核已签署`,
  period_not_signed_off: (p: { period: string }) => `${periodZh(p.period)}考核尚未签署，无需重新打开`,
  period_closed_by_enclosing: (p: { period: string }) => `${periodZh(p.period)}考核已签署，请先重新打开它`,
} as const;

export const zhCnAssessmentProblems = {
  period_format: () => '考核期应为 2026-11（月）、2026-Q3（季度）或 2026（年度）',
  period_in_future: (p: { from: string }) => `考核期尚未开始（自 ${p.from} 起）`,
  period_closed: (p: { period: string }) => `${periodZh(p.period)}考核已签署关闭，如需修改须由管理员重新打开`,
  period_not_ended: (p: { to: string }) => `考核期尚未结束（至 ${p.to} 前），结束后才能签署`,
  months_not_signed_off: (p: { months: string }) => `以下月份尚未签署：${p.months}`,
  bonus_points: () => '获奖加分只能是 1、1.5 或 2 分（按获奖级别）',
  deduction_points: () => '扣分应在 1 到 5 分之间（以 0.5 分为单位）',
  deduction_reason_required: () => '扣分必须说明理由',
  unknown_subject: (p: { id: number }) => `考核对象 ${p.id} 不存在`,
  not_a_manual_indicator: (p: { indicator: string }) => `${p.indicator} 不是需人工评分的指标`,
  weights_do_not_sum: (p: { sum: number; total: number }) => `各指标权重合计 ${p.sum}，应为 ${p.total}`,
  formula_unknown_name: (p: { name: string }) => `公式引用了未知的指标或数据项 ${p.name}`,
  formula_syntax: (p: { near: string }) => `公式写法有误（${p.near} 附近）`,
} as const;

export const zhCnAssessmentThings = {
  assessment_indicator: () => '考核指标',
  assessment_adjustment: () => '加减分记录',
} as const;
