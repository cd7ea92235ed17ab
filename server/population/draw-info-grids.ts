import type { Queryable } from '../db/connect.ts';
import { groupBuildings } from './group-buildings.ts';
import { buildingsOfGridVersion, insertInfoGrids, type NewInfoGrid } from './info-grids.repo.ts';

/**
 * Draw the population information grids (第8篇: about ten buildings, one 人口信息员 each) inside
 * one grid version. Used when the demo is loaded and when a planner draws them for a grid's new
 * version. `officerFor(sequence)` names the information officer (null: not yet appointed).
 * Returns the new information grids' ids; a grid without buildings gets none.
 */
export async function drawInfoGrids(
  sql: Queryable,
  grid: { gridId: number; versionId: number; name: string },
  targetBuildings: number,
  officerFor: (sequence: number) => { name: string; phone: string | null } | null = () => null,
): Promise<number[]> {
  const buildings = await buildingsOfGridVersion(sql, grid.versionId);
  const groups = groupBuildings(buildings, targetBuildings);
  const infoGrids: NewInfoGrid[] = groups.map((buildingIds, index) => {
    const officer = officerFor(index + 1);
    return {
      sequence: index + 1,
      name: `${grid.name}-${index + 1}`,
      buildingIds,
      informationOfficer: officer?.name ?? null,
      officerPhone: officer?.phone ?? null,
    };
  });
  return insertInfoGrids(sql, grid.gridId, grid.versionId, infoGrids);
}
