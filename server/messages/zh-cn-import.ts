/**
 * zh-CN messages of the import commit (server/import/commit-import.ts, territory-fit.ts,
 * server/plans/import-communities-into-plan.ts, server/incidents/import-historic-incidents.ts):
 * refusals of the commit, the failed job's reason, and the report's row problems about territory
 * and case status (rendered again in the reader's language by server/messages/localise-answer.ts).
 */
export const importFailuresZh = {
  import_nothing_ready: () => '没有可导入的行：请修正或跳过有错误的行',
  import_rows_have_errors: (p: { count: number }) => `仍有 ${p.count} 行存在错误：请修正或跳过这些行，然后重新校验`,
  import_already_committed: (p: { id: number }) => `导入任务 ${p.id} 已经导入过`,
  import_not_validated: () => '请先校验导入内容，再执行导入',
  /** something unforeseen stopped the writing: everything was rolled back */
  import_commit_failed: () => '导入过程中出错，已全部回滚，未写入任何数据',
  community_outside_street: (p: { name: string; street: string }) => `社区${p.name}整块位于街道${p.street}辖区之外，无法导入`,
  community_code_taken: (p: { code: string }) => `社区编码 ${p.code} 已被使用`,
  import_street_without_territory: (p: { name: string }) => `街道${p.name}既没有边界，也没有社区，无法判断导入的社区是否在其辖区内：请先设置街道边界`,
};

export const importFailureStatusesZh: { readonly [C in keyof typeof importFailuresZh]: number } = {
  import_nothing_ready: 422,
  import_rows_have_errors: 422,
  import_already_committed: 409,
  import_not_validated: 409,
  import_commit_failed: 500,
  import_street_without_territory: 422,
  community_outside_street: 422,
  community_code_taken: 409,
};

/** Row problems of the validation report (code + params; `message` rendered from here). */
export const importProblemsZh = {
  import_clipped_to_community: (p: { areaSquareMetres: number }) => `有 ${p.areaSquareMetres} 平方米位于社区边界之外，导入时将按社区边界裁剪`,
  import_outside_community: () => '整块位于社区边界之外（或裁剪后只剩碎片），无法导入',
  import_clipped_to_street: (p: { areaSquareMetres: number }) => `有 ${p.areaSquareMetres} 平方米位于街道辖区之外，导入时将按街道辖区裁剪`,
  import_outside_street: () => '整块位于街道辖区之外（或裁剪后只剩碎片），无法导入',
  import_overlaps_live_community: (p: { name: string; areaSquareMetres: number }) => `与现有社区${p.name}重叠 ${p.areaSquareMetres} 平方米：社区之间不得交叉重叠`,
  import_community_code_taken: (p: { code: string }) => `社区编码 ${p.code} 已被现有社区使用`,
  import_community_code_other_street: (p: { code: string; streetCode: string }) => `社区编码 ${p.code} 不在本街道编码 ${p.streetCode} 之下`,
  import_status_not_reproducible: (p: { status: string }) => `状态“${p.status}”无法按案件流程重现：只能导入“上报”（reported）或“结案”（closed）的案件`,
  import_closed_before_reported: () => '结案时间早于上报时间',
  import_closed_at_not_a_date: (p: { value: string }) => `结案时间“${p.value}”不是有效日期（如 2026-05-01 08:30）`,
};

export const importNotesZh = {
  imported_case: (p: { fileName: string; row: number }) => `由文件 ${p.fileName} 第 ${p.row} 行导入的历史记录`,
};
