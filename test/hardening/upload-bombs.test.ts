import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { unpackLimits } from '../../server/import/zip-limits.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/** `megabytes` of zeros, deflated a megabyte at a time: the bomb is built without ever holding it unpacked. */
function deflatedZeros(megabytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const deflate = zlib.createDeflateRaw({ level: 1 });
    const chunks: Buffer[] = [];
    deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
    deflate.on('end', () => resolve(Buffer.concat(chunks)));
    deflate.on('error', reject);
    const zeros = Buffer.alloc(1024 * 1024);
    for (let index = 0; index < megabytes; index++) deflate.write(zeros);
    deflate.end();
  });
}

/**
 * A zip written by hand, so its headers can say what a hostile zip says: `declared` is the
 * unpacked size its headers claim (the real size when left out).
 */
function zipOf(entries: { name: string; data: Buffer; unpacked: number; declared?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.declared ?? entry.unpacked, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.declared ?? entry.unpacked, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe(`upload bombs (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let planner: Record<string, string>;
  let zeros300: Buffer;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [117.0, 31.0]);
    planner = await sessionFor(database.sql, world.users.planner);
    zeros300 = await deflatedZeros(300);
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  const upload = async (fileName: string, bytes: Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), fileName);
    const started = performance.now();
    const response = await app.request('/api/imports', { method: 'POST', headers: planner, body: form });
    return { status: response.status, body: await response.json(), milliseconds: performance.now() - started };
  };
  const importJobs = async () => (await database.sql`select count(*)::int as count from import_jobs`)[0]!.count as number;

  it('refuses a small zip that declares a 300 MB .shp within a second, naming the limit', async () => {
    expect(zeros300.length).toBeLessThan(2 * 1024 * 1024);
    const bomb = zipOf([{ name: 'roads.shp', data: zeros300, unpacked: 300 * 1024 * 1024 }, { name: 'roads.dbf', data: zlib.deflateRawSync(Buffer.alloc(10)), unpacked: 10 }]);
    const before = await importJobs();
    const answer = await upload('roads.zip', bomb);
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: 'unpacked_too_large', details: { limit: 'entryBytes', maximum: unpackLimits.entryBytes, entry: 'roads.shp' } });
    expect(answer.milliseconds).toBeLessThan(1_000);
    expect(await importJobs()).toBe(before);
  });

  it('refuses a zip whose headers lie about its size while lookups keep answering', async () => {
    const liar = zipOf([{ name: 'roads.shp', data: zeros300, unpacked: 300 * 1024 * 1024, declared: 1_000 }, { name: 'roads.dbf', data: zlib.deflateRawSync(Buffer.alloc(10)), unpacked: 10 }]);
    let done = false;
    const pending = upload('roads.zip', liar).finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    while (!done) {
      const started = performance.now();
      const lookup = await app.request('/api/lookup?lng=117.003&lat=31.005');
      expect(lookup.status).toBe(200);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const answer = await pending;
    expect([413, 422]).toContain(answer.status);
    expect(['unpacked_too_large', 'compression_ratio_too_high']).toContain(answer.body.error.code);
    expect(latencies.length).toBeGreaterThanOrEqual(1);
    // the worker inflates; the request thread is free: no lookup waited on the bomb
    expect(Math.max(...latencies)).toBeLessThan(1_500);
  }, 60_000);

  it('refuses a 10 KB zip that unpacks to 10 MB by its compression ratio, and the same limits for KMZ and XLSX', async () => {
    const tenMegabytes = await deflatedZeros(10);
    const ratio = await upload('points.zip', zipOf([{ name: 'points.shp', data: tenMegabytes, unpacked: 10 * 1024 * 1024 }]));
    expect(ratio.status).toBe(422);
    expect(ratio.body.error).toMatchObject({ code: 'compression_ratio_too_high', details: { limit: 'compressionRatio', maximum: unpackLimits.compressionRatio } });
    const kmz = await upload('doc.kmz', zipOf([{ name: 'doc.kml', data: zeros300, unpacked: 300 * 1024 * 1024 }]));
    expect(kmz.status).toBe(413);
    const xlsx = await upload('ledger.xlsx', zipOf([
      { name: '[Content_Types].xml', data: zlib.deflateRawSync(Buffer.from('<Types/>')), unpacked: 8 },
      { name: 'xl/worksheets/sheet1.xml', data: tenMegabytes, unpacked: 10 * 1024 * 1024 },
    ]));
    expect(xlsx.status).toBe(422);
    expect(xlsx.body.error.code).toBe('compression_ratio_too_high');
    // the messages are the catalogue's, in Chinese by default
    expect(xlsx.body.error.message).toMatch(/\p{Script=Han}/u);
  });

  it('still reads an ordinary upload through the worker', async () => {
    const geojson = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '甲' }, geometry: { type: 'Point', coordinates: [117.003, 31.005] } }] });
    const answer = await upload('points.geojson', Buffer.from(geojson));
    expect(answer.status).toBe(201);
    expect(answer.body.format).toBe('geojson');
  }, 60_000);
});

