/**
 * One label point per polygon feature. A GeoJSON source cuts polygons into tiles and MapLibre
 * labels each piece, so a large grid would carry its label several times; a point source gives
 * exactly one, placed where the polygon is widest (not its centroid, which can fall outside).
 */

type Ring = GeoJSON.Position[];

function signedArea(ring: Ring): number {
  let area = 0;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
    area += (ring[previous]![0]! - ring[index]![0]!) * (ring[previous]![1]! + ring[index]![1]!);
  }
  return area / 2;
}

/** Midpoint of the widest inside stretch of a horizontal line at `y`. */
function widestStretch(rings: Ring[], y: number): { x: number; width: number } | null {
  const crossings: number[] = [];
  for (const ring of rings) {
    for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index++) {
      const [x1, y1] = ring[previous] as [number, number];
      const [x2, y2] = ring[index] as [number, number];
      if ((y1 > y) !== (y2 > y)) crossings.push(x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
    }
  }
  crossings.sort((a, b) => a - b);
  let best: { x: number; width: number } | null = null;
  for (let index = 0; index + 1 < crossings.length; index += 2) {
    const width = crossings[index + 1]! - crossings[index]!;
    if (!best || width > best.width) best = { x: (crossings[index]! + crossings[index + 1]!) / 2, width };
  }
  return best;
}

export function labelPoint(geometry: GeoJSON.Geometry): GeoJSON.Position | null {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const largest = polygons.reduce<Ring[] | null>(
    (current, polygon) => (!current || Math.abs(signedArea(polygon[0]!)) > Math.abs(signedArea(current[0]!)) ? polygon : current),
    null,
  );
  if (!largest || !largest[0]) return null;
  const ys = largest[0].map((position) => position[1]!);
  const [minY, maxY] = [Math.min(...ys), Math.max(...ys)];
  let best: { x: number; y: number; width: number } | null = null;
  for (const fraction of [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74]) {
    const y = minY + (maxY - minY) * fraction;
    const stretch = widestStretch(largest, y);
    // prefer the middle: another height must be clearly wider to win
    if (stretch && (!best || stretch.width > best.width * 1.25)) best = { x: stretch.x, y, width: stretch.width };
  }
  return best ? [best.x, best.y] : null;
}

const cache = new WeakMap<object, GeoJSON.FeatureCollection<GeoJSON.Point, unknown>>();

/** Label points of a collection, computed once per collection object (so the map sees the same data). */
export function labelPoints<P>(collection: GeoJSON.FeatureCollection<GeoJSON.Geometry, P>): GeoJSON.FeatureCollection<GeoJSON.Point, P> {
  const cached = cache.get(collection);
  if (cached) return cached as GeoJSON.FeatureCollection<GeoJSON.Point, P>;
  const points: GeoJSON.FeatureCollection<GeoJSON.Point, P> = {
    type: 'FeatureCollection',
    features: collection.features.flatMap((feature) => {
      const point = labelPoint(feature.geometry);
      return point ? [{ type: 'Feature' as const, id: feature.id, properties: feature.properties, geometry: { type: 'Point' as const, coordinates: point } }] : [];
    }),
  };
  cache.set(collection, points);
  return points;
}
