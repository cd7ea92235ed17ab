import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Papa from 'papaparse';
import * as shapefile from 'shapefile';
import { Failure } from '../http/failure.ts';
import { maximumVerticesPerFeature, vertexCount } from './prepare-rows.ts';
import { decodeText, detectEncoding, readDbf, type TextEncodingName } from './dbf-reader.ts';
import { epsgOfPrj } from './resolve-prj.ts';
import type { UploadRefusal } from '../messages/zh-cn-import.ts';

/**
 * Turns an uploaded file into rows: properties plus a geometry in the file's own CRS (null for
 * tables whose coordinates are in columns). Detects the format from the bytes and the name, the
 * text encoding (shapefiles, CSV) and the CRS (.prj, GeoJSON `crs`). Refusals name the problem.
 */
export type ImportFormat = 'geojson' | 'shapefile' | 'kml' | 'csv' | 'xlsx';

/** Where coordinates come from and how to bring them to WGS84. */
export type SourceCrs =
  | { kind: 'wgs84' } // WGS84 or CGCS2000: the same to within centimetres here
  | { kind: 'gcj02' }
  | { kind: 'bd09' }
  | { kind: 'epsg'; code: number }
  | { kind: 'wkt'; wkt: string; name: string };

export interface ImportRow {
  properties: Record<string, unknown>;
  geometry: GeoJSON.Geometry | null;
}

export interface ParsedUpload {
  format: ImportFormat;
  rows: ImportRow[];
  fields: string[];
  encoding: { name: TextEncodingName; source: string } | null;
  crs: SourceCrs | null;
  /** The .prj or `crs` text as found, for the wizard to show. */
  crsText: string | null;
  /** What the reader guessed, as report codes (server/messages importReport); rendered in the reader's language when answered. */
  warnings: UploadWarning[];
}

export interface UploadWarning {
  code: 'upload_no_prj' | 'upload_no_cpg' | 'upload_csv_row';
  params: Record<string, string | number>;
}

export const maximumImportRows = 200_000;

/** An unreadable file: the reason picks the message (import_file_refused in server/messages), `details.reason` stays for clients. */
const refuse = (refusal: UploadRefusal): Failure => new Failure('import_file_refused', refusal, { field: 'file', reason: refusal.reason });

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

export async function readUpload(fileName: string, bytes: Uint8Array, options: { encoding?: TextEncodingName } = {}): Promise<ParsedUpload> {
  if (bytes.length === 0) throw refuse({ reason: 'empty_file' });
  const extension = (fileName.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '');
  let parsed: ParsedUpload;
  if (isZip(bytes)) {
    const zip = await JSZip.loadAsync(bytes).catch(() => {
      throw refuse({ reason: 'corrupt_zip' });
    });
    const names = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir && !name.startsWith('__MACOSX/'));
    if (names.includes('[Content_Types].xml') || extension === 'xlsx') parsed = await readXlsx(bytes);
    else if (names.some((name) => name.toLowerCase().endsWith('.kml'))) {
      const kmlName = names.find((name) => name.toLowerCase().endsWith('.kml'))!;
      parsed = readKml(await zip.file(kmlName)!.async('string'));
    } else parsed = await readShapefileZip(zip, names, options.encoding);
  } else if (extension === 'shp' || extension === 'dbf') {
    throw refuse({ reason: 'shapefile_not_zipped' });
  } else if (extension === 'xlsx' || extension === 'xls') {
    throw refuse({ reason: extension === 'xls' ? 'old_xls' : 'corrupt_xlsx' });
  } else if (extension === 'kml' || /^\s*<\?xml|^\s*<kml/i.test(new TextDecoder().decode(bytes.subarray(0, 200)))) {
    parsed = readKml(new TextDecoder('utf-8').decode(bytes));
  } else if (extension === 'geojson' || extension === 'json' || /^\s*\{/.test(new TextDecoder().decode(bytes.subarray(0, 50)).replace(/^\uFEFF/, ''))) {
    parsed = readGeoJson(new TextDecoder('utf-8').decode(bytes));
  } else if (extension === 'csv' || extension === 'txt' || extension === 'tsv') {
    parsed = readCsv(bytes, options.encoding);
  } else {
    throw refuse({ reason: 'unknown_format', extension });
  }
  if (parsed.rows.length === 0) throw refuse({ reason: 'no_rows' });
  const heavy = parsed.rows.findIndex((row) => row.geometry && vertexCount(row.geometry) > maximumVerticesPerFeature);
  if (heavy >= 0) {
    const count = vertexCount(parsed.rows[heavy]!.geometry!);
    throw refuse({ reason: 'too_many_vertices', feature: heavy + 1, count, limit: maximumVerticesPerFeature });
  }
  if (parsed.rows.length > maximumImportRows) {
    throw refuse({ reason: 'too_many_rows', count: parsed.rows.length, limit: maximumImportRows });
  }
  return parsed;
}

