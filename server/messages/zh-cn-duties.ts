/**
 * zh-CN messages of the 城管 duties domain (issue 18), spread into zh-cn.ts with one line per section.
 * The params fixed here are the contract for `new Failure(code, params)`; en-duties.ts mirrors them.
 */
export const dutiesFailuresZh = {
  section_overlap: (p: { sections: string }) => `该路段与已有责任段重叠：${p.sections}（一段路只能有一个责任人）`,
  person_has_left: (p: { name: string }) => `${p.name}已离岗，不能承担责任段或值守班次`,
  section_beyond_street: (p: { lengthMetres: number }) => `责任段超出街巷全长 ${p.lengthMetres} 米`,
  duty_change_leaves_gap: (p: { name: string; metres: number }) =>
    `${p.name}离岗后将有 ${p.metres} 米背街小巷无人负责；请先调整责任人，或明确确认留空（将记入审计）`,
  shift_outside_post_hours: (p: { opensAt: string; closesAt: string }) => `班次须在守点执勤时间 ${p.opensAt}–${p.closesAt} 之内`,
  check_in_too_far: (p: { distanceMetres: number; radiusMetres: number }) => `签到位置距守点 ${p.distanceMetres} 米，超出 ${p.radiusMetres} 米范围`,
  no_shift_now: () => '此时您在该守点没有排班',
  not_a_duty_person: () => '当前账号没有对应的城管责任人',
  finding_photo_required: (p: { category: string }) => `类别 ${p.category} 的问题须附照片`,
  inspector_is_responsible: () => '区查街改：责任段的责任人不能检查自己的路段，请由他人检查',
} as const;

/** Statuses of the domain's failures (spread into statusOfFailure, server/http/failure.ts). */
export const dutiesFailureStatuses: { readonly [C in keyof typeof dutiesFailuresZh]: number } = {
  section_overlap: 422,
  person_has_left: 422,
  section_beyond_street: 422,
  duty_change_leaves_gap: 409,
  shift_outside_post_hours: 422,
  check_in_too_far: 422,
  no_shift_now: 422,
  not_a_duty_person: 403,
  finding_photo_required: 422,
  inspector_is_responsible: 422,
};

export const dutiesProblemsZh = {
  overlaps_section: (p: { sections: string }) => `与责任段 ${p.sections} 重叠`,
  person_has_left: () => '此人已离岗',
  unknown_person: (p: { id: number }) => `没有编号为 ${p.id} 的责任人`,
  beyond_street_end: (p: { lengthMetres: number }) => `超出街巷全长 ${p.lengthMetres} 米`,
  outside_post_hours: (p: { opensAt: string; closesAt: string }) => `须在 ${p.opensAt}–${p.closesAt} 之内`,
  too_far_from_post: (p: { distanceMetres: number; radiusMetres: number }) => `距守点 ${p.distanceMetres} 米，超出 ${p.radiusMetres} 米`,
  photo_required: () => '须附照片',
  inspector_is_responsible: () => '您是该路段的责任人，不能自查',
  not_after_start: () => '须晚于开始时间',
  person_or_new_person: () => '请提供已有人员编号（personId）或新队员（newPerson），二者选一',
  already_on_a_roster: () => '此人当时已在某个工作站的名册上',
  already_left: (p: { leftOn: string }) => `已于 ${p.leftOn} 离站`,
  below_stock: (p: { stock: number }) => `现有库存仅 ${p.stock}，不能减到负数`,
  not_zero: () => '不能为 0',
  too_short: (p: { minimumMetres: number }) => `太短（至少 ${p.minimumMetres} 米）`,
  already_reviewed: (p: { period: string }) => `${p.period} 的讲评已记录`,
  not_on_roster: () => '此人不在该工作站名册上',
  period_matches_kind: () => '月度讲评写作 年-月（如 2026-05），半年总结写作 年-H1/H2（如 2026-H1）',
} as const;

export const dutiesThingsZh = {
  back_street: () => '背街小巷',
  back_street_section: () => '责任段',
  duty_person: () => '责任人',
  duty_post: () => '守点',
  duty_shift: () => '值守班次',
  station: () => '城管工作站',
  station_membership: () => '工作站名册记录',
} as const;

/** Audit action labels of the domain. */
export const dutiesAuditActionsZh = {
  'back_street.create': '登记背街小巷',
  'back_street_section.create': '新建背街小巷责任段',
  'station_review.record': '记录队员讲评或半年总结',
  'back_street_section.update': '修改背街小巷责任段',
  'duty_person.leave': '责任人离岗',
  'duty_person.leave_gap_acknowledged': '确认责任人离岗后路段留空',
  'station_member.join': '城管队员入站',
  'station_member.leave': '城管队员离站',
  'station_equipment.record': '登记工作站装备',
  'duty_shift.create': '排定守点班次',
  'duty_check_in.create': '守点签到',
  'back_street_inspection.create': '记录背街小巷检查',
} as const;

/** The staffing rule as it produced a station's number (第7篇 二(二)1). */
export interface StationRuleParams {
  residents: number;
  upTo: number | null;
  previousUpTo: number | null;
  bandStaff: number;
  marketCount: number;
  vendorClusterCount: number;
  extraStaff: number;
  requiredStaff: number;
}
export function stationRuleZh(p: StationRuleParams): string {
  const band = p.upTo === null ? `${p.previousUpTo ?? 0} 人以上` : p.previousUpTo === null ? `${p.upTo} 人（含）以下` : `${p.previousUpTo}–${p.upTo} 人（含）`;
  const extra = p.extraStaff > 0
    ? `；辖区有农贸市场 ${p.marketCount} 处、流动摊点集聚点 ${p.vendorClusterCount} 处，增配 ${p.extraStaff} 名`
    : '；辖区无农贸市场或流动摊点集聚点，不增配';
  return `社区常住人口 ${p.residents} 人，属“${band}”档，配备专职城管队员 ${p.bandStaff} 名以上${extra}；合计应配 ${p.requiredStaff} 名（第7篇 社区城管工作站建设标准）`;
}
