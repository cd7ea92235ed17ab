import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { uploadFile, validateJob } from './import-helpers.ts';

/** Export → import keeps shapes and Chinese text, for KML and the XLSX ledger too. */
describe('export → import round trips', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let admin: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
    admin = await sessionFor(database.sql, world.users.admin);
    await database.sql`
      insert into risk_sources (name, kind, level, geometry, community_id)
      values ('凤霞加油站', 'gas_station', 1, ST_SetSRID(ST_MakePoint(117.0041234, 31.0052345), 4326), ${world.territory.communityId})`;
  });
  afterAll(async () => {
    await database.close();
  });

  it('KML: grids come back with their names and shapes', async () => {
    const kml = await (await app.request('/api/exports/grids?format=kml', { headers: admin })).text();
    const uploaded = await uploadFile(app, admin, 'grids.kml', kml);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.format).toBe('kml');
    const report = await validateJob(app, admin, uploaded.body.id, { target: 'grids', communityId: world.territory.communityId, fields: { name: 'name', code: 'code' } });
    expect(report.body.rowsWithErrors).toBe(0);
    expect(report.body.preview.features.map((feature: any) => feature.properties.name).sort()).toEqual(['测试网格1', '测试网格2']);
    const [same] = await database.sql<{ equal: boolean }[]>`
      select bool_and(ST_Equals(gv.geometry, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)))) as equal
        from json_array_elements(${JSON.stringify(report.body.preview.features)}::text::json) f
        join grid_versions gv on gv.name = f->'properties'->>'name' and gv.valid_to is null`;
    expect(same!.equal).toBe(true);
  });

  it('XLSX ledger: risk sources come back with their names, levels and places', async () => {
    const workbook = new Uint8Array(await (await app.request('/api/exports/risk-sources?format=xlsx', { headers: admin })).arrayBuffer());
    const uploaded = await uploadFile(app, admin, 'risks.xlsx', workbook);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.detection.fields).toContain('名称');
    const geojson = JSON.parse(await (await app.request('/api/exports/risk-sources?format=geojson', { headers: admin })).text());
    expect(geojson.features[0].geometry.coordinates).toEqual([117.0041234, 31.0052345]);
    const csv = await (await app.request('/api/exports/risk-sources?format=csv', { headers: admin })).text();
    const fromCsv = await uploadFile(app, admin, 'risks.csv', csv);
    const report = await validateJob(app, admin, fromCsv.body.id, {
      target: 'risk_sources', geometry: { kind: 'lnglat', longitude: '经度 longitude', latitude: '纬度 latitude' },
      fields: { name: '名称', kind: '类型', level: '等级（1重大 2较大 3一般 4低）' },
    });
    expect(report.body.rowsWithErrors).toBe(0);
    expect(report.body.preview.features[0].geometry.coordinates).toEqual([117.0041234, 31.0052345]);
    expect(report.body.preview.features[0].properties.name).toBe('凤霞加油站');
    expect(uploaded.body.sample[0]['名称']).toBe('凤霞加油站');
  });
});
