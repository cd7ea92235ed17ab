import type { Queryable } from '../db/connect.ts';
import { readPolicyValues } from '../grids/grid-editing.repo.ts';

/** The policy values of 第4篇 and 第8篇 that the population domain reads (BRIEF's defaults where unset). */
export interface PopulationPolicy {
  /** A residential area below this joins the nearest community as a residents' group (500). */
  residentsGroupBelow: number;
  /** A community is usually about this many households (1,500). */
  communityTarget: number;
  /** …and never more than this (2,000). */
  communityMaximum: number;
  /** Buildings in a population-information grid (about 10). */
  infoGridBuildings: number;
  gridHouseholdsMin: number;
  gridHouseholdsMax: number;
}

export const populationPolicyDefaults: PopulationPolicy = {
  residentsGroupBelow: 500,
  communityTarget: 1500,
  communityMaximum: 2000,
  infoGridBuildings: 10,
  gridHouseholdsMin: 300,
  gridHouseholdsMax: 500,
};

export async function readPopulationPolicy(sql: Queryable): Promise<PopulationPolicy> {
  const values = await readPolicyValues(sql, [
    'residents_group_below', 'community_households_target', 'community_households_max', 'grid_buildings_population_info',
    'grid_households_min', 'grid_households_max',
  ]);
  const number = (key: string, fallback: number) => {
    const value = Number(values.get(key));
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    residentsGroupBelow: number('residents_group_below', populationPolicyDefaults.residentsGroupBelow),
    communityTarget: number('community_households_target', populationPolicyDefaults.communityTarget),
    communityMaximum: number('community_households_max', populationPolicyDefaults.communityMaximum),
    infoGridBuildings: number('grid_buildings_population_info', populationPolicyDefaults.infoGridBuildings),
    gridHouseholdsMin: number('grid_households_min', populationPolicyDefaults.gridHouseholdsMin),
    gridHouseholdsMax: number('grid_households_max', populationPolicyDefaults.gridHouseholdsMax),
  };
}
