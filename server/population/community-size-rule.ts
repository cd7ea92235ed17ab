import { noteMessage, type Locale } from '../messages/message-catalogue.ts';
import type { PopulationPolicy } from './population-policy.ts';

/**
 * The community-size rule of 第4篇 as a status of each community — said once, where the planner
 * looks at the community, rather than repeated as a warning on every edit inside it: under 500
 * households an area is a residents' group of the nearest community; a community is about 1,500
 * and at most 2,000 households; above that, the suggested plan is ⌈households ÷ 1,500⌉ communities.
 * Pure: figures and policy in, status out.
 */
export type CommunitySizeStatus = 'residents_group' | 'within_target' | 'above_target' | 'above_maximum';

export interface CommunitySize {
  status: CommunitySizeStatus;
  statusCode: `community_status_${CommunitySizeStatus}`;
  params: { name: string; households: number; below: number; target: number; maximum: number; suggested: number };
  suggestedCommunities: number;
}

export function communitySizeStatus(name: string, households: number, policy: PopulationPolicy): CommunitySize {
  const status: CommunitySizeStatus =
    households < policy.residentsGroupBelow ? 'residents_group'
      : households > policy.communityMaximum ? 'above_maximum'
        : households > policy.communityTarget ? 'above_target'
          : 'within_target';
  const suggestedCommunities = status === 'above_maximum' ? Math.ceil(households / policy.communityTarget) : status === 'residents_group' ? 0 : 1;
  return {
    status,
    statusCode: `community_status_${status}`,
    params: {
      name, households, below: policy.residentsGroupBelow, target: policy.communityTarget, maximum: policy.communityMaximum, suggested: suggestedCommunities,
    },
    suggestedCommunities,
  };
}

export function communitySizeMessage(size: CommunitySize, locale: Locale): string {
  return noteMessage(locale, size.statusCode, size.params);
}

export function communitySizeRuleMessage(policy: PopulationPolicy, locale: Locale): string {
  return noteMessage(locale, 'community_size_rule', { below: policy.residentsGroupBelow, target: policy.communityTarget, maximum: policy.communityMaximum });
}

/** What the rule makes of one residential area (小区 / 村): a residents' group, or a candidate community. */
export function areaRole(households: number, policy: PopulationPolicy): 'residents_group' | 'own_community_candidate' {
  return households < policy.residentsGroupBelow ? 'residents_group' : 'own_community_candidate';
}
