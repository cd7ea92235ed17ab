/**
 * A split line is usually drawn to a point snapped onto the grid's boundary; in floating point
 * that point may lie a hair inside, and ST_Split would then not cut. Each end is pushed outwards
 * along its last segment by `extension` degrees (about 10 cm), which makes such a line cross.
 * Pure.
 */
export function extendLineEnds(coordinates: number[][], extension: number): [number, number][] {
  const points = coordinates.map((position) => [position[0]!, position[1]!] as [number, number]);
  if (points.length < 2) return points;
  const push = (end: [number, number], previous: [number, number]): [number, number] => {
    const dx = end[0] - previous[0];
    const dy = end[1] - previous[1];
    const length = Math.hypot(dx, dy);
    return length === 0 ? end : [end[0] + (dx / length) * extension, end[1] + (dy / length) * extension];
  };
  const last = points.length - 1;
  points[0] = push(points[0]!, points[1]!);
  points[last] = push(points[last]!, points[last - 1]!);
  return points;
}
