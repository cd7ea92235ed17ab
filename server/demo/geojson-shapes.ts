import type { Quadrilateral } from './cell-geometry.ts';
import type { LocalProjection, PlanePoint } from './local-projection.ts';

/** Local-plane shapes → GeoJSON geometries in longitude/latitude (rings closed, exterior CCW). */
export function polygonFromRing(projection: LocalProjection, ring: PlanePoint[]): GeoJSON.Polygon {
  const coordinates = ring.map((point) => projection.toLngLat(point));
  const first = coordinates[0]!;
  const last = coordinates[coordinates.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) coordinates.push([first[0], first[1]]);
  return { type: 'Polygon', coordinates: [coordinates] };
}

/** A block or footprint quadrilateral (stored north-west, north-east, south-east, south-west: clockwise). */
export function polygonFromQuadrilateral(projection: LocalProjection, corners: Quadrilateral): GeoJSON.Polygon {
  const [northWest, northEast, southEast, southWest] = corners;
  return polygonFromRing(projection, [northWest, southWest, southEast, northEast, northWest]);
}

export function multiPolygonFromRing(projection: LocalProjection, ring: PlanePoint[]): GeoJSON.MultiPolygon {
  return { type: 'MultiPolygon', coordinates: [polygonFromRing(projection, ring).coordinates] };
}

export function pointAt(projection: LocalProjection, point: PlanePoint): GeoJSON.Point {
  return { type: 'Point', coordinates: projection.toLngLat(point) };
}

export function lineThrough(projection: LocalProjection, points: PlanePoint[]): GeoJSON.LineString {
  return { type: 'LineString', coordinates: points.map((point) => projection.toLngLat(point)) };
}

export function quadrilateralCentre(corners: Quadrilateral): PlanePoint {
  return {
    x: (corners[0].x + corners[1].x + corners[2].x + corners[3].x) / 4,
    y: (corners[0].y + corners[1].y + corners[2].y + corners[3].y) / 4,
  };
}
