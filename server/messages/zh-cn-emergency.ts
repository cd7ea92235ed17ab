/** The emergency domain's messages (issue 20), spread into zh-cn.ts; en-emergency.ts has the same keys. */

export const emergencyFailuresZh = {
  emergency_plan_retired: (p: { id: number }) => `应急预案 ${p.id} 已废止，不能再启动或修改`,
  emergency_plan_draft: (p: { id: number }) => `应急预案 ${p.id} 仍是草稿，发布为现行预案后才能启动`,
  emergency_closed: (p: { id: number }) => `应急事件 ${p.id} 已结束`,
  linkage_signature_invalid: () => '联动平台的消息签名无效',
} as const;

export const emergencyThingsZh = {
  emergency_plan: () => '应急预案',
  emergency: () => '应急事件',
  emergency_team: () => '应急队伍',
  warning: () => '预警',
} as const;

export const emergencyProblemsZh = {
  unknown_risk_source: (p: { id: number }) => `风险源 ${p.id} 不存在`,
  unknown_emergency_plan: (p: { id: number }) => `应急预案 ${p.id} 不存在`,
  incident_or_point_required: () => '请指定案件（incidentId）或地图上的位置（point）',
  not_a_team_member: (p: { id: number }) => `${p.id} 不是该队伍的成员`,
  area_required: () => '请画出预警范围，或选择网格、社区',
  empty_area: () => '预警范围为空',
  unknown_grids: (p: { ids: string }) => `网格 ${p.ids} 不存在`,
  valid_to_in_past: () => '有效期的结束时间已过',
} as const;
