/**
 * GeoJSON → EWKT ('SRID=4326;POINT(117.23 31.86)'). The loader sends geometry as EWKT text
 * parameters, which PostgreSQL casts to the geometry column type on both PGlite and real
 * PostgreSQL, so multi-row inserts need no per-value SQL function call.
 */
type Position = GeoJSON.Position;

const coordinate = (position: Position): string => `${position[0]} ${position[1]}`;
const ring = (positions: Position[]): string => `(${positions.map(coordinate).join(',')})`;
const polygon = (rings: Position[][]): string => `(${rings.map(ring).join(',')})`;

export function toEwkt(geometry: GeoJSON.Geometry): string {
  return `SRID=4326;${toWkt(geometry)}`;
}

function toWkt(geometry: GeoJSON.Geometry): string {
  switch (geometry.type) {
    case 'Point':
      return `POINT(${coordinate(geometry.coordinates)})`;
    case 'LineString':
      return `LINESTRING(${geometry.coordinates.map(coordinate).join(',')})`;
    case 'Polygon':
      return `POLYGON${polygon(geometry.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON(${geometry.coordinates.map(polygon).join(',')})`;
    case 'MultiPoint':
      return `MULTIPOINT(${geometry.coordinates.map((position) => `(${coordinate(position)})`).join(',')})`;
    case 'MultiLineString':
      return `MULTILINESTRING(${geometry.coordinates.map((line) => `(${line.map(coordinate).join(',')})`).join(',')})`;
    case 'GeometryCollection':
      return `GEOMETRYCOLLECTION(${geometry.geometries.map(toWkt).join(',')})`;
  }
}
