import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** What the style needs to know about a local .pmtiles archive (spec v3, 127-byte header). */
export interface PmtilesArchive {
  path: string;
  size: number;
  modifiedAt: Date;
  tileType: 'mvt' | 'png' | 'jpeg' | 'webp' | 'avif' | 'unknown';
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  /** Vector layer ids from the metadata (empty for raster archives). */
  vectorLayers: string[];
  attribution: string | null;
}

const tileTypes = ['unknown', 'mvt', 'png', 'jpeg', 'webp', 'avif'] as const;

/** Read the header and metadata; throws with a plain message when the file is not a v3 archive. */
export function readPmtilesArchive(path: string): PmtilesArchive {
  const stat = fs.statSync(path);
  const handle = fs.openSync(path, 'r');
  try {
    const header = Buffer.alloc(127);
    fs.readSync(handle, header, 0, 127, 0);
    if (header.toString('latin1', 0, 7) !== 'PMTiles' || header[7] !== 3) {
      throw new Error(`${path} is not a PMTiles v3 archive`);
    }
    const metadataOffset = Number(header.readBigUInt64LE(24));
    const metadataLength = Number(header.readBigUInt64LE(32));
    const internalCompression = header[97];
    const degrees = (offset: number) => header.readInt32LE(offset) / 1e7;
    let metadata: { vector_layers?: { id: string }[]; attribution?: string } = {};
    if (metadataLength > 0 && metadataLength < 64 * 1024 * 1024) {
      const raw = Buffer.alloc(metadataLength);
      fs.readSync(handle, raw, 0, metadataLength, metadataOffset);
      // internal compression 2 = gzip; 1 = none (others are not used by common writers)
      const text = (internalCompression === 2 ? gunzipSync(raw) : raw).toString('utf8');
      try {
        metadata = JSON.parse(text);
      } catch {
        metadata = {};
      }
    }
    return {
      path,
      size: stat.size,
      modifiedAt: stat.mtime,
      tileType: tileTypes[header[99] ?? 0] ?? 'unknown',
      minZoom: header[100] ?? 0,
      maxZoom: header[101] ?? 14,
      bounds: [degrees(102), degrees(106), degrees(110), degrees(114)],
      vectorLayers: (metadata.vector_layers ?? []).map((layer) => layer.id).filter((id) => typeof id === 'string'),
      attribution: typeof metadata.attribution === 'string' ? metadata.attribution : null,
    };
  } finally {
    fs.closeSync(handle);
  }
}

/** Parse a single `bytes=start-end` range (the only form the pmtiles client sends). */
export function parseByteRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, startText = '', endText = ''] = match;
  if (startText === '' && endText === '') return null;
  let start: number;
  let end: number;
  if (startText === '') {
    // suffix range: the last N bytes
    const length = Number(endText);
    start = Math.max(0, size - length);
    end = size - 1;
  } else {
    start = Number(startText);
    end = endText === '' ? size - 1 : Math.min(Number(endText), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
