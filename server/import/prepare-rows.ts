import gcoord from 'gcoord';
import { importReportMessage, type ImportReportCode, type ImportReportParams, type Locale } from '../messages/message-catalogue.ts';
import type { ImportSettings } from './import-settings.ts';
import type { ImportRow, SourceCrs } from './read-upload.ts';

/**
 * The pure half of validation: each row's geometry in its source CRS (from the file, lng/lat
 * columns or WKT), GCJ-02/BD-09 brought to WGS84 with gcoord, the mapped fields read and
 * checked. Spatial checks that need PostGIS (validity, projection, overlaps) come after.
 */
export type Severity = 'error' | 'warning';

export interface RowProblem {
  row: number;
  severity: Severity;
  code: string;
  field?: string;
  /** what the message is made of (server/messages/zh-cn-import.ts renders `code` with them) */
  params?: Record<string, unknown>;
  message: string;
  /** Where on the map, WGS84. */
  location?: [number, number];
}

export interface PreparedRow {
  row: number;
  geometry: GeoJSON.Geometry | null;
  values: Record<string, unknown>;
}

export const maximumVerticesPerFeature = 100_000;

const numberOf = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '' || /^(NA|N\/A|null|-)$/i.test(value.trim())) return null;
  const number = Number(value.trim());
  return Number.isFinite(number) ? number : Number.NaN;
};

export function vertexCount(geometry: GeoJSON.Geometry): number {
  if (geometry.type === 'GeometryCollection') return geometry.geometries.reduce((sum, part) => sum + vertexCount(part), 0);
  const count = (value: unknown): number => (Array.isArray(value) && typeof value[0] === 'number' ? 1 : Array.isArray(value) ? value.reduce((sum: number, part) => sum + count(part), 0) : 0);
  return count(geometry.coordinates);
}

/** What is wrong with a geometry's shape, as a code (server/messages/zh-cn-import.ts, `malformed_geometry`). */
export type ShapeProblem = 'not_number_pair' | 'ring_too_short' | 'ring_not_closed' | 'line_not_pairs' | 'empty_polygon' | 'empty_multipolygon' | 'not_geojson';

/** Every coordinate is a pair of finite numbers and every ring is closed with four or more points. */
export function geometryShapeProblem(geometry: GeoJSON.Geometry): ShapeProblem | null {
  const pair = (point: unknown) => Array.isArray(point) && point.length >= 2 && point.slice(0, 2).every((value) => typeof value === 'number' && Number.isFinite(value));
  const ring = (points: unknown): ShapeProblem | null => {
    if (!Array.isArray(points) || !points.every(pair)) return 'not_number_pair';
    if (points.length < 4) return 'ring_too_short';
    const [first, last] = [points[0] as number[], points[points.length - 1] as number[]];
    if (first[0] !== last[0] || first[1] !== last[1]) return 'ring_not_closed';
    return null;
  };
  switch (geometry?.type) {
    case 'Point': return pair(geometry.coordinates) ? null : 'not_number_pair';
    case 'MultiPoint': case 'LineString': return Array.isArray(geometry.coordinates) && geometry.coordinates.every(pair) && geometry.coordinates.length > 0 ? null : 'not_number_pair';
    case 'MultiLineString': return geometry.coordinates.every((line) => Array.isArray(line) && line.length >= 2 && line.every(pair)) ? null : 'line_not_pairs';
    case 'Polygon': return geometry.coordinates.length === 0 ? 'empty_polygon' : geometry.coordinates.map(ring).find(Boolean) ?? null;
    case 'MultiPolygon': return geometry.coordinates.length === 0 ? 'empty_multipolygon' : geometry.coordinates.flatMap((polygon) => polygon.map(ring)).find(Boolean) ?? null;
    case 'GeometryCollection': return geometry.geometries.map(geometryShapeProblem).find(Boolean) ?? null;
    default: return 'not_geojson';
  }
}

/** Minimal WKT: POINT, LINESTRING, POLYGON and their MULTI forms, with optional SRID=…; prefix. */
export function parseWkt(text: string): GeoJSON.Geometry | null {
  const cleaned = text.trim().replace(/^SRID=\d+;/i, '');
  const match = cleaned.match(/^(MULTIPOLYGON|POLYGON|MULTILINESTRING|LINESTRING|MULTIPOINT|POINT)\s*(Z|M|ZM)?\s*(\(.*\))$/is);
  if (!match) return null;
  const type = match[1]!.toUpperCase();
  let body = match[3]!;
  if (type === 'MULTIPOINT') body = body.replace(/\(\s*([-0-9.eE+]+\s+[-0-9.eE+]+(?:\s+[-0-9.eE+]+)*)\s*\)/g, '$1'); // MULTIPOINT((1 2),(3 4))
  const json = body.replace(/\(/g, '[').replace(/\)/g, ']').replace(/([-0-9.eE+]+(?:\s+[-0-9.eE+]+)+)/g, (pair) => `[${pair.trim().split(/\s+/).join(',')}]`);
  try {
    const coordinates = JSON.parse(json);
    const unwrap = type === 'POINT' ? coordinates[0] : coordinates;
    const names: Record<string, GeoJSON.Geometry['type']> = {
      POINT: 'Point', LINESTRING: 'LineString', POLYGON: 'Polygon', MULTIPOINT: 'MultiPoint', MULTILINESTRING: 'MultiLineString', MULTIPOLYGON: 'MultiPolygon',
    };
    return { type: names[type], coordinates: unwrap } as GeoJSON.Geometry;
  } catch {
    return null;
  }
}

