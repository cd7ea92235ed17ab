/** HTTP statuses of the population domain's failure codes (spread into server/http/failure.ts). */
export const populationFailureStatus = {
  auto_split_too_few_households: 422,
  auto_split_too_few_units: 422,
  auto_split_no_alternative: 422,
  info_grid_outside_parent: 422,
  residents_group_outside_community: 422,
} as const;
