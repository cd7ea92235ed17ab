import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { stripXmlForbidden } from '../http/text-rules.ts';
import { writeShapefileLayers, type ShapefileEncoding } from './shapefile-writer.ts';

/**
 * The export formats, as pure functions of a table: columns (with Chinese headers for the
 * ledgers) and features (properties keyed by column, geometry in WGS84).
 */
export interface ExportColumn {
  key: string;
  header: string;
  width?: number;
}

export interface ExportTable {
  name: string;
  title: string;
  columns: ExportColumn[];
  features: { geometry: GeoJSON.Geometry | null; properties: Record<string, unknown> }[];
}

export const exportFormats = ['geojson', 'shapefile', 'kml', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportFile {
  body: Uint8Array;
  contentType: string;
  extension: string;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value));

/**
 * A spreadsheet evaluates a cell that starts with = + - @ (or a tab / carriage return) as a
 * formula: such text gets a leading apostrophe. Numbers stay numbers, so -122.4 is untouched.
 */
export function neutraliseFormula(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A workbook is XML inside: text cells lose the characters XML 1.0 forbids. */
const xmlSafe = (value: unknown) => (typeof value === 'string' ? stripXmlForbidden(value) : value);

export function toGeoJson(table: ExportTable): ExportFile {
  const body = JSON.stringify({
    type: 'FeatureCollection',
    name: table.name,
    features: table.features.map((feature) => ({ type: 'Feature', geometry: feature.geometry, properties: feature.properties })),
  });
  return { body: new TextEncoder().encode(body), contentType: 'application/geo+json; charset=utf-8', extension: 'geojson' };
}

export async function toShapefileZip(table: ExportTable, encoding: ShapefileEncoding): Promise<ExportFile> {
  const zip = new JSZip();
  const located = table.features.filter((feature) => feature.geometry !== null) as { geometry: GeoJSON.Geometry; properties: Record<string, unknown> }[];
  const layers = writeShapefileLayers(table.name, located, encoding);
  for (const layer of layers) for (const [file, content] of Object.entries(layer.files)) zip.file(file, content);
  // field names in a .dbf are 10 ASCII bytes: this says which column each one is
  const fieldList = table.columns.map((column) => `${column.key}\t${column.header}`).join('\r\n');
  zip.file(`${table.name}_fields.txt`, `\uFEFF${fieldList}\r\n`);
  const body = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  return { body, contentType: 'application/zip', extension: 'zip' };
}

// characters XML 1.0 forbids are dropped first (text-rules.ts): one stored U+0001 must not make the file unreadable
const escapeXml = (value: string) =>
  stripXmlForbidden(value).replace(/[<>&'"]/g, (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[character]!);

function kmlGeometry(geometry: GeoJSON.Geometry): string {
  const coordinates = (points: number[][]) => points.map((point) => `${point[0]},${point[1]}`).join(' ');
  const polygon = (rings: number[][][]) =>
    `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coordinates(rings[0]!)}</coordinates></LinearRing></outerBoundaryIs>${rings
      .slice(1)
      .map((ring) => `<innerBoundaryIs><LinearRing><coordinates>${coordinates(ring)}</coordinates></LinearRing></innerBoundaryIs>`)
      .join('')}</Polygon>`;
  switch (geometry.type) {
    case 'Point': return `<Point><coordinates>${geometry.coordinates[0]},${geometry.coordinates[1]}</coordinates></Point>`;
    case 'LineString': return `<LineString><coordinates>${coordinates(geometry.coordinates)}</coordinates></LineString>`;
    case 'Polygon': return polygon(geometry.coordinates);
    case 'MultiPoint': return `<MultiGeometry>${geometry.coordinates.map((point) => kmlGeometry({ type: 'Point', coordinates: point })).join('')}</MultiGeometry>`;
    case 'MultiLineString': return `<MultiGeometry>${geometry.coordinates.map((line) => kmlGeometry({ type: 'LineString', coordinates: line })).join('')}</MultiGeometry>`;
    case 'MultiPolygon': return `<MultiGeometry>${geometry.coordinates.map(polygon).join('')}</MultiGeometry>`;
    default: return `<MultiGeometry>${geometry.geometries.map(kmlGeometry).join('')}</MultiGeometry>`;
  }
}

export function toKml(table: ExportTable): ExportFile {
  const nameColumn = table.columns.find((column) => column.key === 'name' || column.key === 'trackingCode')?.key;
  const placemarks = table.features
    .filter((feature) => feature.geometry !== null)
    .map((feature) => {
      const data = table.columns
        .map((column) => `<Data name="${escapeXml(column.key)}"><displayName>${escapeXml(column.header)}</displayName><value>${escapeXml(text(feature.properties[column.key]))}</value></Data>`)
        .join('');
      const name = nameColumn ? `<name>${escapeXml(text(feature.properties[nameColumn]))}</name>` : '';
      return `<Placemark>${name}<ExtendedData>${data}</ExtendedData>${kmlGeometry(feature.geometry!)}</Placemark>`;
    })
    .join('\n');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>${escapeXml(table.title)}</name>\n${placemarks}\n</Document></kml>\n`;
  return { body: new TextEncoder().encode(body), contentType: 'application/vnd.google-earth.kml+xml; charset=utf-8', extension: 'kml' };
}

/** CSV for Excel: UTF-8 with a BOM, CRLF, Chinese headers, longitude/latitude of point rows, formulas neutralised. */
export function toCsv(table: ExportTable): ExportFile {
  const withCoordinates = table.features.some((feature) => feature.geometry?.type === 'Point');
  const header = [...table.columns.map((column) => column.header), ...(withCoordinates ? ['经度 longitude', '纬度 latitude'] : [])];
  const rows = table.features.map((feature) => {
    const cells = table.columns.map((column) => neutraliseFormula(feature.properties[column.key] instanceof Date ? text(feature.properties[column.key]) : feature.properties[column.key] ?? ''));
    if (withCoordinates) {
      const point = feature.geometry?.type === 'Point' ? feature.geometry.coordinates : null;
      cells.push(point ? point[0]! : '', point ? point[1]! : '');
    }
    return cells;
  });
  const csv = Papa.unparse({ fields: header.map((cell) => neutraliseFormula(cell) as string), data: rows }, { newline: '\r\n' });
  return { body: new TextEncoder().encode(`\uFEFF${csv}\r\n`), contentType: 'text/csv; charset=utf-8', extension: 'csv' };
}

/** A ledger (台账): a title row, then a header row and one row per record; formulas neutralised. */
export async function toXlsx(
  table: ExportTable,
  /** who exported, when (the zone's local time) and the filter in words */
  line: { generatedBy: string; generatedAt: string; filter: string },
): Promise<ExportFile> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'GridAtlas';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.addRow([`${table.title}`]).font = { bold: true, size: 14 };
  sheet.addRow([xmlSafe(neutraliseFormula(`导出人 ${line.generatedBy} · ${line.generatedAt} · 筛选 ${line.filter} · 共 ${table.features.length} 条`))]);
  const headerRow = sheet.addRow(table.columns.map((column) => column.header));
  headerRow.font = { bold: true };
  table.columns.forEach((column, index) => (sheet.getColumn(index + 1).width = column.width ?? Math.max(10, column.header.length * 2)));
  for (const feature of table.features) {
    sheet.addRow(table.columns.map((column) => {
      const value = feature.properties[column.key];
      return value === null || value === undefined ? null : value instanceof Date ? value : xmlSafe(neutraliseFormula(typeof value === 'object' ? JSON.stringify(value) : value));
    }));
  }
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  const body = new Uint8Array(await workbook.xlsx.writeBuffer());
  return { body, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
}
