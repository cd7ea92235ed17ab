/**
 * Buildings into population information grids of about `target` buildings (第8篇: 按10个楼为一个
 * 管理网格): recursive bisection across the longer side of the group's extent, each side getting
 * its share of groups, so that groups are compact clusters of neighbouring buildings (in the demo,
 * buildings stand in rows along the estate's access roads, and a cut across the longer side falls
 * between rows). Pure: positions in metres in, groups of ids out; deterministic (ties by id).
 */
export interface BuildingPoint {
  id: number;
  x: number;
  y: number;
}

export function groupCountFor(buildings: number, target: number): number {
  return Math.max(1, Math.round(buildings / Math.max(1, target)));
}

export function groupBuildings(buildings: BuildingPoint[], target: number): number[][] {
  if (buildings.length === 0) return [];
  return bisect([...buildings].sort((a, b) => a.id - b.id), groupCountFor(buildings.length, target));
}

function bisect(buildings: BuildingPoint[], groups: number): number[][] {
  if (groups <= 1 || buildings.length <= 1) return [buildings.map((building) => building.id)];
  const xs = buildings.map((building) => building.x);
  const ys = buildings.map((building) => building.y);
  const alongX = Math.max(...xs) - Math.min(...xs) >= Math.max(...ys) - Math.min(...ys);
  const sorted = [...buildings].sort((a, b) => (alongX ? a.x - b.x || a.y - b.y : b.y - a.y || a.x - b.x) || a.id - b.id);
  const firstGroups = Math.floor(groups / 2);
  const firstSize = Math.min(sorted.length - 1, Math.max(1, Math.round((sorted.length * firstGroups) / groups)));
  return [...bisect(sorted.slice(0, firstSize), firstGroups), ...bisect(sorted.slice(firstSize), groups - firstGroups)];
}
