import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { keepEntries } from '../../server/db/postgis-bundle.ts';

/** Names in a tar archive, read the way keepEntries reads them (ustar name fields, no long names here). */
function entryNames(archive: Buffer): string[] {
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = text(345, 155);
    names.push(prefix ? `${prefix}/${text(0, 100)}` : text(0, 100));
    offset += 512 + Math.ceil(parseInt(text(124, 12).trim() || '0', 8) / 512) * 512;
  }
  return names;
}

describe('the PostGIS bundle the embedded database opens', () => {
  it('keeps the postgis library, its install script, control file and PROJ data, and drops raster and topology', () => {
    const require = createRequire(import.meta.url);
    const bundle = path.join(path.dirname(require.resolve('@electric-sql/pglite-postgis')), 'postgis.tar.gz');
    const original = zlib.gunzipSync(fs.readFileSync(bundle));
    const kept = keepEntries(original, (name) => !/postgis_(raster|topology)/.test(name));
    const before = entryNames(original);
    const after = entryNames(kept);
    expect(before).toContain('lib/postgresql/postgis_raster-3.so');
    expect(after).not.toContain('lib/postgresql/postgis_raster-3.so');
    expect(after).not.toContain('lib/postgresql/postgis_topology-3.so');
    for (const needed of ['lib/postgresql/postgis-3.so', 'share/postgresql/extension/postgis.control', 'share/proj/proj.db']) {
      expect(after).toContain(needed);
    }
    // the kept entries are the original ones, in the original order
    expect(after).toEqual(before.filter((name) => !/postgis_(raster|topology)/.test(name)));
    expect(kept.length).toBeLessThan(original.length);
    expect(kept.length % 512).toBe(0);
  });
});
