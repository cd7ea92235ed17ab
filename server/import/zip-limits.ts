import zlib from 'node:zlib';
import { Failure } from '../http/failure.ts';

/**
 * Limits on what a zip container (zipped Shapefile, KMZ, XLSX) may unpack to. The upload limit
 * counts packed bytes only: a 305 KB zip of a 300 MB .shp of zeros once stalled every request and
 * then ran the process out of memory. Every zip upload is checked twice: its declared sizes on the
 * request thread (instant, catches an honest bomb), then each entry is inflated with a hard output
 * cap in the upload worker (catches a zip whose headers lie) before any parser sees it.
 */
export const unpackLimits = {
  /** Everything in the zip together. */
  totalBytes: 200 * 1024 * 1024,
  /** One entry (a .shp, a sheet's XML). */
  entryBytes: 100 * 1024 * 1024,
  /** Unpacked ÷ packed for an entry above `ratioFloorBytes`; real shapefiles and sheets stay far below. */
  compressionRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  entries: 1_000,
};

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const corrupt = () => new Failure('import_file_refused', { reason: 'corrupt_zip' }, { field: 'file', reason: 'corrupt_zip' });

/** The entries a zip's central directory lists (no data is read). */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 22 - 65_535); offset--) {
    if (view.getUint32(offset, true) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw corrupt();
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count > unpackLimits.entries) {
    throw new Failure('too_many_zip_entries', { limit: unpackLimits.entries }, { field: 'file', limit: 'entries', maximum: unpackLimits.entries });
  }
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw corrupt();
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const entry = {
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
      name: new TextDecoder('utf-8').decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
    };
    // ZIP64 (sizes of 0xFFFFFFFF): more than any upload may unpack to anyway
    if (entry.uncompressedSize === 0xffffffff || entry.compressedSize === 0xffffffff) entry.uncompressedSize = Number.MAX_SAFE_INTEGER;
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The refusal when `unpacked` bytes of `entry` (packed in `packed`) break a limit, with `total` so far. */
function limitBroken(entryName: string, unpacked: number, packed: number, total: number): Failure | undefined {
  if (unpacked > unpackLimits.entryBytes) {
    return new Failure('unpacked_too_large', { limitBytes: unpackLimits.entryBytes, entry: entryName }, { field: 'file', limit: 'entryBytes', maximum: unpackLimits.entryBytes, entry: entryName });
  }
  if (total > unpackLimits.totalBytes) {
    return new Failure('unpacked_too_large', { limitBytes: unpackLimits.totalBytes, entry: entryName }, { field: 'file', limit: 'totalBytes', maximum: unpackLimits.totalBytes, entry: entryName });
  }
  if (unpacked > unpackLimits.ratioFloorBytes && unpacked > unpackLimits.compressionRatio * Math.max(packed, 1)) {
    return new Failure('compression_ratio_too_high', { limit: unpackLimits.compressionRatio, entry: entryName }, { field: 'file', limit: 'compressionRatio', maximum: unpackLimits.compressionRatio, entry: entryName });
  }
  return undefined;
}

/** Refuses a zip whose central directory declares more than the limits allow. Cheap: used on the request thread. */
export function checkDeclaredSizes(bytes: Uint8Array): void {
  let total = 0;
  for (const entry of listZipEntries(bytes)) {
    total += entry.uncompressedSize;
    const broken = limitBroken(entry.name, entry.uncompressedSize, entry.compressedSize, total);
    if (broken) throw broken;
  }
}

/**
 * Inflates every entry with a hard cap on its output (zlib stops at `maxOutputLength`), so a zip
 * whose headers understate its sizes is refused before it fills memory. Used in the upload worker
 * before the parsers (JSZip, ExcelJS) read the same bytes.
 */
export function checkActualSizes(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const entry of listZipEntries(bytes)) {
    const local = entry.localHeaderOffset;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw corrupt();
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const packed = bytes.subarray(start, start + entry.compressedSize);
    const cap = Math.min(unpackLimits.entryBytes, unpackLimits.totalBytes - total) + 1;
    let unpacked: number;
    if (entry.method === 0) unpacked = packed.length;
    else if (entry.method === 8) {
      try {
        unpacked = zlib.inflateRawSync(packed, { maxOutputLength: Math.max(cap, 1) }).length;
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) unpacked = cap + unpackLimits.totalBytes;
        else throw corrupt();
      }
    } else throw corrupt();
    total += unpacked;
    const broken = limitBroken(entry.name, unpacked, packed.length, total);
    if (broken) throw broken;
  }
}

export const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
