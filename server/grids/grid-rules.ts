import type { EditPolicy } from './layout-change.ts';

/**
 * The sizing rules of BRIEF as warnings the planner sees while editing — never silent failures,
 * never refusals. Pure: figures and policy in, coded messages in Chinese and English out.
 */
export interface RuleWarning {
  code:
    | 'grid_households_below_target'
    | 'grid_households_above_target'
    | 'grid_vacant'
    | 'grid_in_several_parts'
    | 'community_households_above_maximum'
    | 'station_staff_required';
  level: 'warning' | 'info';
  subject: { kind: 'grid'; gridId: number; code: string } | { kind: 'community'; communityId: number; code: string };
  messageZh: string;
  messageEn: string;
}

export interface GridFigures {
  gridId: number;
  code: string;
  name: string;
  households: number;
  residents: number;
  workerId: number | null;
  partCount: number;
}

export interface CommunityFigures {
  communityId: number;
  code: string;
  name: string;
  households: number;
  residents: number;
  hasMarket: boolean;
}

/** Households outside the 300–500 target: negative below it, positive above it, 0 inside. */
export function householdDeviation(households: number, policy: EditPolicy): number {
  if (households < policy.gridHouseholdsMin) return households - policy.gridHouseholdsMin;
  if (households > policy.gridHouseholdsMax) return households - policy.gridHouseholdsMax;
  return 0;
}

/** Urban-management station staff for a resident population (≤5,000 → 3; …; >15,000 → 7). */
export function stationStaffRequired(population: number, policy: EditPolicy): number {
  const band = policy.stationStaffByPopulation.find((step) => step.upTo === null || population <= step.upTo);
  return band?.staff ?? policy.stationStaffByPopulation[policy.stationStaffByPopulation.length - 1]?.staff ?? 0;
}

export function gridWarnings(grid: GridFigures, policy: EditPolicy): RuleWarning[] {
  const subject = { kind: 'grid' as const, gridId: grid.gridId, code: grid.code };
  const warnings: RuleWarning[] = [];
  const range = `${policy.gridHouseholdsMin}–${policy.gridHouseholdsMax}`;
  if (grid.households < policy.gridHouseholdsMin) {
    warnings.push({
      code: 'grid_households_below_target', level: 'warning', subject,
      messageZh: `${grid.name}仅有${grid.households}户，低于${range}户的网格标准，可考虑与相邻网格合并`,
      messageEn: `${grid.name} has ${grid.households} households, below the ${range} target; consider merging it with a neighbour`,
    });
  } else if (grid.households > policy.gridHouseholdsMax) {
    warnings.push({
      code: 'grid_households_above_target', level: 'warning', subject,
      messageZh: `${grid.name}有${grid.households}户，超过${range}户的网格标准，可考虑拆分`,
      messageEn: `${grid.name} has ${grid.households} households, above the ${range} target; consider splitting it`,
    });
  }
  if (grid.workerId === null) {
    warnings.push({
      code: 'grid_vacant', level: 'warning', subject,
      messageZh: `${grid.name}尚未配备网格员（一格一员）`,
      messageEn: `${grid.name} has no grid worker yet (one grid, one worker)`,
    });
  }
  if (grid.partCount > 1) {
    warnings.push({
      code: 'grid_in_several_parts', level: 'warning', subject,
      messageZh: `${grid.name}由${grid.partCount}块不相连的区域组成`,
      messageEn: `${grid.name} consists of ${grid.partCount} separate parts`,
    });
  }
  return warnings;
}

export function communityWarnings(community: CommunityFigures, policy: EditPolicy): RuleWarning[] {
  const subject = { kind: 'community' as const, communityId: community.communityId, code: community.code };
  const warnings: RuleWarning[] = [];
  if (community.households > policy.communityHouseholdsMax) {
    warnings.push({
      code: 'community_households_above_maximum', level: 'warning', subject,
      messageZh: `${community.name}共${community.households}户，超过社区${policy.communityHouseholdsMax}户的上限，宜拆分社区`,
      messageEn: `${community.name} has ${community.households} households, above the community maximum of ${policy.communityHouseholdsMax}; consider dividing it`,
    });
  }
  const staff = stationStaffRequired(community.residents, policy);
  const [extraLow, extraHigh] = policy.stationStaffExtraForMarket;
  warnings.push({
    code: 'station_staff_required', level: 'info', subject,
    messageZh:
      `${community.name}常住人口${community.residents}人，城管工作站应配备不少于${staff}人` +
      (community.hasMarket ? `；辖区有农贸市场或摊贩集中点，另增配${extraLow}–${extraHigh}人` : ''),
    messageEn:
      `${community.name} has ${community.residents} residents: its urban-management station needs at least ${staff} staff` +
      (community.hasMarket ? `, plus ${extraLow}–${extraHigh} for its farmers' market or vendor cluster` : ''),
  });
  return warnings;
}
