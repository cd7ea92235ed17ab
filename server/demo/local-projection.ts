/**
 * The generator lays the zone out in metres on a flat local plane (x east, y north) and projects
 * to WGS84 longitude/latitude only when writing geometry. Over a few kilometres an
 * equirectangular projection is accurate to centimetres, which is all synthetic data needs.
 * Coordinates are rounded to 7 decimals (about 1 cm): the same local point always gives the same
 * rounded coordinate, so polygons that share lattice nodes share their vertices exactly.
 */
export type LngLat = [number, number];
export type PlanePoint = { x: number; y: number };

const metresPerDegreeLatitude = 110_574;
const metresPerDegreeLongitudeAtEquator = 111_320;

export interface LocalProjection {
  toLngLat(point: PlanePoint): LngLat;
  toPlane(position: LngLat): PlanePoint;
}

export function createLocalProjection(origin: LngLat): LocalProjection {
  const [originLongitude, originLatitude] = origin;
  const metresPerDegreeLongitude = metresPerDegreeLongitudeAtEquator * Math.cos((originLatitude * Math.PI) / 180);
  return {
    toLngLat: ({ x, y }) => [
      roundCoordinate(originLongitude + x / metresPerDegreeLongitude),
      roundCoordinate(originLatitude + y / metresPerDegreeLatitude),
    ],
    toPlane: ([longitude, latitude]) => ({
      x: (longitude - originLongitude) * metresPerDegreeLongitude,
      y: (latitude - originLatitude) * metresPerDegreeLatitude,
    }),
  };
}

export function roundCoordinate(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}
