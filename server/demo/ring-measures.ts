/**
 * Area and centroid of a simple polygon ring by the shoelace formula, on whatever plane the
 * coordinates are in. On longitude/latitude this is exactly what PostGIS ST_Centroid computes
 * for a geometry, which is why grid numbering uses it: the test can recompute the order in SQL.
 */
export function ringSignedArea(ring: readonly (readonly [number, number])[]): number {
  let twiceArea = 0;
  for (let index = 0; index + 1 < ring.length; index++) {
    const [x0, y0] = ring[index]!;
    const [x1, y1] = ring[index + 1]!;
    twiceArea += x0 * y1 - x1 * y0;
  }
  return twiceArea / 2;
}

export function ringCentroid(ring: readonly (readonly [number, number])[]): [number, number] {
  let twiceArea = 0;
  let sumX = 0;
  let sumY = 0;
  // relative to the first vertex to keep precision on small polygons far from the origin
  const [originX, originY] = ring[0]!;
  for (let index = 0; index + 1 < ring.length; index++) {
    const x0 = ring[index]![0] - originX;
    const y0 = ring[index]![1] - originY;
    const x1 = ring[index + 1]![0] - originX;
    const y1 = ring[index + 1]![1] - originY;
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    sumX += (x0 + x1) * cross;
    sumY += (y0 + y1) * cross;
  }
  return [originX + sumX / (3 * twiceArea), originY + sumY / (3 * twiceArea)];
}
