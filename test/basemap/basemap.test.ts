import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseByteRange } from '../../server/basemap/pmtiles-archive.ts';
import type { Database } from '../../server/db/connect.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

/** A minimal PMTiles v3 archive: the 127-byte header and a JSON metadata block, enough for the server. */
function writeTinyPmtiles(): string {
  const metadata = Buffer.from(JSON.stringify({ vector_layers: [{ id: 'roads' }], attribution: '© test tiles' }));
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header[7] = 3;
  header.writeBigUInt64LE(127n, 24); // metadata offset
  header.writeBigUInt64LE(BigInt(metadata.length), 32);
  header[97] = 1; // internal compression: none
  header[99] = 1; // tile type: mvt
  header[100] = 0; // min zoom
  header[101] = 14; // max zoom
  header.writeInt32LE(117.2 * 1e7, 102);
  header.writeInt32LE(31.8 * 1e7, 106);
  header.writeInt32LE(117.3 * 1e7, 110);
  header.writeInt32LE(31.9 * 1e7, 114);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-pmtiles-')), 'tiny.pmtiles');
  fs.writeFileSync(file, Buffer.concat([header, metadata, Buffer.alloc(1000, 7)]));
  return file;
}

describe('byte ranges', () => {
  it.each([
    ['bytes=0-126', 1000, { start: 0, end: 126 }],
    ['bytes=900-', 1000, { start: 900, end: 999 }],
    ['bytes=-100', 1000, { start: 900, end: 999 }],
    ['bytes=0-5000', 1000, { start: 0, end: 999 }],
    ['bytes=1000-1001', 1000, 'unsatisfiable'],
    ['bytes=5-2', 1000, 'unsatisfiable'],
    ['items=0-5', 1000, null],
    [undefined, 1000, null],
  ])('%s of %i bytes', (header, size, expected) => {
    expect(parseByteRange(header, size)).toEqual(expected);
  });
});

describe('offline basemap', () => {
  let database: Database;
  let app: TestApp;
  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
  });
  afterAll(async () => {
    await database.close();
  });

  it('builds a style with no remote glyphs or tiles, drawing labels with local CJK fonts', async () => {
    const { status, body } = await getJson(app, '/api/basemap/style.json');
    expect(status).toBe(200);
    expect(body.glyphs).toBeUndefined();
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
    const symbolFonts = body.layers.filter((layer: any) => layer.type === 'symbol').map((layer: any) => layer.layout['text-font']);
    expect(symbolFonts.length).toBeGreaterThan(0);
    expect(symbolFonts.every((fonts: string[]) => fonts.some((font) => /CJK|SC/.test(font)))).toBe(true);
  });

  it('serves each layer with an ETag and answers 304 when it has not changed', async () => {
    const first = await app.request('/api/basemap/layers/road.geojson');
    expect(first.status).toBe(200);
    const roads = await first.json();
    expect(roads.features.length).toBeGreaterThan(10);
    expect(roads.features.some((feature: any) => /路|大道/.test(feature.properties.name ?? ''))).toBe(true);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await app.request('/api/basemap/layers/road.geojson', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    const unknown = await getJson(app, '/api/basemap/layers/secret.geojson');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields[0].field).toBe('file');
  });

  it('serves a local PMTiles archive with Range requests when BASEMAP_PMTILES is set', async () => {
    const archive = writeTinyPmtiles();
    const { app: pmtilesApp } = createTestApp(database, { basemapPmtiles: archive });
    const options = await getJson(pmtilesApp, '/api/basemap/options');
    expect(options.body.mode).toBe('pmtiles');
    const head = await pmtilesApp.request('/api/basemap/tiles.pmtiles', { headers: { Range: 'bytes=0-126' } });
    expect(head.status).toBe(206);
    expect(head.headers.get('content-range')).toBe(`bytes 0-126/${fs.statSync(archive).size}`);
    expect(Buffer.from(await head.arrayBuffer()).toString('latin1', 0, 7)).toBe('PMTiles');
    const beyond = await pmtilesApp.request('/api/basemap/tiles.pmtiles', { headers: { Range: 'bytes=999999-' } });
    expect(beyond.status).toBe(416);
  });
});
