import type { IndicatorDefinition, SchemeDefinition } from '../../contract/assessment.ts';

/**
 * The scheme a street like the demo zone starts from, until an administrator stores a version of
 * its own for the year. Each indicator says where it comes from in the seed essays; the figures
 * (weights, 0.5 point per overdue case, patrol reports a grid's size calls for) are this product's
 * defaults, not the essays'.
 *
 * Measures a formula may read (computed from the system's records, see assessment-measures.repo.ts):
 * cases_due, cases_on_time, cases_overdue, emergency_overdue, rework, patrol_reports, ratings,
 * satisfied, basically_satisfied, dissatisfied, households, households_checked, grids, area_km2,
 * months, and the indicator's own weight.
 */
export const assessmentMeasureNames = [
  'cases_due', 'cases_on_time', 'cases_overdue', 'emergency_overdue', 'rework', 'patrol_reports',
  'ratings', 'satisfied', 'basically_satisfied', 'dissatisfied', 'households', 'households_checked',
  'grids', 'area_km2', 'months',
] as const;
export type MeasureName = (typeof assessmentMeasureNames)[number];
export type Measures = Record<MeasureName, number>;

const dataBasis = { essay: '第9篇', section: '二(四)4', quoteZh: '考评以平时掌握的数据和工作情况为依据。在考核中做到真实、公正、客观' };

const onTime = (weight: number): IndicatorDefinition => ({
  code: 'on_time', nameZh: '按期处置率', nameEn: 'Cases handled on time', kind: 'score', weight,
  formula: 'weight * ratio(cases_on_time, cases_due, 1)',
  basis: dataBasis,
});

const patrol = (weight: number): IndicatorDefinition => ({
  code: 'patrol', nameZh: '巡查发现上报', nameEn: 'Patrol reports for the area served', kind: 'score', weight,
  // 4 reports a month per grid, plus one per 100 households and 6 per km²: a large grid with long
  // back streets is expected to find more than a compact one (地域差异化)
  formula: 'weight * min(1, ratio(patrol_reports, months * (4 * grids + households / 100 + area_km2 * 6), 1))',
  basis: { essay: '第3篇', section: '二、2(四)', quoteZh: '定期检查与不定期巡查相结合……根据作业量并按“地域差异化”的原则对管理绩效实施量化考核' },
});

const satisfaction = (weight: number): IndicatorDefinition => ({
  code: 'satisfaction', nameZh: '群众满意度', nameEn: "Residents' satisfaction", kind: 'score', weight,
  formula: 'weight * ratio(satisfied + 0.6 * basically_satisfied, ratings, 1)',
  basis: { essay: '第3篇', section: '二、4', quoteZh: '离不开沿街居民和社区广大民众积极踊跃参与和支持' },
});

const householdInfo = (weight: number): IndicatorDefinition => ({
  code: 'household_info', nameZh: '户情信息更新', nameEn: 'Household information kept current', kind: 'score', weight,
  formula: 'weight * ratio(households_checked, households, 1)',
  basis: { essay: '第9篇', section: '二(三)6–7', quoteZh: '社会管理工作专项考核；人口和计划生育工作专项考核' },
});

const leadership = (weight: number, nameZh: string, nameEn: string): IndicatorDefinition => ({
  code: 'leadership', nameZh, nameEn, kind: 'manual', weight,
  basis: { essay: '第9篇', section: '二(一)1', quoteZh: '由镇党委政府对村(社区)领导班子……进行打分' },
});

const overdue: IndicatorDefinition = {
  code: 'overdue', nameZh: '超期案件倒扣分', nameEn: 'Overdue cases (deduction)', kind: 'deduction', cap: 10,
  formula: '0.5 * cases_overdue',
  basis: { essay: '第9篇', section: '二(一)、二(四)4', quoteZh: '倒扣分项目；因执行不力未完成年度工作目标的……扣减' },
};

const rework: IndicatorDefinition = {
  code: 'rework', nameZh: '核查返工倒扣分', nameEn: 'Rework after a failed check (deduction)', kind: 'deduction', cap: 5,
  formula: '0.5 * rework',
  basis: { essay: '第3篇', section: '二、2(四)', quoteZh: '实行“区查街改，块查条改”' },
};

const emergencyVeto: IndicatorDefinition = {
  code: 'emergency_veto', nameZh: '突发事件超期（否决）', nameEn: 'Emergency case overdue (veto)', kind: 'veto',
  formula: 'emergency_overdue > 0',
  basis: { essay: '第9篇', section: '二(一)', quoteZh: '否决指标' },
};

export const defaultSchemeDefinition: SchemeDefinition = {
  totalWeight: 100,
  levels: {
    worker: {
      indicators: [onTime(30), patrol(25), satisfaction(15), householdInfo(15), leadership(15, '网格长评价', "Supervisor's judgement"), overdue, rework, emergencyVeto],
    },
    community: {
      indicators: [onTime(30), patrol(20), satisfaction(15), householdInfo(15), leadership(20, '班子领导水平', 'Leadership of the committee'), overdue, rework, emergencyVeto],
    },
    station: {
      // 第7篇 (一): the station patrols 市容环境, 广告 and 公共秩序 (street order)
      majors: ['01', '02', '04'],
      indicators: [onTime(35), patrol(30), satisfaction(15), leadership(20, '站长讲评', "Station head's monthly review"), overdue, rework],
    },
  },
  reward: {
    fundYuan: 100_000,
    threshold: 60,
    basis: { essay: '第3篇', section: '二、2(四)', quoteZh: '每年设置10万元的奖罚基金……实行季评年奖' },
  },
};
