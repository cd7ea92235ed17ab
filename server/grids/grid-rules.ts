
import { warningMessage, type WarningCode, type WarningParams } from '../messages/message-catalogue.ts';
import type { EditPolicy } from './layout-change.ts';

/**
 * The sizing rules of BRIEF as warnings the planner sees while editing — never silent failures,
 * never refusals. Pure: figures and policy in, coded warnings out: a stable `code` with its
 * `params`, and `message` rendered from the catalogue (zh-CN here; the route renders it again in
 * the request's language). `messageZh`/`messageEn` are kept while the web app moves to `message`.
 */
export interface RuleWarning {
  code: WarningCode;
  level: 'warning' | 'info';
  subject: { kind: 'grid'; gridId: number; code: string } | { kind: 'community'; communityId: number; code: string };
  params: Record<string, string | number | boolean>;
  message: string;
  /** @deprecated use `message`, rendered in the request's language */
  messageZh: string;
  /** @deprecated use `message`, rendered in the request's language */
  messageEn: string;
}

function warning<C extends WarningCode>(code: C, level: RuleWarning['level'], subject: RuleWarning['subject'], params: WarningParams<C>): RuleWarning {
  const zh = warningMessage('zh-CN', code, params);
  return { code, level, subject, params: params as RuleWarning['params'], message: zh, messageZh: zh, messageEn: warningMessage('en', code, params) };
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
  const target = { name: grid.name, households: grid.households, minimum: policy.gridHouseholdsMin, maximum: policy.gridHouseholdsMax };
  if (grid.households < policy.gridHouseholdsMin) {
    warnings.push(warning('grid_households_below_target', 'warning', subject, target));
  } else if (grid.households > policy.gridHouseholdsMax) {
    warnings.push(warning('grid_households_above_target', 'warning', subject, target));
  }
  if (grid.workerId === null) warnings.push(warning('grid_vacant', 'warning', subject, { name: grid.name }));
  if (grid.partCount > 1) warnings.push(warning('grid_in_several_parts', 'warning', subject, { name: grid.name, parts: grid.partCount }));
  return warnings;
}

export function communityWarnings(community: CommunityFigures, policy: EditPolicy): RuleWarning[] {
  const subject = { kind: 'community' as const, communityId: community.communityId, code: community.code };
  const warnings: RuleWarning[] = [];
  if (community.households > policy.communityHouseholdsMax) {
    warnings.push(warning('community_households_above_maximum', 'warning', subject, {
      name: community.name, households: community.households, maximum: policy.communityHouseholdsMax,
    }));
  }
  const [extraLow, extraHigh] = policy.stationStaffExtraForMarket;
  warnings.push(warning('station_staff_required', 'info', subject, {
    name: community.name, residents: community.residents, staff: stationStaffRequired(community.residents, policy),
    hasMarket: community.hasMarket, extraLow, extraHigh,
  }));
  return warnings;
}
