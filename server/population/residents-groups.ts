import type { CommunityStatus, ResidentsGroupsAnswer } from '../../contract/population.ts';
import type { Queryable } from '../db/connect.ts';
import type { Locale } from '../messages/message-catalogue.ts';
import { featureCollection } from '../territory/grid-features.ts';
import { areaRole, communitySizeMessage, communitySizeRuleMessage, communitySizeStatus } from './community-size-rule.ts';
import { communityHouseholds, householdsByArea, listCommunityNames } from './population.repo.ts';
import { readPopulationPolicy } from './population-policy.ts';
import { listResidentsGroups } from './residents-groups.repo.ts';

/**
 * Residents' groups on the map, and the community-size rule of 第4篇 stated once with each
 * community's status under it (used by the planner's community view and the acceptance check).
 */
export async function residentsGroupsView(sql: Queryable, locale: Locale): Promise<ResidentsGroupsAnswer> {
  const policy = await readPopulationPolicy(sql);
  const [communities, grids, areas, groups] = await Promise.all([
    listCommunityNames(sql),
    communityHouseholds(sql),
    householdsByArea(sql),
    listResidentsGroups(sql),
  ]);
  const statuses: CommunityStatus[] = communities.map((community) => {
    const households = grids.get(community.id) ?? 0;
    const size = communitySizeStatus(community.name, households, policy);
    return {
      communityId: community.id,
      code: community.code,
      name: community.name,
      households,
      status: size.status,
      statusCode: size.statusCode,
      message: communitySizeMessage(size, locale),
      suggestedCommunities: size.suggestedCommunities,
      areas: areas
        .filter((area) => area.communityId === community.id)
        .map((area) => ({ complexName: area.complexName, households: area.households, role: areaRole(area.households, policy) })),
    };
  });
  return {
    rule: {
      residentsGroupBelow: policy.residentsGroupBelow,
      communityTarget: policy.communityTarget,
      communityMaximum: policy.communityMaximum,
      message: communitySizeRuleMessage(policy, locale),
    },
    communities: statuses,
    groups: featureCollection(groups.map(({ geometry, ...properties }) => ({ type: 'Feature' as const, id: properties.id, geometry, properties }))),
  };
}