function mapCoordinates(geometry: GeoJSON.Geometry, convert: (point: number[]) => number[]): GeoJSON.Geometry {
  // coordinates nest one to three levels deep: convert where the numbers are, recurse above them
  type Nested = number[] | Nested[];
  const walk = (value: Nested): Nested => (typeof value[0] === 'number' ? convert(value as number[]) : (value as Nested[]).map(walk));
  if (geometry.type === 'GeometryCollection') return { ...geometry, geometries: geometry.geometries.map((part) => mapCoordinates(part, convert)) };
  return { ...geometry, coordinates: walk(geometry.coordinates) } as GeoJSON.Geometry;
}

/** GCJ-02 (高德/腾讯) and BD-09 (百度) → WGS84; other CRSs are left to PostGIS. */
export function toWgs84ByGcoord(geometry: GeoJSON.Geometry, crs: SourceCrs): GeoJSON.Geometry {
  if (crs.kind !== 'gcj02' && crs.kind !== 'bd09') return geometry;
  const from = crs.kind === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  return mapCoordinates(geometry, (point) => gcoord.transform([point[0]!, point[1]!] as [number, number], from, gcoord.WGS84) as number[]);
}

export function prepareRows(rows: ImportRow[], settings: ImportSettings, crs: SourceCrs, locale: Locale = 'zh-CN'): { prepared: PreparedRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const prepared: PreparedRow[] = [];
  const skipped = new Set(settings.skipRows);
  const geographic = crs.kind === 'wgs84' || crs.kind === 'gcj02' || crs.kind === 'bd09';
  rows.forEach((source, index) => {
    const row = index + 1;
    if (skipped.has(row)) return;
    const problem = <C extends ImportReportCode>(severity: Severity, code: C, params: ImportReportParams<C>, field?: string) =>
      problems.push({ row, severity, code, params: params as Record<string, unknown>, message: importReportMessage(locale, code, params as Record<string, unknown>), ...(field ? { field } : {}) });
    let geometry: GeoJSON.Geometry | null = null;
    const method = settings.geometry;
    if (method.kind === 'file') {
      geometry = source.geometry;
      if (!geometry) problem('error', 'missing_geometry', {});
    } else if (method.kind === 'lnglat') {
      const longitude = numberOf(source.properties[method.longitude]);
      const latitude = numberOf(source.properties[method.latitude]);
      if (longitude === null || latitude === null) problem('error', 'missing_coordinates', { longitude: method.longitude, latitude: method.latitude }, longitude === null ? method.longitude : method.latitude);
      else if (Number.isNaN(longitude) || Number.isNaN(latitude)) {
        problem('error', 'unparseable_coordinates', { longitude: String(source.properties[method.longitude]), latitude: String(source.properties[method.latitude]) }, Number.isNaN(longitude) ? method.longitude : method.latitude);
      } else if (geographic && Math.abs(latitude) > 90 && Math.abs(longitude) <= 90) problem('error', 'swapped_coordinates', { longitude, latitude }, method.latitude);
      else if (geographic && (Math.abs(longitude) > 180 || Math.abs(latitude) > 90)) problem('error', 'coordinates_out_of_range', { longitude, latitude }, method.longitude);
      else geometry = { type: 'Point', coordinates: [longitude, latitude] };
    } else if (method.kind === 'wkt') {
      const text = source.properties[method.column];
      if (typeof text !== 'string' || text.trim() === '') problem('error', 'missing_geometry', { column: method.column }, method.column);
      else {
        geometry = parseWkt(text);
        if (!geometry) problem('error', 'unparseable_wkt', { column: method.column, text: text.slice(0, 60) }, method.column);
      }
    }
    if (geometry) {
      const shape = geometryShapeProblem(geometry);
      const vertices = shape ? 0 : vertexCount(geometry);
      if (shape) {
        problem('error', 'malformed_geometry', { shape });
        geometry = null;
      } else if (vertices > maximumVerticesPerFeature) {
        problem('error', 'too_many_vertices', { vertices, limit: maximumVerticesPerFeature });
        geometry = null;
      } else if (geographic && method.kind !== 'lnglat') {
        const outside = firstOutOfRange(geometry);
        if (outside) {
          problem('error', 'coordinates_out_of_range', { longitude: outside[0]!, latitude: outside[1]! });
          geometry = null;
        }
      }
      if (geometry) geometry = toWgs84ByGcoord(geometry, crs);
    }
    const values: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(settings.fields)) {
      const value = source.properties[column];
      values[field] = typeof value === 'string' ? value.trim() : value ?? null;
      // a spreadsheet formula in a cell is refused, never stored to come back out as a live formula
      if (typeof value === 'string' && looksLikeFormula(value)) {
        problem('error', 'formula_in_cell', { column, value: value.slice(0, 40) }, column);
      }
    }
    if (method.kind === 'address') values.address ??= source.properties[method.column] ?? null;
    prepared.push({ row, geometry, values });
  });
  return { prepared, problems };
}

/** =…, @…, +… or -… that is not a number or phone number, as Excel would evaluate it. */
export function looksLikeFormula(value: string): boolean {
  const text = value.trim();
  if (/^[=@]/.test(text)) return true;
  return /^[+-]/.test(text) && !/^[+-][\d.\s()-]+$/.test(text);
}

function firstOutOfRange(geometry: GeoJSON.Geometry): number[] | null {
  let found: number[] | null = null;
  mapCoordinates(geometry, (point) => {
    if (!found && (Math.abs(point[0]!) > 180 || Math.abs(point[1]!) > 90)) found = point;
    return point;
  });
  return found;
}
