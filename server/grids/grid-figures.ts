import type { Queryable } from '../db/connect.ts';
import { notFound } from '../http/failure.ts';
import { communityFigures, gridFigures, type CommunityFigureRow, type GridFigureRow, type HouseholdFigures } from './grid-editing.repo.ts';
import { stationShortfallWarnings } from '../duties/station-warnings.ts';
import { communityWarnings, gridWarnings, householdDeviation, stationStaffRequired, type RuleWarning } from './grid-rules.ts';
import type { EditPolicy } from './layout-change.ts';

/** Live figures of grids and their community, with the rule warnings: for previews, edit results and the side table. */
export interface GridFigureView extends Omit<GridFigureRow, 'geometry'> {
  vacant: boolean;
  householdDeviation: number;
  warnings: RuleWarning[];
  geometry?: GeoJSON.MultiPolygon;
}

export interface CommunityFigureView extends CommunityFigureRow {
  stationStaffRequired: number;
  warnings: RuleWarning[];
}

export function gridFigureView(row: GridFigureRow, policy: EditPolicy): GridFigureView {
  const { geometry, ...figures } = row;
  return {
    ...figures,
    ...(geometry ? { geometry } : {}),
    vacant: row.workerId === null,
    householdDeviation: householdDeviation(row.households, policy),
    warnings: gridWarnings(row, policy),
  };
}

/**
 * `placed`: households, residents and buildings of each grid as a preview placed them without
 * writing (grid-editing.repo.ts `placeHouseholds`; a grid absent holds none) instead of counting households.grid_id.
 */
export async function gridFigureViews(
  sql: Queryable,
  filter: { gridIds: number[] } | { communityId: number },
  policy: EditPolicy,
  withGeometry: boolean,
  placed?: ReadonlyMap<number, HouseholdFigures>,
): Promise<GridFigureView[]> {
  const rows = await gridFigures(sql, filter, withGeometry, placed === undefined);
  const none: HouseholdFigures = { households: 0, residents: 0, buildings: 0 };
  return rows.map((row) => gridFigureView(placed ? { ...row, ...(placed.get(row.gridId) ?? none) } : row, policy));
}

export async function communityFigureView(sql: Queryable, communityId: number, policy: EditPolicy): Promise<CommunityFigureView> {
  const row = await communityFigures(sql, communityId);
  if (!row) throw notFound('community', communityId);
  // the station's actual roster against the staffing rule (server/duties)
  const stationWarnings = await stationShortfallWarnings(sql, { communityId, code: row.code, residents: row.residents }, policy);
  return { ...row, stationStaffRequired: stationStaffRequired(row.residents, policy), warnings: [...communityWarnings(row, policy), ...stationWarnings] };
}
