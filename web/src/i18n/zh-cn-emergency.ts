/** Strings of the emergency view, the resident warning banner and the wall's warning list (zh-CN). */
export const zhCnEmergency = {
  view: '应急',
  refused: '应急指挥仅对指挥中心调度员和管理员开放。',
  title: '社区应急管理',
  demoNote: '演示数据（虚构）',
  tabs: { plans: '应急预案', activation: '启动应急', teams: '队伍与值班', warnings: '预警发布' },
  level: { street: '街道级', community: '社区级', site: '现场处置' },
  status: { draft: '草稿', current: '现行', retired: '已废止' },
  plans: {
    title: '名称', level: '级别', covers: '覆盖风险源', eventKinds: '事件类别', reviewDue: '复审期限', lastDrill: '最近演练',
    reviewOverdue: '复审逾期', drillOverdue: '未按期演练', never: '从未', version: '版本',
  },
  coverage: {
    title: '覆盖检查', uncovered: '无现行预案的重大、较大风险源', reviewOverdue: '逾期未复审的预案', noDrill: '周期内未演练的预案（{{months}} 个月）',
    none: '无', riskLevel: { 1: '重大', 2: '较大', 3: '一般', 4: '低' },
  },
  activation: {
    plan: '预案', autoPlan: '自动选择覆盖该处的预案', source: '事发地点', fromIncident: '案件', fromPoint: '地图坐标', incidentId: '案件编号（ID）',
    longitude: '经度', latitude: '纬度', responseLevel: '响应级别', radius: '影响半径（米）', note: '说明', activate: '启动',
    activated: '已启动应急：{{plan}}', noPlan: '未匹配预案', households: '影响户数', residents: '常住人口', elderlyAlone: '独居老人', disability: '残疾人',
    vulnerable: '需人工转移的居民（独居老人、残疾人优先）', equipment: '就近应急设备', expired: '已过期', usable: '可用', onDuty: '当前值班',
    nobodyOnDuty: '当前无人值班', shelters: '避难场所与集合点', log: '事件日志', addNote: '记录', handover: '移交', reference: '对方编号',
    byPhone: '电话移交', byWebhook: '接口推送', review: '总结评估', close: '结束事件', closed: '已结束', circle: '影响范围示意', metres: '{{count}} 米',
    delivery: { recorded: '已记录', delivered: '已送达', failed: '未送达' },
    logKind: { activated: '启动', note: '记录', handover: '移交', webhook_received: '平台回报', closed: '结束' },
  },
  teams: {
    kind: { leading_group: '领导小组', rescue_team: '综合应急队', volunteer_team: '志愿者队', duty_room: '应急值班室', cctv_room: '视频监控室' },
    members: '成员', resident: '居民志愿者', onDutyNow: '正在值班', until: '至 {{time}}', phone: '电话',
  },
  warnings: {
    level: { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' },
    headline: '标题', body: '内容', grids: '预警网格', validTo: '有效期至', publish: '发布预警', published: '已发布', cancel: '撤销',
    active: '生效中', ended: '已结束', acknowledged: '{{count}} 人已确认', inForce: '生效中的预警', none: '当前没有预警',
    validUntil: '有效期至 {{time}}', hoursUnit: '小时',
  },
  banner: { title: '{{level}}预警', validUntil: '有效期至 {{time}}' },
  wall: { title: '预警' },
};