function crsOfPrj(prj: string): SourceCrs {
  const text = prj.trim();
  // resolved to an EPSG code once here, so validation never transforms with WKT text per row
  const code = epsgOfPrj(text);
  if (code === 4326 || code === 4490) return { kind: 'wgs84' }; // WGS84 or CGCS2000: same axes, sub-metre apart
  if (code !== null) return { kind: 'epsg', code };
  if (/^GEOGCS/i.test(text) && /WGS|84|2000|CGCS|China/i.test(text)) return { kind: 'wgs84' };
  return { kind: 'wkt', wkt: text, name: text.match(/^[A-Z]+\["([^"]+)"/i)?.[1] ?? 'projected' };
}

async function readShapefileZip(zip: JSZip, names: string[], override: TextEncodingName | undefined): Promise<ParsedUpload> {
  const shpName = names.find((name) => name.toLowerCase().endsWith('.shp'));
  if (!shpName) throw refuse({ reason: 'zip_without_shp', found: names.slice(0, 10).join(', ') });
  const stem = shpName.slice(0, -4);
  const sibling = (extension: string) => names.find((name) => name.toLowerCase() === `${stem}.${extension}`.toLowerCase());
  const dbfName = sibling('dbf');
  if (!dbfName) throw refuse({ reason: 'shapefile_without_dbf', name: shpName });
  const prjName = sibling('prj');
  const cpgName = sibling('cpg');
  const shpBytes = await zip.file(shpName)!.async('uint8array');
  const dbfBytes = await zip.file(dbfName)!.async('uint8array');
  const cpg = cpgName ? await zip.file(cpgName)!.async('string') : undefined;
  const prj = prjName ? await zip.file(prjName)!.async('string') : null;
  const table = readDbf(dbfBytes, { ...(cpg !== undefined ? { cpg } : {}), ...(override ? { override } : {}) });
  const geometries: (GeoJSON.Geometry | null)[] = [];
  try {
    const source = await shapefile.openShp(shpBytes);
    for (;;) {
      const result = await source.read();
      if (result.done) break;
      geometries.push(result.value as GeoJSON.Geometry | null);
    }
  } catch (error) {
    console.warn('[gridatlas] unreadable .shp:', (error as Error).message);
    throw refuse({ reason: 'corrupt_shp', name: shpName });
  }
  if (geometries.length !== table.records.length) {
    throw refuse({ reason: 'shp_dbf_mismatch', name: shpName, shapes: geometries.length, rows: table.records.length });
  }
  const warnings: UploadWarning[] = [];
  if (!prj) warnings.push({ code: 'upload_no_prj', params: {} });
  const firstPoint = geometries.find(Boolean) ? firstCoordinate(geometries.find(Boolean)!) : null;
  const crs: SourceCrs | null = prj ? crsOfPrj(prj) : firstPoint && Math.abs(firstPoint[0]) <= 180 && Math.abs(firstPoint[1]) <= 90 ? { kind: 'wgs84' } : null;
  if (!cpg) warnings.push({ code: 'upload_no_cpg', params: { encoding: table.encoding, source: table.encodingSource === 'override' ? 'override' : 'detected' } });
  return {
    format: 'shapefile',
    rows: table.records.map((properties, index) => ({ properties, geometry: geometries[index] ?? null })),
    fields: table.fields,
    encoding: { name: table.encoding, source: table.encodingSource },
    crs,
    crsText: prj,
    warnings,
  };
}

export function firstCoordinate(geometry: GeoJSON.Geometry): [number, number] | null {
  if (geometry.type === 'GeometryCollection') return geometry.geometries[0] ? firstCoordinate(geometry.geometries[0]) : null;
  let value: unknown = geometry.coordinates;
  while (Array.isArray(value) && Array.isArray(value[0])) value = value[0];
  return Array.isArray(value) && value.length >= 2 ? [value[0] as number, value[1] as number] : null;
}

/** A parsed GeoJSON upload as far as it is trusted: each part is checked before it is used. */
interface UploadedJson {
  type?: unknown;
  features?: unknown;
  coordinates?: unknown;
  crs?: { properties?: { name?: string } };
}
type UploadedFeature = { properties?: Record<string, unknown> | null; geometry?: GeoJSON.Geometry | null } | null;

function readGeoJson(text: string): ParsedUpload {
  let document: UploadedJson | null;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw refuse({ reason: 'corrupt_json' });
  }
  const features: UploadedFeature[] =
    document?.type === 'FeatureCollection' && Array.isArray(document.features) ? (document.features as UploadedFeature[])
      : document?.type === 'Feature' ? [document as UploadedFeature]
        : typeof document?.type === 'string' && 'coordinates' in document ? [{ properties: {}, geometry: document as GeoJSON.Geometry }]
          : (() => { throw refuse({ reason: 'not_geojson' }); })();
  const crsName: string | undefined = document?.crs?.properties?.name;
  const epsg = crsName?.match(/EPSG:{1,2}(\d+)$/i)?.[1];
  const crs: SourceCrs = epsg && !['4326', '4490'].includes(epsg) ? { kind: 'epsg', code: Number(epsg) } : { kind: 'wgs84' };
  const fields = [...new Set(features.flatMap((feature) => Object.keys(feature?.properties ?? {})))];
  return {
    format: 'geojson',
    rows: features.map((feature) => ({ properties: feature?.properties ?? {}, geometry: feature?.geometry ?? null })),
    fields, encoding: null, crs, crsText: crsName ?? null, warnings: [],
  };
}

