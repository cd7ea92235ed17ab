import iconv from 'iconv-lite';

/**
 * A small ESRI Shapefile writer (shp, shx, dbf, prj, cpg) — the installed `shapefile` package
 * only reads. Attributes are encoded in UTF-8 or GBK and the .cpg says which, so Chinese text
 * survives in QGIS, ArcGIS and GDAL. Pure: features in, files out.
 */
export type ShapefileEncoding = 'UTF-8' | 'GBK';

export interface ShapefileLayer {
  /** Base name of the files, e.g. 'grids'. */
  name: string;
  shapeType: 'point' | 'polyline' | 'polygon';
  files: Record<string, Uint8Array>;
}

export const wgs84Prj =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

type Ring = number[][];
type Parts = Ring[];

const shapeTypeCode = { point: 1, polyline: 3, polygon: 5 } as const;

function familyOf(geometry: GeoJSON.Geometry): ShapefileLayer['shapeType'] {
  if (geometry.type === 'Point' || geometry.type === 'MultiPoint') return 'point';
  if (geometry.type === 'LineString' || geometry.type === 'MultiLineString') return 'polyline';
  if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') return 'polygon';
  throw new Error(`geometry collections cannot be written to a shapefile`);
}

/** Signed area (shoelace): positive when counter-clockwise. */
function signedArea(ring: Ring): number {
  let sum = 0;
  for (let index = 0; index < ring.length - 1; index++) sum += ring[index]![0]! * ring[index + 1]![1]! - ring[index + 1]![0]! * ring[index]![1]!;
  return sum / 2;
}

/** Shapefile rings: outer rings clockwise, holes counter-clockwise. */
function polygonParts(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): Parts {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const parts: Parts = [];
  for (const polygon of polygons) {
    polygon.forEach((ring, index) => {
      const clockwise = signedArea(ring) < 0;
      const wantClockwise = index === 0;
      parts.push(clockwise === wantClockwise ? ring : [...ring].reverse());
    });
  }
  return parts;
}

function shapeContent(geometry: GeoJSON.Geometry, shapeType: ShapefileLayer['shapeType']): Buffer {
  if (shapeType === 'point' && geometry.type === 'Point') {
    const buffer = Buffer.alloc(20);
    buffer.writeInt32LE(1, 0);
    buffer.writeDoubleLE(geometry.coordinates[0]!, 4);
    buffer.writeDoubleLE(geometry.coordinates[1]!, 12);
    return buffer;
  }
  if (shapeType === 'point' && geometry.type === 'MultiPoint') {
    // a multipoint in a point layer keeps its first point: the layers GridAtlas exports have single points
    return shapeContent({ type: 'Point', coordinates: geometry.coordinates[0]! }, 'point');
  }
  const parts: Parts =
    geometry.type === 'Polygon' || geometry.type === 'MultiPolygon'
      ? polygonParts(geometry)
      : geometry.type === 'LineString' ? [geometry.coordinates] : (geometry as GeoJSON.MultiLineString).coordinates;
  const points = parts.flat();
  const buffer = Buffer.alloc(44 + 4 * parts.length + 16 * points.length);
  buffer.writeInt32LE(shapeTypeCode[shapeType], 0);
  const box = boundsOf(points);
  box.forEach((value, index) => buffer.writeDoubleLE(value, 4 + index * 8));
  buffer.writeInt32LE(parts.length, 36);
  buffer.writeInt32LE(points.length, 40);
  let start = 0;
  parts.forEach((part, index) => {
    buffer.writeInt32LE(start, 44 + index * 4);
    start += part.length;
  });
  const pointsOffset = 44 + 4 * parts.length;
  points.forEach((point, index) => {
    buffer.writeDoubleLE(point[0]!, pointsOffset + index * 16);
    buffer.writeDoubleLE(point[1]!, pointsOffset + index * 16 + 8);
  });
  return buffer;
}

function boundsOf(points: number[][]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    minX = Math.min(minX, x!); minY = Math.min(minY, y!); maxX = Math.max(maxX, x!); maxY = Math.max(maxY, y!);
  }
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : [0, 0, 0, 0];
}

function allPoints(geometry: GeoJSON.Geometry): number[][] {
  switch (geometry.type) {
    case 'Point': return [geometry.coordinates];
    case 'MultiPoint': case 'LineString': return geometry.coordinates;
    case 'MultiLineString': case 'Polygon': return geometry.coordinates.flat();
    case 'MultiPolygon': return geometry.coordinates.flat(2);
    default: return [];
  }
}

function fileHeader(fileLengthBytes: number, shapeType: ShapefileLayer['shapeType'], box: [number, number, number, number]): Buffer {
  const header = Buffer.alloc(100);
  header.writeInt32BE(9994, 0);
  header.writeInt32BE(fileLengthBytes / 2, 24);
  header.writeInt32LE(1000, 28);
  header.writeInt32LE(shapeTypeCode[shapeType], 32);
  box.forEach((value, index) => header.writeDoubleLE(value, 36 + index * 8));
  return header;
}

interface DbfField {
  property: string;
  name: string;
  type: 'C' | 'N' | 'L';
  length: number;
  decimals: number;
}

/** Names of at most 10 ASCII bytes, unique, derived from the property names. */
export function dbfFieldNames(properties: string[]): string[] {
  const used = new Set<string>();
  return properties.map((property) => {
    const base = (property.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 10) || 'FIELD').toUpperCase();
    let name = base;
    for (let suffix = 1; used.has(name); suffix++) name = base.slice(0, 10 - String(suffix).length) + String(suffix);
    used.add(name);
    return name;
  });
}

