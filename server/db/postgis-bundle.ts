import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Extension } from '@electric-sql/pglite';

/**
 * PGlite unpacks an extension's whole bundle into its in-memory file system on every open and
 * compiles and links every `.so` in it. pglite-postgis's bundle (20 MB gzipped) holds three
 * libraries of 15–17 MB each — postgis, postgis_raster, postgis_topology — and some 30 MB of SQL
 * (install scripts of raster, topology, tiger geocoder, "unpackaged" and "ANY" upgrade paths).
 * GridAtlas uses PostGIS alone, so it opens PGlite with a copy of the bundle without the rest:
 * made once beside the other start caches (node_modules/.cache/gridatlas/), named by the original's
 * size and time, and used by every open after. If the copy cannot be made, the original is used.
 */
const unused = [
  /^lib\/postgresql\/postgis_(raster|topology)-\d+\.so$/,
  /^share\/postgresql\/extension\/(postgis_raster|postgis_topology|postgis_tiger_geocoder|postgis_sfcgal|address_standardizer)/,
  /^share\/postgresql\/extension\/postgis--(unpackaged|ANY)--/,
  // the scripts for a database without extensions (psql -f postgis.sql): CREATE EXTENSION uses extension/
  /^share\/postgresql\/contrib\//,
];

export const postgisWithoutRasterAndTopology: Extension = {
  name: 'postgis',
  async setup(pglite, emscriptenOptions) {
    const result = await postgis.setup(pglite, emscriptenOptions);
    if (!result.bundlePath) return result;
    const trimmed = trimmedBundle(result.bundlePath);
    return trimmed ? { ...result, bundlePath: trimmed } : result;
  },
};

let remembered: { source: string; trimmed: URL | undefined } | undefined;

function trimmedBundle(bundlePath: URL): URL | undefined {
  const source = fileURLToPath(bundlePath);
  if (remembered?.source === source) return remembered.trimmed;
  let trimmed: URL | undefined;
  try {
    const stat = fs.statSync(source);
    const key = createHash('sha256').update(`${source}\0${stat.size}\0${stat.mtimeMs}`).digest('hex').slice(0, 16);
    const cacheDirectory = path.join(nodeModulesOf(source), '.cache', 'gridatlas');
    const target = path.join(cacheDirectory, `postgis-${key}.tar.gz`);
    if (!fs.existsSync(target)) {
      const kept = keepEntries(zlib.gunzipSync(fs.readFileSync(source)), (name) => !unused.some((pattern) => pattern.test(name)));
      fs.mkdirSync(cacheDirectory, { recursive: true });
      const temporary = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, zlib.gzipSync(kept, { level: 1 }));
      fs.renameSync(temporary, target);
    }
    trimmed = pathToFileURL(target);
  } catch {
    trimmed = undefined;
  }
  remembered = { source, trimmed };
  return trimmed;
}

function nodeModulesOf(file: string): string {
  const marker = `${path.sep}node_modules${path.sep}`;
  const index = file.lastIndexOf(marker);
  if (index < 0) throw new Error(`not inside node_modules: ${file}`);
  return file.slice(0, index + marker.length - 1);
}

/**
 * A tar archive with only the entries `keep` accepts. Entries are 512-byte headers followed by their
 * data in 512-byte blocks; a GNU long name ('L') or pax header ('x') travels with the entry after it.
 */
export function keepEntries(archive: Buffer, keep: (name: string) => boolean): Buffer {
  const parts: Buffer[] = [];
  let pending: Buffer[] = [];
  let longName: string | undefined;
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const blocks = Math.ceil(size / 512) * 512;
    const entry = archive.subarray(offset, offset + 512 + blocks);
    offset += 512 + blocks;
    if (type === 'L' || type === 'x') {
      if (type === 'L') longName = field(entry, 512, size);
      pending.push(entry);
      continue;
    }
    if (type === 'g') {
      parts.push(entry);
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = (longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100))).replace(/^\.\//, '');
    if (keep(name)) parts.push(...pending, entry);
    pending = [];
    longName = undefined;
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

function field(block: Buffer, start: number, length: number): string {
  const bytes = block.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}
