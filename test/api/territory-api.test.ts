import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';
import { buildRowOfGrids, createWorker, rectangleWkt, type BuiltTerritory } from '../support/territory-builder.ts';
import { sessionFor } from '../support/accounts-fixture.ts';

describe('territory read API', () => {
  let database: Database;
  let app: TestApp;
  let west: BuiltTerritory;
  let east: BuiltTerritory;
  let dispatcherHeaders: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    const { sql } = database;
    west = await buildRowOfGrids(sql, { origin: [117.0, 31.0], gridCount: 2 });
    east = await buildRowOfGrids(sql, { origin: [118.0, 31.0], gridCount: 1 });
    const [dispatcher] = await sql`
      insert into users (username, display_name, role) values ('dispatcher-test', '调度', 'dispatcher') returning id`;
    dispatcherHeaders = await sessionFor(sql, dispatcher!.id);
    const worker = await createWorker(sql, '王小明');
    await sql`insert into grid_assignments (grid_id, worker_id) values (${west.gridIds[0]!}, ${worker})`;
    // the second western grid was reshaped on 2025-07-01: before then it was half as wide
    const reshapedAt = new Date('2025-07-01T00:00:00+08:00');
    const [minLng, minLat, maxLng, maxLat] = west.gridBoxes[1]!;
    await sql.begin(async (transaction) => {
      await transaction`update grid_versions set valid_to = ${reshapedAt} where grid_id = ${west.gridIds[1]!} and valid_to is null`;
      await transaction`
        insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from, change_note)
        select grid_id, community_id, code, '测试网格2（调整后）', ST_GeomFromText(${rectangleWkt(minLng, minLat, maxLng, maxLat)}, 4326),
               ${reshapedAt}, 'test reshape'
          from grid_versions where grid_id = ${west.gridIds[1]!} and valid_to = ${reshapedAt}`;
    });
  });
  afterAll(async () => {
    await database.close();
  });

  it('tells an anonymous caller only that it is up; the database mode, PostGIS and migration level are for administrators', async () => {
    const { status, body } = await getJson(app, '/api/health');
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ok' });
    const [admin] = await database.sql`insert into users (username, display_name, role) values ('admin-health', '管理', 'admin') returning id`;
    const full = await getJson(app, '/api/health', { headers: await sessionFor(database.sql, admin!.id) });
    expect(full.body.database.mode).toBe(databaseMode);
    expect(full.body.database.postgis).toMatch(/^3\./);
    expect(full.body.database.migrationLevel).toBeGreaterThanOrEqual(1);
    expect((await getJson(app, '/api/health', { headers: dispatcherHeaders })).body).toEqual({ status: 'ok' });
  });

  it('lists only the grids that intersect the bbox', async () => {
    const all = await getJson(app, '/api/grids');
    expect(all.body.features).toHaveLength(3);
    const westOnly = await getJson(app, '/api/grids?bbox=116.9,30.9,117.5,31.5');
    expect(westOnly.status).toBe(200);
    expect(westOnly.body.features.map((feature: any) => feature.id).sort()).toEqual([...west.gridIds].sort());
    const nothing = await getJson(app, '/api/grids?bbox=100,10,100.1,10.1');
    expect(nothing.body.features).toEqual([]);
  });

  it('gives each grid its code, community, worker and geometry', async () => {
    const { body } = await getJson(app, '/api/grids?bbox=116.9,30.9,117.5,31.5');
    const staffed = body.features.find((feature: any) => feature.id === west.gridIds[0]);
    expect(staffed.geometry.type).toBe('MultiPolygon');
    expect(staffed.properties).toMatchObject({ code: expect.stringMatching(/^\d{15}$/), workerName: '王小明', vacant: false, communityName: '测试社区' });
    const vacant = body.features.find((feature: any) => feature.id === west.gridIds[1]);
    expect(vacant.properties).toMatchObject({ workerName: null, vacant: true });
  });

  it('shows the layout as it was at a past date', async () => {
    const before = await getJson(app, '/api/grids?at=2025-03-01');
    const after = await getJson(app, '/api/grids?at=2025-08-01T12:00:00%2B08:00');
    const nameAt = (body: any) => body.features.find((feature: any) => feature.id === west.gridIds[1]).properties.name;
    expect(nameAt(before.body)).toBe('测试网格2');
    expect(nameAt(after.body)).toBe('测试网格2（调整后）');
    const longAgo = await getJson(app, '/api/grids?at=2020-01-01');
    expect(longAgo.body.features).toEqual([]);
  });

  it('returns one grid with its version history, and 404 for an unknown id', async () => {
    const { status, body } = await getJson(app, `/api/grids/${west.gridIds[1]}`);
    expect(status).toBe(200);
    expect(body.versions).toHaveLength(2);
    expect(body.versions[0].changeNote).toBe('test reshape');
    const missing = await getJson(app, '/api/grids/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not_found', message: expect.stringContaining('999999') });
  });

  it.each([
    ['/api/grids?bbox=1,2,3', 'bbox'],
    ['/api/grids?bbox=a,b,c,d', 'bbox'],
    ['/api/grids?bbox=10,10,5,5', 'bbox'],
    ['/api/grids?bbox=-200,0,0,10', 'bbox'],
    ['/api/grids?at=yesterday', 'at'],
    ['/api/grids?at=2025-13-45', 'at'],
    ['/api/grids/abc', 'id'],
    ['/api/lookup?lng=117&lat=95', 'lat'],
    ['/api/lookup?lng=east&lat=31', 'lng'],
    ['/api/lookup?lat=31', 'lng'],
    ['/api/incidents?from=2025-02-01&to=2025-01-01', 'to'],
    ['/api/incidents?status=lost', 'status'],
    ['/api/incidents?category=9999', 'category'],
    ['/api/incidents?limit=0', 'limit'],
  ])('answers %s with a 400 naming %s', async (path, field) => {
    const { status, body } = await getJson(app, path, { headers: dispatcherHeaders });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details.fields.map((problem: { field: string }) => problem.field)).toContain(field);
    expect(body.error.message).toContain(field);
  });

  it('answers unknown API paths with the JSON error shape', async () => {
    const { status, body } = await getJson(app, '/api/no-such-thing');
    expect(status).toBe(404);
    expect(body.error.code).toBe('route_not_found');
  });

  it('refuses an oversized body with 413 and the error shape', async () => {
    const response = await app.request('/api/grids', {
      method: 'POST',
      body: 'x'.repeat(3 * 1024 * 1024),
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
  });

  it('serves the OpenAPI document and a local docs page', async () => {
    const openapi = await getJson(app, '/api/openapi.json');
    expect(openapi.body.paths['/api/grids']).toBeDefined();
    expect(openapi.body.paths['/api/lookup']).toBeDefined();
    const docs = await app.request('/api/docs');
    const html = await docs.text();
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    expect((await app.request('/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('keeps the east community apart', async () => {
    const { body } = await getJson(app, '/api/communities');
    const codes = body.features.map((feature: any) => feature.properties.code);
    expect(codes).toHaveLength(2);
    expect(body.features.find((feature: any) => feature.id === east.communityId).properties.gridCount).toBe(1);
  });
});
