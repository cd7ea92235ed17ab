import { execFile } from 'node:child_process';
import { roundPublicLocation } from '../../server/residents/public-location.ts';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../server/api-keys/api-keys.repo.ts';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

const run = promisify(execFile);

/**
 * OGC API – Features at /ogc: the documents of Part 1 core, paging, filters, the household
 * key rule — and GDAL's own OAPIF driver (ogrinfo, ogr2ogr) reading every collection over HTTP.
 */
describe('OGC API – Features', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let server: ServerType;
  let base: string;
  let householdKey: string;
  let submitOnlyKey: string;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    const { sql } = database;
    world = await buildAccountsWorld(sql, testDataKey);
    const [grid0, grid1] = world.territory.gridIds;
    // residents' registered reports of a public class are public; a hidden one and a hotline call are not
    const insertIncident = (tracking: string, gridId: number, lng: number, reportedAt: string, hidden = false, source = 'resident') => sql`
      insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id,
                             reported_at, reporter_name, reporter_phone, hidden_from_public)
      values (${tracking}, '0101', ${source}, 'registered', '路面破损', ST_SetSRID(ST_MakePoint(${lng}, 31.005), 4326),
              ${gridId}, ${world.territory.communityId}, ${reportedAt}, ${testDataKey.seal('王五')}, ${testDataKey.seal('13700001111')}, ${hidden})`;
    await insertIncident('OGC-1', grid0!, 117.005, '2026-03-01T08:00:00+08:00');
    await insertIncident('OGC-2', grid1!, 117.015, '2026-04-01T08:00:00+08:00');
    await insertIncident('OGC-3', grid1!, 117.016, '2026-05-01T08:00:00+08:00');
    await insertIncident('OGC-HIDDEN', grid1!, 117.017, '2026-05-02T08:00:00+08:00', true);
    await insertIncident('OGC-HOTLINE', grid1!, 117.018, '2026-05-03T08:00:00+08:00', false, 'hotline');
    await sql`
      insert into risk_sources (name, kind, level, geometry, community_id, owner_name, owner_phone)
      values ('测试加油站', 'gas_station', 2, ST_SetSRID(ST_MakePoint(117.004, 31.004), 4326), ${world.territory.communityId}, '孙老板', '13900002222')`;
    householdKey = (await createApiKey(sql, { name: 'QGIS desk', scopes: ['ogc_households'], createdBy: world.users.admin })).key;
    submitOnlyKey = (await createApiKey(sql, { name: 'Open311 app', scopes: ['open311_submit'], createdBy: world.users.admin })).key;
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ogc`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await database.close();
  });

  it('serves the landing page, conformance and the public collections', async () => {
    const landing = await getJson(app, '/ogc');
    expect(landing.status).toBe(200);
    expect(landing.body.links.map((link: { rel: string }) => link.rel)).toEqual(expect.arrayContaining(['self', 'conformance', 'data']));
    const conformance = await getJson(app, '/ogc/conformance');
    expect(conformance.body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
    const collections = await getJson(app, '/ogc/collections');
    expect(collections.body.collections.map((collection: { id: string }) => collection.id)).toEqual(['communities', 'grids', 'incidents', 'risk-sources']);
    const grids = await getJson(app, '/ogc/collections/grids');
    expect(grids.body.extent.spatial.bbox[0][0]).toBeCloseTo(117.0, 5);
    expect((await getJson(app, '/ogc/collections/nothing')).status).toBe(404);
  });

  it('pages items with limit/offset and next links, and filters by bbox and datetime', async () => {
    const first = await app.request('/ogc/collections/incidents/items?limit=2');
    expect(first.headers.get('content-type')).toContain('application/geo+json');
    const page = await first.json();
    expect(page.numberMatched).toBe(3); // neither the hidden case nor the hotline call is public
    // points are the public, rounded ones (0101 points at a home), never the exact spot
    for (const feature of page.features) expect([117.005, 117.015, 117.016]).not.toContain(feature.geometry.coordinates[0]);
    expect(JSON.stringify(page)).not.toContain('路面破损');
    expect(page.numberReturned).toBe(2);
    const next = page.links.find((link: { rel: string }) => link.rel === 'next');
    expect(next.href).toContain('offset=2');
    const second = await getJson(app, new URL(next.href).pathname + new URL(next.href).search);
    expect(second.body.numberReturned).toBe(1);
    expect(second.body.links.some((link: { rel: string }) => link.rel === 'next')).toBe(false);
    // no personal fields in the public layer
    expect(JSON.stringify(page)).not.toContain('王五');
    expect(JSON.stringify(page)).not.toContain('13700001111');

    const inBox = await getJson(app, '/ogc/collections/incidents/items?bbox=117.0,31.0,117.01,31.01');
    expect(inBox.body.features.map((feature: any) => feature.properties.trackingCode)).toEqual(['OGC-1']);
    const inApril = await getJson(app, '/ogc/collections/incidents/items?datetime=2026-03-15T00:00:00Z/2026-04-15T00:00:00Z');
    expect(inApril.body.features.map((feature: any) => feature.properties.trackingCode)).toEqual(['OGC-2']);
    const openStart = await getJson(app, '/ogc/collections/incidents/items?datetime=../2026-03-15T00:00:00Z');
    expect(openStart.body.numberMatched).toBe(1);

    const risk = await getJson(app, '/ogc/collections/risk-sources/items');
    expect(risk.body.features[0].properties.name).toBe('测试加油站');
    expect(JSON.stringify(risk.body)).not.toContain('13900002222');

    const one = await getJson(app, `/ogc/collections/incidents/items/${inBox.body.features[0].id}`);
    expect(one.body.properties.trackingCode).toBe('OGC-1');
    expect((await getJson(app, '/ogc/collections/incidents/items/999999')).status).toBe(404);
  });

  it('refuses malformed parameters with a message naming them', async () => {
    const badBbox = await getJson(app, '/ogc/collections/grids/items?bbox=1,2,3');
    expect(badBbox.status).toBe(400);
    expect(badBbox.body.error.details.fields[0].field).toBe('bbox');
    expect((await getJson(app, '/ogc/collections/grids/items?datetime=yesterday')).body.error.details.fields[0].field).toBe('datetime');
    expect((await getJson(app, '/ogc/collections/grids/items?limit=0')).status).toBe(400);
    expect((await getJson(app, '/ogc/collections/grids/items?colour=red')).body.error.details.fields[0].field).toBe('colour');
  });

  it('serves households only to an API key with the ogc_households scope, masked', async () => {
    expect((await getJson(app, '/ogc/collections/households/items')).status).toBe(401);
    expect((await getJson(app, '/ogc/collections/households/items', { headers: { 'X-API-Key': submitOnlyKey } })).status).toBe(403);
    const withKey = await getJson(app, '/ogc/collections/households/items', { headers: { 'X-API-Key': householdKey } });
    expect(withKey.status).toBe(200);
    expect(withKey.body.numberMatched).toBe(2);
    const text = JSON.stringify(withKey.body);
    expect(text).toContain('张*');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('张三');
    expect(text).not.toContain('13812345678');
    const listed = await getJson(app, '/ogc/collections', { headers: { 'X-API-Key': householdKey } });
    expect(listed.body.collections.map((collection: { id: string }) => collection.id)).toContain('households');
  });

  it('is read by GDAL: ogrinfo lists and reads every collection, ogr2ogr copies them', async () => {
    const environment = { ...process.env, GDAL_HTTP_HEADERS: `X-API-Key: ${householdKey}`, CPL_DEBUG: 'OFF' };
    const listing = await run('ogrinfo', ['-ro', '-q', `OAPIF:${base}`], { env: environment });
    for (const id of ['communities', 'grids', 'incidents', 'risk-sources', 'households']) expect(listing.stdout).toContain(id);
    for (const [id, count] of [['communities', 1], ['grids', 2], ['incidents', 3], ['risk-sources', 1], ['households', 2]] as const) {
      const summary = await run('ogrinfo', ['-ro', '-so', '-al', `OAPIF:${base}/collections/${id}`], { env: environment });
      expect(summary.stdout, id).toContain(`Feature Count: ${count}`);
    }
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ogc-gdal-'));
    try {
      const target = path.join(folder, 'grids.geojson');
      // a page size of 1 makes GDAL follow the next links
      await run('ogr2ogr', ['-f', 'GeoJSON', target, `OAPIF:${base}/collections/grids`, '-oo', 'PAGE_SIZE=1'], { env: environment });
      const copied = JSON.parse(fs.readFileSync(target, 'utf8'));
      expect(copied.features.map((feature: any) => feature.properties.name).sort()).toEqual(['测试网格1', '测试网格2']);
      const detail = await run('ogrinfo', ['-ro', '-al', `OAPIF:${base}/collections/incidents`, '-where', "trackingCode = 'OGC-2'"], { env: environment });
      // the public point: rounded to the policy's 50 m cell, as GDAL prints it
      const rounded = roundPublicLocation(117.015, 31.005, 50);
      expect(detail.stdout).toContain(`POINT (${rounded.lng} ${rounded.lat})`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
