import type { Queryable } from '../db/connect.ts';
import { readPolicyValues } from './grid-editing.repo.ts';
import type { EditPolicy } from './layout-change.ts';

const defaults: EditPolicy = {
  gridHouseholdsMin: 300,
  gridHouseholdsMax: 500,
  communityHouseholdsMax: 2000,
  gridMinAreaSquareMetres: 2000,
  stationStaffByPopulation: [
    { upTo: 5000, staff: 3 },
    { upTo: 10000, staff: 5 },
    { upTo: 15000, staff: 6 },
    { upTo: null, staff: 7 },
  ],
  stationStaffExtraForMarket: [2, 3],
};

/** The administrator-set values the editing rules use, with BRIEF's defaults where a key is missing. */
export async function readEditPolicy(sql: Queryable): Promise<EditPolicy> {
  const values = await readPolicyValues(sql, [
    'grid_households_min', 'grid_households_max', 'community_households_max', 'grid_min_area_square_metres',
    'station_staff_by_population', 'station_staff_extra_for_market',
  ]);
  const number = (key: string, fallback: number) => {
    const value = Number(values.get(key));
    return Number.isFinite(value) ? value : fallback;
  };
  const staff = values.get('station_staff_by_population');
  const extra = values.get('station_staff_extra_for_market');
  return {
    gridHouseholdsMin: number('grid_households_min', defaults.gridHouseholdsMin),
    gridHouseholdsMax: number('grid_households_max', defaults.gridHouseholdsMax),
    communityHouseholdsMax: number('community_households_max', defaults.communityHouseholdsMax),
    gridMinAreaSquareMetres: number('grid_min_area_square_metres', defaults.gridMinAreaSquareMetres),
    stationStaffByPopulation: Array.isArray(staff) ? (staff as EditPolicy['stationStaffByPopulation']) : defaults.stationStaffByPopulation,
    stationStaffExtraForMarket: Array.isArray(extra) && extra.length === 2 ? (extra as [number, number]) : defaults.stationStaffExtraForMarket,
  };
}
