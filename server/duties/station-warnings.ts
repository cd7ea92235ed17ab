import type { Queryable } from '../db/connect.ts';
import type { RuleWarning } from '../grids/grid-rules.ts';
import type { EditPolicy } from '../grids/layout-change.ts';
import { warningMessage } from '../messages/message-catalogue.ts';
import { stationStaffRule } from './stations.ts';
import { listStations } from './stations.repo.ts';

/**
 * The planner's warning when a community's station has fewer full-time team members than the
 * staffing rule asks (第7篇): shown beside the other sizing rules while editing, never a refusal.
 */
export async function stationShortfallWarnings(
  sql: Queryable,
  community: { communityId: number; code: string; residents?: number },
  policy: EditPolicy,
): Promise<RuleWarning[]> {
  // `residents`: the community's resident population when the caller has just counted it
  // the station and its current active members in one statement
  const [station] = await listStations(sql, { communityId: community.communityId, residents: community.residents }, true);
  if (!station) return [];
  const { requiredStaff } = stationStaffRule(station, policy, 'zh-CN');
  const actual = station.currentMemberCount ?? 0;
  if (actual >= requiredStaff) return [];
  const params = { name: station.name, actual, required: requiredStaff };
  const zh = warningMessage('zh-CN', 'station_staff_short', params);
  return [{
    code: 'station_staff_short', level: 'warning', subject: { kind: 'community', communityId: community.communityId, code: community.code }, params,
    message: zh, messageZh: zh, messageEn: warningMessage('en', 'station_staff_short', params),
  }];
}
