import type { StreetModel } from './generate-territory.ts';

/**
 * A human address for a spot in a cell, the way a dispatcher would write it: the complex or
 * village by name, otherwise the nearest road junction. `nearRoad` says the spot is on the road
 * at the cell's edge rather than inside the block.
 */
export function addressInCell(model: StreetModel, column: number, row: number, u: number, v: number, nearRoad: boolean): string {
  const { plan, landUse } = model;
  const cell = landUse.cells[column]![row]!;
  const community = plan.communities[cell.communityIndex]!;
  const shortName = community.name.replace(/社区$/, '');
  const westOrEast = plan.columns[u < 0.5 ? column : column + 1]!;
  const northOrSouth = plan.rows[v < 0.5 ? row : row + 1]!;
  const columnRoad = westOrEast.kind === 'river' ? `${plan.riverName}` : westOrEast.name;
  const rowRoad = northOrSouth.name;
  const junction = rowRoad && columnRoad ? `${rowRoad}与${columnRoad}交口` : (rowRoad ?? columnRoad ?? `${shortName}片区`);
  if (nearRoad) return `${junction}附近`;
  switch (cell.use) {
    case 'site':
      return `${community.sites[cell.siteIndex!]!.name}小区`;
    case 'village':
      return `${cell.villageName ?? ''}村民组`;
    case 'market':
      return `${shortName}农贸市场`;
    case 'school':
      return `${junction}学校门口`;
    case 'shops':
      return `${rowRoad ?? columnRoad ?? ''}商业街`;
    case 'construction':
      return `${junction}在建工地`;
    case 'park':
      return `${shortName}公园`;
    case 'farmland':
      return `${junction}田间`;
    default:
      return `${junction}附近`;
  }
}