function readKml(text: string): ParsedUpload {
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level: string, message: string) => { if (level !== 'warning') errors.push(message); } } as never)
    .parseFromString(text, 'text/xml');
  if (errors.length > 0 || !document.documentElement) throw refuse({ reason: 'corrupt_kml' });
  const collection = kmlToGeoJson(document as never) as GeoJSON.FeatureCollection;
  const rows = collection.features.map((feature) => {
    const { styleUrl: _style, ...properties } = (feature.properties ?? {}) as Record<string, unknown>;
    return { properties, geometry: feature.geometry ?? null };
  });
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row.properties)))].filter((field) => !/^(stroke|fill|icon|styleHash|styleMapHash)/.test(field));
  // KML is WGS84 by definition
  return { format: 'kml', rows, fields, encoding: { name: 'UTF-8', source: 'xml' }, crs: { kind: 'wgs84' }, crsText: null, warnings: [] };
}

function readCsv(bytes: Uint8Array, override: TextEncodingName | undefined): ParsedUpload {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const detected = override ? { encoding: override, source: 'override' } : detectEncoding(body, 'CSV');
  const text = decodeText(body, detected.encoding);
  const result = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (header) => header.trim() });
  const fatal = result.errors.find((error) => error.type === 'Delimiter' || error.code === 'UndetectableDelimiter');
  if (fatal && (result.meta.fields?.length ?? 0) < 2) throw refuse({ reason: 'csv_without_columns' });
  return {
    format: 'csv',
    rows: result.data.map((record) => ({ properties: record, geometry: null })),
    fields: result.meta.fields ?? [],
    encoding: { name: detected.encoding, source: detected.source },
    crs: null,
    crsText: null,
    warnings: result.errors.slice(0, 5).map((error) => ({ code: 'upload_csv_row', params: { row: (error.row ?? 0) + 1, problem: error.code } })),
  };
}

async function readXlsx(bytes: Uint8Array): Promise<ParsedUpload> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    throw refuse({ reason: 'corrupt_xlsx' });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw refuse({ reason: 'no_rows' });
  // a ledger (台账) starts with a title and a note above its header: the header is the first of
  // the opening rows with the most filled cells
  const filled = (number: number) => (sheet.getRow(number).values as unknown[]).slice(1).filter((value) => value !== null && value !== undefined && value !== '').length;
  const opening = Array.from({ length: Math.min(10, sheet.rowCount) }, (_, index) => index + 1);
  const widest = Math.max(0, ...opening.map(filled));
  const headerRow = opening.find((number) => filled(number) === widest) ?? 1;
  const header = (sheet.getRow(headerRow).values as unknown[]).slice(1).map((value) => String(value ?? '').trim());
  const rows: ImportRow[] = [];
  sheet.eachRow((row, number) => {
    if (number <= headerRow) return;
    const values = (row.values as unknown[]).slice(1);
    const properties: Record<string, unknown> = {};
    header.forEach((name, index) => {
      if (!name) return;
      const value = values[index];
      // a formula cell is imported as its cached result, never as a formula
      const plain = value && typeof value === 'object' && !(value instanceof Date)
        ? ('result' in value ? (value as { result: unknown }).result : 'text' in value ? (value as { text: unknown }).text : 'richText' in value ? (value as { richText: { text: string }[] }).richText.map((part) => part.text).join('') : null)
        : value;
      properties[name] = plain instanceof Date ? plain.toISOString() : plain ?? null;
    });
    rows.push({ properties, geometry: null });
  });
  return { format: 'xlsx', rows, fields: header.filter(Boolean), encoding: null, crs: null, crsText: null, warnings: [] };
}