/** Cut to at most `limit` bytes without splitting a character. */
function encodeWithin(text: string, encoding: ShapefileEncoding, limit: number): Buffer {
  let encoded = iconv.encode(text, encoding === 'GBK' ? 'gbk' : 'utf8');
  if (encoded.length <= limit) return encoded;
  const characters = [...text];
  while (encoded.length > limit && characters.length > 0) {
    characters.pop();
    encoded = iconv.encode(characters.join(''), encoding === 'GBK' ? 'gbk' : 'utf8');
  }
  return encoded;
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function planFields(rows: Record<string, unknown>[], encoding: ShapefileEncoding): DbfField[] {
  const properties = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const names = dbfFieldNames(properties);
  return properties.map((property, index) => {
    const values = rows.map((row) => row[property]).filter((value) => value !== null && value !== undefined);
    if (values.length > 0 && values.every((value) => typeof value === 'boolean')) return { property, name: names[index]!, type: 'L', length: 1, decimals: 0 };
    if (values.length > 0 && values.every((value) => typeof value === 'number' && Number.isFinite(value))) {
      const integers = values.every((value) => Number.isInteger(value));
      return { property, name: names[index]!, type: 'N', length: integers ? 18 : 24, decimals: integers ? 0 : 8 };
    }
    const longest = Math.max(1, ...values.map((value) => iconv.encode(cellText(value) ?? '', encoding === 'GBK' ? 'gbk' : 'utf8').length));
    return { property, name: names[index]!, type: 'C', length: Math.min(254, longest), decimals: 0 };
  });
}

function dbfFile(rows: Record<string, unknown>[], encoding: ShapefileEncoding): Buffer {
  const fields = planFields(rows, encoding);
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((sum, field) => sum + field.length, 0);
  const buffer = Buffer.alloc(headerLength + recordLength * rows.length + 1, 0x20);
  buffer.fill(0, 0, headerLength);
  const now = new Date();
  buffer.writeUInt8(0x03, 0);
  buffer.writeUInt8(now.getUTCFullYear() - 1900, 1);
  buffer.writeUInt8(now.getUTCMonth() + 1, 2);
  buffer.writeUInt8(now.getUTCDate(), 3);
  buffer.writeUInt32LE(rows.length, 4);
  buffer.writeUInt16LE(headerLength, 8);
  buffer.writeUInt16LE(recordLength, 10);
  // language driver: 0x4D is code page 936 (GBK); UTF-8 has none, the .cpg says it
  buffer.writeUInt8(encoding === 'GBK' ? 0x4d : 0x00, 29);
  fields.forEach((field, index) => {
    const offset = 32 + index * 32;
    buffer.write(field.name, offset, 'latin1');
    buffer.write(field.type, offset + 11, 'latin1');
    buffer.writeUInt8(field.length, offset + 16);
    buffer.writeUInt8(field.decimals, offset + 17);
  });
  buffer.writeUInt8(0x0d, headerLength - 1);
  rows.forEach((row, rowIndex) => {
    let offset = headerLength + rowIndex * recordLength + 1;
    for (const field of fields) {
      const value = row[field.property];
      let encoded: Buffer;
      if (value === null || value === undefined) encoded = Buffer.alloc(0);
      else if (field.type === 'L') encoded = Buffer.from(value ? 'T' : 'F', 'latin1');
      else if (field.type === 'N') {
        const text = field.decimals > 0 ? (value as number).toFixed(field.decimals) : String(value);
        encoded = Buffer.from(text.padStart(field.length, ' ').slice(-field.length), 'latin1');
      } else encoded = encodeWithin(cellText(value) ?? '', encoding, field.length);
      encoded.copy(buffer, offset);
      offset += field.length;
    }
  });
  buffer.writeUInt8(0x1a, buffer.length - 1);
  return buffer;
}

/** One layer per geometry family present (a shapefile holds one shape type). */
export function writeShapefileLayers(
  name: string,
  features: { geometry: GeoJSON.Geometry; properties: Record<string, unknown> }[],
  encoding: ShapefileEncoding,
): ShapefileLayer[] {
  const families = new Map<ShapefileLayer['shapeType'], typeof features>();
  for (const feature of features) {
    const family = familyOf(feature.geometry);
    families.set(family, [...(families.get(family) ?? []), feature]);
  }
  if (families.size === 0) families.set('point', []);
  return [...families.entries()].map(([shapeType, members]) => {
    const layerName = families.size > 1 ? `${name}_${shapeType}` : name;
    const contents = members.map((feature) => shapeContent(feature.geometry, shapeType));
    const box = boundsOf(members.flatMap((feature) => allPoints(feature.geometry)));
    const shpLength = 100 + contents.reduce((sum, content) => sum + 8 + content.length, 0);
    const shp = Buffer.alloc(shpLength);
    const shx = Buffer.alloc(100 + 8 * contents.length);
    fileHeader(shpLength, shapeType, box).copy(shp, 0);
    fileHeader(shx.length, shapeType, box).copy(shx, 0);
    let offset = 100;
    contents.forEach((content, index) => {
      shx.writeInt32BE(offset / 2, 100 + index * 8);
      shx.writeInt32BE(content.length / 2, 104 + index * 8);
      shp.writeInt32BE(index + 1, offset);
      shp.writeInt32BE(content.length / 2, offset + 4);
      content.copy(shp, offset + 8);
      offset += 8 + content.length;
    });
    return {
      name: layerName,
      shapeType,
      files: {
        [`${layerName}.shp`]: shp,
        [`${layerName}.shx`]: shx,
        [`${layerName}.dbf`]: dbfFile(members.map((feature) => feature.properties), encoding),
        [`${layerName}.prj`]: Buffer.from(wgs84Prj, 'latin1'),
        [`${layerName}.cpg`]: Buffer.from(encoding, 'latin1'),
      },
    };
  });
}
