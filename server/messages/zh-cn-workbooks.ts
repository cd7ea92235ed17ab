/**
 * zh-CN labels of the Excel workbooks the office takes to meetings (plan comparison, KPI report,
 * assessment ledger): every sheet name, header and fixed phrase, so a zh-CN workbook carries no
 * English word. en-workbooks.ts has the same keys (checked by its type).
 */
export const workbooksZh = {
  incidentStatus: {
    reported: '已上报', registered: '已立案', rejected: '不予立案', dispatched: '已派遣', handling: '处置中', handled: '已反馈',
    checked: '已核查', closed: '已结案', rework: '返工', backlog: '挂账',
  } as Record<string, string>,
  /** a workbook's filter line (server/export/describe-filter.ts) */
  filter: {
    none: '全部', separator: '；',
    parts: { community: '社区', grid: '网格', worker: '网格员', category: '类别', from: '自', to: '至', status: '状态', bbox: '范围' },
  },
  comparison: {
    sheets: { overview: '概览', grids: '网格变化', households: '住户变动', incidents: '在办案件', workers: '网格员', warnings: '规则提示' },
    overviewColumns: { item: '项目', value: '数值' },
    overview: {
      plan: '方案', generatedAt: '生成时间', generatedBy: '生成人', grids: '网格数（现行→方案）', added: '新增网格', removed: '撤销网格',
      changed: '调整网格', unchanged: '未变网格', householdsMoving: '变更网格的户数', incidentsMoving: '随之移动的在办案件',
      workersAffected: '受影响网格员', warnings: '规则提示（现行→方案）',
    },
    community: (p: { name: string; code: string; isNew: boolean }) => `${p.name}（${p.code}）${p.isNew ? ' 新建' : ''}`,
    communityFigures: (p: { gridsBefore: number; gridsAfter: number; householdsBefore: number; householdsAfter: number }) =>
      `网格 ${p.gridsBefore} → ${p.gridsAfter}；户数 ${p.householdsBefore} → ${p.householdsAfter}`,
    gridColumns: {
      change: '变化', code: '网格编码', previousCode: '原编码', name: '网格名称', householdsBefore: '户数（前）', householdsAfter: '户数（后）',
      areaBefore: '面积㎡（前）', areaAfter: '面积㎡（后）', workerName: '网格员',
    },
    gridChange: { added: '新增', removed: '撤销', changed: '调整' },
    householdColumns: { address: '地址', headName: '户主（脱敏）', fromCode: '原网格', toCode: '新网格' },
    householdsTruncated: (p: { listed: number; total: number }) => `… 共 ${p.total} 户，仅列出前 ${p.listed} 户`,
    incidentColumns: { trackingCode: '案件编号', category: '类别', status: '状态', fromCode: '原网格', toCode: '新网格' },
    workerColumns: { name: '姓名', gridCode: '网格', change: '变化', householdsBefore: '户数（前）', householdsAfter: '户数（后）' },
    workerChange: {
      grid_removed: '网格撤销，待重新安排', grid_changed: '网格范围调整', grid_moved_to_community: '网格划入新社区，范围不变', grid_renumbered: '网格重新编码，范围不变',
    },
    warningColumns: { when: '时点', subject: '对象', message: '提示' },
    when: { live: '现行', plan: '方案' },
  },
  kpi: {
    sheets: { kpis: '指标', hotspots: '热点网格' },
    columns: { name: '指标', value: '本期', previous: '上期', monthOnMonth: '环比', lastYear: '去年同期', yearOnYear: '同比' },
    names: {
      reported: '上报数', registered: '立案数', dispatched: '派遣数', handledOnTime: '按期处置数', overdue: '超期数', closed: '结案数',
      closedOnTime: '按期结案数', onTimeClosureRate: '按期结案率', rework: '返工次数', averageHandlingHours: '平均处置时长（小时）',
      satisfactionRatings: '群众评价数', satisfactionRate: '群众满意率',
    },
    period: '本期', previousPeriod: '上期', lastYearPeriod: '去年同期',
    span: (p: { from: string; to: string }) => `${p.from} 至 ${p.to}（不含结束时刻）`,
    filter: '范围', exported: '导出',
    exportedBy: (p: { at: string; by: string }) => `${p.at}，${p.by}`,
    hotspotColumns: { rank: '排名', code: '网格编码', name: '网格', reported: '上报数' },
  },
  assessment: {
    levels: { worker: '网格员', community: '社区', station: '城管工作站' },
    title: (p: { period: string; level: string }) => `${p.period} 考核台账 · ${p.level}`,
    signedOff: (p: { by: string }) => `已签署 ${p.by}`,
    draft: '草稿（实时计算）',
    status: (p: { state: string; version: number; countedTo: string }) => `${p.state} · 方案第 ${p.version} 版 · 数据截至 ${p.countedTo}`,
    columns: { rank: '名次', subject: '考核对象', grid: '网格', community: '社区', households: '户数', total: '总分', veto: '否决', previousTotal: '上期得分', previousRank: '上期名次', reward: '奖励（元）' },
    vetoed: '是',
    adjustmentsSheet: '加减分',
    adjustmentColumns: ['考核期', '层级', '考核对象', '类型', '分值', '理由', '获奖事项', '状态', '记录人', '记录时间', '异议', '复核结果'],
    kind: { bonus: '加分', deduction: '扣分' },
    adjustmentStatus: { active: '有效', withdrawn: '已撤销' },
    decision: { upheld: '异议成立', rejected: '异议不成立', pending: '待复核' },
  },
};
