import type { PlanePoint } from './local-projection.ts';
import { halfWidthOf, type RoadLattice } from './road-lattice.ts';

/**
 * Shapes derived from lattice cells: a cell's corners, the outline of a rectangle of cells (a
 * grid, a community, a street), the block left inside a cell once road half-widths are taken
 * off, and points inside a quadrilateral by bilinear interpolation.
 */

/** Corners of a convex quadrilateral in the order north-west, north-east, south-east, south-west. */
export type Quadrilateral = [PlanePoint, PlanePoint, PlanePoint, PlanePoint];

/** An inclusive range of cells: columns west..east, rows north..south. */
export interface CellRectangle {
  west: number;
  east: number;
  north: number;
  south: number;
}

export function cellCorners(lattice: RoadLattice, column: number, row: number): Quadrilateral {
  return [lattice.node(column, row), lattice.node(column + 1, row), lattice.node(column + 1, row + 1), lattice.node(column, row + 1)];
}

/**
 * The closed outline of a rectangle of cells through every lattice node on its edge, in
 * counter-clockwise order (the GeoJSON convention for an exterior ring). Passing through every
 * node is what makes neighbouring outlines share their edges vertex for vertex.
 */
export function rectangleOutline(lattice: RoadLattice, rectangle: CellRectangle): PlanePoint[] {
  const ring: PlanePoint[] = [];
  // counter-clockwise with y north: west edge southwards, south edge eastwards, east edge northwards, north edge westwards
  for (let row = rectangle.north; row <= rectangle.south + 1; row++) ring.push(lattice.node(rectangle.west, row));
  for (let column = rectangle.west + 1; column <= rectangle.east + 1; column++) ring.push(lattice.node(column, rectangle.south + 1));
  for (let row = rectangle.south; row >= rectangle.north; row--) ring.push(lattice.node(rectangle.east + 1, row));
  for (let column = rectangle.east; column >= rectangle.west; column--) ring.push(lattice.node(column, rectangle.north));
  return ring; // the last point equals the first: closed
}

/** Bilinear interpolation: u runs west→east, v north→south, both 0..1. Stays inside a convex quad. */
export function pointInQuadrilateral(corners: Quadrilateral, u: number, v: number): PlanePoint {
  const [northWest, northEast, southEast, southWest] = corners;
  const northX = northWest.x + (northEast.x - northWest.x) * u;
  const northY = northWest.y + (northEast.y - northWest.y) * u;
  const southX = southWest.x + (southEast.x - southWest.x) * u;
  const southY = southWest.y + (southEast.y - southWest.y) * u;
  return { x: northX + (southX - northX) * v, y: northY + (southY - northY) * v };
}

/** The part of a quadrilateral between u0..u1 and v0..v1, as a quadrilateral. */
export function subQuadrilateral(corners: Quadrilateral, u0: number, u1: number, v0: number, v1: number): Quadrilateral {
  return [
    pointInQuadrilateral(corners, u0, v0),
    pointInQuadrilateral(corners, u1, v0),
    pointInQuadrilateral(corners, u1, v1),
    pointInQuadrilateral(corners, u0, v1),
  ];
}

/** Approximate width (west→east) and height (north→south) of a quadrilateral, in metres. */
export function quadrilateralSize(corners: Quadrilateral): { width: number; height: number } {
  const [northWest, northEast, southEast, southWest] = corners;
  const width = (distance(northWest, northEast) + distance(southWest, southEast)) / 2;
  const height = (distance(northWest, southWest) + distance(northEast, southEast)) / 2;
  return { width, height };
}

/** Metres kept clear between the road's edge and the block (pavement, verge). */
const pavementMetres = 4;

/** The block inside a cell: each side moved inwards by the half-width of the road along it. */
export function blockInCell(lattice: RoadLattice, column: number, row: number): Quadrilateral {
  const corners = cellCorners(lattice, column, row);
  const [northWest, northEast, southEast, southWest] = corners;
  const northOffset = halfWidthOf(lattice.horizontalSegmentKind(row, column)) + pavementMetres;
  const southOffset = halfWidthOf(lattice.horizontalSegmentKind(row + 1, column)) + pavementMetres;
  const westOffset = halfWidthOf(lattice.verticalSegmentKind(column, row)) + pavementMetres;
  const eastOffset = halfWidthOf(lattice.verticalSegmentKind(column + 1, row)) + pavementMetres;
  const north = offsetLine(northWest, northEast, northOffset);
  const east = offsetLine(northEast, southEast, eastOffset);
  const south = offsetLine(southEast, southWest, southOffset);
  const west = offsetLine(southWest, northWest, westOffset);
  return [intersect(west, north), intersect(north, east), intersect(east, south), intersect(south, west)];
}

interface Line {
  point: PlanePoint;
  direction: PlanePoint;
}

/** The line through a→b moved `offset` metres to its right (inwards for a clockwise quad). */
function offsetLine(a: PlanePoint, b: PlanePoint, offset: number): Line {
  const length = distance(a, b);
  const direction = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
  const right = { x: direction.y, y: -direction.x };
  return { point: { x: a.x + right.x * offset, y: a.y + right.y * offset }, direction };
}

function intersect(first: Line, second: Line): PlanePoint {
  const denominator = first.direction.x * second.direction.y - first.direction.y * second.direction.x;
  const dx = second.point.x - first.point.x;
  const dy = second.point.y - first.point.y;
  const t = (dx * second.direction.y - dy * second.direction.x) / denominator;
  return { x: first.point.x + first.direction.x * t, y: first.point.y + first.direction.y * t };
}

function distance(a: PlanePoint, b: PlanePoint): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}
