import type { populationFailuresZh, populationNotesZh } from './zh-cn-population.ts';

/** Population and community structure (issue 19): the same codes in English. */

export const populationNotesEn: typeof populationNotesZh = {
  community_size_rule: (p) =>
    `A residential area under ${p.below} households becomes a residents' group and joins the nearest community; one of ${p.below} or more, or under ${p.below} but self-contained, may become its own community; a community is usually about ${p.target} households and never more than ${p.maximum}`,
  community_status_residents_group: (p) =>
    `${p.name} has only ${p.households} households, under ${p.below}: it should join the nearest community as a residents' group (communities are about ${p.target}, at most ${p.maximum})`,
  community_status_within_target: (p) =>
    `${p.name} has ${p.households} households: within the community size (at least ${p.below}, usually about ${p.target}, at most ${p.maximum})`,
  community_status_above_target: (p) =>
    `${p.name} has ${p.households} households: above the usual ${p.target}, still within the maximum of ${p.maximum}`,
  community_status_above_maximum: (p) =>
    `${p.name} has ${p.households} households, above the community maximum of ${p.maximum}; at about ${p.target} each it should become ${p.suggested} communities (areas under ${p.below} households join the nearest one as residents' groups)`,
};

export const populationFailuresEn: typeof populationFailuresZh = {
  auto_split_too_few_households: (p) =>
    `Grid ${p.code} has only ${p.households} households, too few for ${p.parts} parts (at least ${p.minimumPerPart} each)`,
  auto_split_too_few_units: (p) => `Grid ${p.code} divides along roads into only ${p.units} pieces, too few for ${p.parts} parts`,
  auto_split_no_alternative: (p) => `Grid ${p.code} cannot be cut along roads into ${p.parts} connected parts`,
  info_grid_outside_parent: (p) => `Information grid "${p.name}" lies ${p.areaSquareMetres} m² outside its grid`,
  residents_group_outside_community: (p) => `Residents' group "${p.name}" lies ${p.areaSquareMetres} m² outside its community`,
};
