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

/**
 * The uncovered area of the layouts measured lately, by layout digest (grid-editing.repo.ts
 * `layoutKeyOf`): an edit that leaves the covered area as it was (a split, a merge) reports
 * the uncovered area of the layout it started from instead of unioning all the community's grids
 * again. The first value remembered for a layout stays, so a preview and its edit answer the same.
 */
const uncoveredByLayout = new Map<string, number | null>();
const rememberedLayouts = 256;

function rememberUncovered(layoutKey: string, uncoveredSquareMetres: number | null): void {
  if (uncoveredByLayout.has(layoutKey)) return;
  if (uncoveredByLayout.size >= rememberedLayouts) uncoveredByLayout.delete(uncoveredByLayout.keys().next().value!);
  uncoveredByLayout.set(layoutKey, uncoveredSquareMetres);
}

/**
 * `coverageSince`: the digest of the layout before an edit that left the community's covered area
 * as it was (apply-layout-change.ts `coverageUnchangedSince`): its uncovered area is the one remembered for that layout.
 */
export async function communityFigureView(sql: Queryable, communityId: number, policy: EditPolicy, coverageSince: string | null = null): Promise<CommunityFigureView> {
  const known = coverageSince !== null && uncoveredByLayout.has(coverageSince) ? { uncoveredSquareMetres: uncoveredByLayout.get(coverageSince)! } : null;
  const measured = await communityFigures(sql, communityId, known);
  if (!measured) throw notFound('community', communityId);
  const { layoutKey, ...row } = measured;
  if (!known) {
    if (layoutKey !== null) rememberUncovered(layoutKey, row.uncoveredSquareMetres);
    if (coverageSince !== null) rememberUncovered(coverageSince, row.uncoveredSquareMetres);
  }
  // the station's actual roster against the staffing rule (server/duties)
  const stationWarnings = await stationShortfallWarnings(sql, { communityId, code: row.code, residents: row.residents }, policy);
  return { ...row, stationStaffRequired: stationStaffRequired(row.residents, policy), warnings: [...communityWarnings(row, policy), ...stationWarnings] };
}
