/** Population and community structure (issue 19): codes and messages in zh-CN. */

/** The community-size rule of 第4篇 and the status it gives each community (stored and rendered as notes: code + params). */
export const populationNotesZh = {
  community_size_rule: (p: { below: number; target: number; maximum: number }) =>
    `职工生活区规模在${p.below}户以下的，成立居民小组，整体划入就近社区；${p.below}户以上的，或${p.below}户以下但相对独立的，可单独设立社区；社区规模一般为${p.target}户左右，最高不突破${p.maximum}户`,
  community_status_residents_group: (p: { name: string; households: number; below: number; target: number; maximum: number }) =>
    `${p.name}仅${p.households}户，不足${p.below}户，宜作为居民小组并入就近社区（社区一般${p.target}户左右，最高${p.maximum}户）`,
  community_status_within_target: (p: { name: string; households: number; below: number; target: number; maximum: number }) =>
    `${p.name}共${p.households}户，符合社区规模（不少于${p.below}户，一般${p.target}户左右，最高${p.maximum}户）`,
  community_status_above_target: (p: { name: string; households: number; below: number; target: number; maximum: number }) =>
    `${p.name}共${p.households}户，高于一般${p.target}户左右的规模，仍在${p.maximum}户上限以内`,
  community_status_above_maximum: (p: { name: string; households: number; below: number; target: number; maximum: number; suggested: number }) =>
    `${p.name}共${p.households}户，突破社区${p.maximum}户上限；按一般${p.target}户左右一个社区，建议分设为${p.suggested}个社区（不足${p.below}户的居住区作为居民小组并入就近社区）`,
};

export const populationFailuresZh = {
  auto_split_too_few_households: (p: { code: string; households: number; parts: number; minimumPerPart: number }) =>
    `网格 ${p.code} 仅${p.households}户，不足以拆分为${p.parts}份（每份至少${p.minimumPerPart}户）`,
  auto_split_too_few_units: (p: { code: string; units: number; parts: number }) =>
    `网格 ${p.code} 内沿道路只能分出${p.units}块，不足以拆分为${p.parts}份`,
  auto_split_no_alternative: (p: { code: string; parts: number }) => `网格 ${p.code} 无法沿道路拆分为${p.parts}个相连的部分`,
  info_grid_outside_parent: (p: { name: string; areaSquareMetres: number }) => `信息网格“${p.name}”有${p.areaSquareMetres}平方米超出所属网格`,
  residents_group_outside_community: (p: { name: string; areaSquareMetres: number }) => `居民小组“${p.name}”有${p.areaSquareMetres}平方米超出所属社区`,
};
