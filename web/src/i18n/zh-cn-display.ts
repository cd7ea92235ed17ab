/** Strings shown across views (map attribution, who acted on a case, time phrases): zh-CN. */
export const zhCnDisplay = {
  demoAttribution: '© GridAtlas 网格图 · 演示数据（虚构）',
  redispatch: '改派',
  /** the audit trail's action codes (dots written as __), object types, and families of codes */
  audit: {
    action: {
      auth__login: '登录', auth__logout: '退出登录', auth__password: '修改密码',
      api_key__create: '创建接口密钥', api_key__revoke: '吊销接口密钥',
      calendar__day__set: '设置工作日历', calendar__day__delete: '删除日历调整', calendar__working_hours__replace: '修改工作时间',
      category__update: '修改事件类别', household__reveal: '查看住户完整信息', import__upload: '上传导入文件', import__commit: '确认导入',
      kpi__export: '导出考核指标', photo__upload: '上传照片', user__create: '创建用户', worker__assign: '指派网格员', worker__vacate: '网格员离岗',
      risk_source__create: '登记风险源', risk_source__update: '修改风险源', risk_source__view_contact: '查看风险源联系人',
      plan__open: '新建规划方案', plan__discard: '放弃规划方案', plan__export: '导出方案对比', plan__publish: '发布规划方案',
      plan__rebase: '方案同步现行变更', plan__rollback: '撤回已发布方案', plan__schedule: '定时发布方案', plan__undo: '撤销方案中的编辑',
    },
    family: { incident: '案件', grid: '网格编辑', plan: '规划方案', export: '导出' },
    operation: { split: '拆分', merge: '合并', reshape: '调整边界', fill: '补齐空白', move_block: '划转地块', undo: '撤销', publish: '发布', create_community: '新建社区' },
    publicDecision: { rule: '按规则公开', published: '设为公开', hidden: '设为不公开' },
    dataset: { communities: '社区台账', grids: '网格台账', workers: '网格员台账', households: '住户台账', incidents: '事件台账', 'risk-sources': '风险源台账' },
    object: {
      user: '用户', incident: '案件', grid: '网格', grid_edit: '网格编辑', plan: '规划方案', risk_source: '风险源', api_key: '接口密钥',
      household: '住户', import_job: '导入任务', incident_category: '事件类别', kpi_report: '考核报表', photo: '照片',
      calendar_day: '日历日', working_hours: '工作时间',
    },
  },
  overHouseholdLimit: '户数超上限',
  overHouseholdLimitHelp: '户数超过每个网格 {{max}} 户上限的网格数（只看户数；网格员配备页的“工作量超标”还计入在办案件和巡查面积）',
  partialPeriod: '（至今）',
  /** each KPI's definition and formula, shown where the number is */
  kpiDefinition: {
    reported: '上报数：上报时间在所选时段内的事件数（各渠道）。',
    registered: '立案数：立案时间在所选时段内的事件数。',
    dispatched: '派遣数：（最近一次）派遣时间在所选时段内的事件数。',
    handledOnTime: '按期处置数：处置反馈时间在所选时段内、且不晚于处置时限的事件数（无时限的计为按期）。',
    overdue: '超期数：处置时限落在所选时段内、到时限仍未处置反馈的事件数（不含不予立案的）。',
    closed: '结案数：结案时间在所选时段内的事件数。',
    onTimeClosureRate: '按期结案率 = 按期结案数 ÷ 结案数；按期结案指结案时间不晚于处置时限。',
    rework: '返工次数：所选时段内核查不通过、退回重新处置的次数（一案返工两次计两次）。',
    averageHandlingHours: '平均处置时长 = 所选时段内处置反馈的事件，从派遣到处置反馈的小时数的平均值（日历时间）。',
    satisfactionRate: '群众满意率 =（满意 + 基本满意）÷ 所选时段内的居民评价数；无人评价时显示“—”。',
  },
  wall: { trend: '近12个月事件上报（按大类）', mix: '近7天事件构成', riskLegend: '风险源', heat: '事件热力', ranking: '近30天事件高发网格' },
  /** who acted when no user did: the stored channel codes of incident events, by name */
  actor: {
    system: '系统（自动）',
    hotline: '12345 市民热线',
    resident: '居民（随手拍）',
    open311: '外部系统（Open311 接口）',
    sensor: '物联感知设备',
    referral: '上级转办',
    import: '批量导入',
  },
};
