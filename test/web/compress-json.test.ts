import zlib from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { chooseEncoding, compressJson } from '../../server/http/compress-json.ts';

/** A bare app with the middleware: a large JSON answer, a small one, an NDJSON stream and a binary. */
function app() {
  const hono = new Hono();
  hono.use('*', compressJson());
  const features = Array.from({ length: 400 }, (_, index) => ({ type: 'Feature', id: index, properties: { code: `340102001001${String(index).padStart(3, '0')}`, name: '网格' } }));
  hono.get('/large', (c) => c.json({ type: 'FeatureCollection', features }));
  hono.get('/geo', (c) => c.body(JSON.stringify({ type: 'FeatureCollection', features }), 200, { 'Content-Type': 'application/geo+json' }));
  hono.get('/small', (c) => c.json({ ok: true }));
  hono.get('/error', (c) => c.json({ error: { code: 'not_found', message: '没有这个网格'.repeat(100), details: null } }, 404));
  hono.get('/ndjson', (c) => c.body('{"type":"progress"}\n'.repeat(200), 200, { 'Content-Type': 'application/x-ndjson' }));
  hono.get('/binary', (c) => c.body(new Uint8Array(4096), 200, { 'Content-Type': 'application/octet-stream' }));
  return hono;
}

describe('JSON answers are compressed over 1 KB', () => {
  test('a large JSON answer goes out brotli-compressed to a client that takes it, and decodes to the same JSON', async () => {
    const response = await app().request('/large', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Encoding')).toBe('br');
    expect(response.headers.get('Vary')).toMatch(/Accept-Encoding/);
    const compressed = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('Content-Length'))).toBe(compressed.length);
    const json = JSON.parse(zlib.brotliDecompressSync(compressed).toString('utf8')) as { features: unknown[] };
    expect(json.features).toHaveLength(400);
    expect(compressed.length).toBeLessThan(JSON.stringify(json).length / 5);
  });

  test('gzip for a client without brotli; GeoJSON and error answers too', async () => {
    for (const path of ['/large', '/geo', '/error']) {
      const response = await app().request(path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(response.headers.get('Content-Encoding'), path).toBe('gzip');
      const body = Buffer.from(await response.arrayBuffer());
      expect(() => JSON.parse(zlib.gunzipSync(body).toString('utf8'))).not.toThrow();
    }
  });

  test('a small answer, a client that takes no compression, a stream and a binary are sent as they are', async () => {
    const small = await app().request('/small', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(small.headers.get('Content-Encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: true });
    const identity = await app().request('/large');
    expect(identity.headers.get('Content-Encoding')).toBeNull();
    expect(((await identity.json()) as { features: unknown[] }).features).toHaveLength(400);
    for (const path of ['/ndjson', '/binary']) {
      const response = await app().request(path, { headers: { 'Accept-Encoding': 'gzip, br' } });
      expect(response.headers.get('Content-Encoding'), path).toBeNull();
    }
  });

  test('the encoding follows the Accept-Encoding weights', () => {
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chooseEncoding('br;q=0.5, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('gzip;q=0, br;q=0')).toBeNull();
  });
});
