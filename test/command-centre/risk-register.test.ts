import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/accounts/roles.ts';
import type { Database } from '../../server/db/connect.ts';
import { seedDemoEmergencyAssets } from '../../server/risks/emergency-assets.repo.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

describe(`risk register (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [119.0, 33.0]);
  });
  afterAll(async () => {
    await database.close();
  });

  const call = async (role: Role, method: string, path: string, body?: unknown) => {
    const headers = { ...(await sessionFor(database.sql, world.users[role])), 'Content-Type': 'application/json' };
    return getJson(app, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };
  const station = {
    name: '测试加油站', kind: 'gas_station', level: 1, ownerName: '王老板', ownerPhone: '13912345678',
    inspectionCycleDays: 30, lastInspectedOn: '2025-01-01', emergencyPlan: '加油站火灾事故应急预案',
    geometry: { type: 'Point', coordinates: [119.005, 33.005] },
  };

  it('creates a risk source, finds its community, flags the overdue inspection, and audits the write', async () => {
    const { status, body } = await call('dispatcher', 'POST', '/api/risk-sources', station);
    expect(status).toBe(201);
    expect(body.properties).toMatchObject({
      name: '测试加油站', level: 1, communityId: world.territory.communityId, inspectionOverdue: true, nextInspectionDueOn: '2025-01-31',
    });
    const [audit] = await database.sql`select action, object_id from audit_log where action = 'risk_source.create' order by id desc limit 1`;
    expect(audit!.objectId).toBe(String(body.id));
    const overdue = await call('worker', 'GET', '/api/risk-sources?overdue=true&level=1');
    expect(overdue.body.features.map((feature: any) => feature.id)).toContain(body.id);
  });

  it('rejects a bad level, a bad date and unknown fields with 400 naming the field', async () => {
    for (const [patch, field] of [
      [{ level: 5 }, 'level'],
      [{ level: 0 }, 'level'],
      [{ level: 2.5 }, 'level'],
      [{ kind: 'volcano' }, 'kind'],
      [{ lastInspectedOn: '2025-02-30' }, 'lastInspectedOn'],
      [{ lastInspectedOn: '2999-01-01' }, 'lastInspectedOn'],
      [{ geometry: { type: 'LineString', coordinates: [[119, 33], [119.1, 33.1]] } }, 'geometry'],
    ] as const) {
      const { status, body } = await call('dispatcher', 'POST', '/api/risk-sources', { ...station, ...patch });
      expect(status, JSON.stringify(patch)).toBe(400);
      expect(body.error.details.fields.map((problem: any) => problem.field.split('.')[0])).toContain(field);
    }
  });

  it('rejects a geometry PostGIS finds invalid with 422 naming the field', async () => {
    const bowTie = { type: 'Polygon', coordinates: [[[119, 33], [119.01, 33.01], [119.01, 33], [119, 33.01], [119, 33]]] };
    const { status, body } = await call('admin', 'POST', '/api/risk-sources', { ...station, geometry: bowTie });
    expect(status).toBe(422);
    expect(body.error.code).toBe('geometry_invalid');
    expect(body.error.details.fields[0]).toMatchObject({ field: 'geometry', code: 'self_intersection' });
    expect(body.error.details.fields[0].message).toBe('边界自相交');
    expect(body.error.details.geometry).toMatchObject({ type: 'Point' });
    const unclosed = { type: 'Polygon', coordinates: [[[119, 33], [119.01, 33.01], [119.01, 33], [119.02, 33.02]]] };
    const second = await call('admin', 'POST', '/api/risk-sources', { ...station, geometry: unclosed });
    expect(second.status).toBe(422);
    expect(second.body.error.details.fields[0].field).toBe('geometry');
  });

  it('edits only the fields given, validates them, and refuses workers', async () => {
    const created = await call('dispatcher', 'POST', '/api/risk-sources', { ...station, name: '待编辑' });
    const id = created.body.id;
    const recently = new Date(Date.now() + 8 * 3_600_000 - 2 * 86_400_000).toISOString().slice(0, 10);
    const edited = await call('admin', 'PATCH', `/api/risk-sources/${id}`, {
      level: 3, lastInspectedOn: recently, geometry: { type: 'Polygon', coordinates: [[[119.004, 33.004], [119.006, 33.004], [119.006, 33.006], [119.004, 33.004]]] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.properties).toMatchObject({ level: 3, name: '待编辑', lastInspectedOn: recently, inspectionOverdue: false });
    expect(edited.body.geometry.type).toBe('Polygon');
    expect((await call('admin', 'PATCH', `/api/risk-sources/${id}`, { level: 9 })).body.error.details.fields[0].field).toBe('level');
    expect((await call('admin', 'PATCH', `/api/risk-sources/${id}`, {})).status).toBe(400);
    expect((await call('admin', 'PATCH', '/api/risk-sources/999999', { level: 2 })).status).toBe(404);
    expect((await call('worker', 'PATCH', `/api/risk-sources/${id}`, { level: 2 })).status).toBe(403);
  });

  it("shows a source's page with incidents nearby, the owner masked except for the command centre", async () => {
    const created = await call('dispatcher', 'POST', '/api/risk-sources', { ...station, name: '近旁测试' });
    const id = created.body.id;
    const insert = (code: string, longitude: number, reportedAt: Date) => database.sql`
      insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, reported_at)
      values (${code}, '0503', 'patrol', 'reported', '燃气味', ST_SetSRID(ST_MakePoint(${longitude}, 33.005), 4326), ${world.territory.gridIds[0]!}, ${reportedAt})`;
    await insert('NEAR-1', 119.0055, new Date(Date.now() - 5 * 86_400_000)); // ≈ 47 m east, 5 days ago
    await insert('NEAR-OLD', 119.0052, new Date(Date.now() - 120 * 86_400_000)); // too long ago
    await insert('FAR-1', 119.012, new Date()); // ≈ 650 m away
    const page = await call('dispatcher', 'GET', `/api/risk-sources/${id}?radius=300`);
    expect(page.status).toBe(200);
    expect(page.body.properties).toMatchObject({ ownerName: '王老板', ownerPhone: '13912345678', contactMasked: false });
    expect(page.body.nearbyIncidents.incidents.map((incident: any) => incident.trackingCode)).toEqual(['NEAR-1']);
    expect(page.body.nearbyIncidents.incidents[0].distanceMetres).toBeGreaterThan(40);
    expect(page.body.nearbyIncidents.incidents[0].distanceMetres).toBeLessThan(55);
    const masked = await call('auditor', 'GET', `/api/risk-sources/${id}`);
    expect(masked.body.properties).toMatchObject({ ownerName: '王**', ownerPhone: '139****5678', contactMasked: true });
    const [audit] = await database.sql`select count(*)::int as count from audit_log where action = 'risk_source.view_contact' and object_id = ${String(id)}`;
    expect(audit!.count).toBe(1);
    expect((await call('auditor', 'GET', '/api/risk-sources/999999')).status).toBe(404);
  });

  it('serves emergency equipment with expiry flags and CCTV points as layers (demo seed is deterministic)', async () => {
    const seeded = await seedDemoEmergencyAssets(database.sql, new Date('2026-06-01T00:00:00+08:00'));
    expect(seeded.equipment).toBeGreaterThan(0);
    expect(await seedDemoEmergencyAssets(database.sql)).toEqual({ equipment: 0, cctvPoints: 0 });
    await database.sql`
      insert into emergency_equipment (kind, name, location, expires_on) values
        ('fire_extinguisher', '过期灭火器', ST_SetSRID(ST_MakePoint(119.001, 33.001), 4326), date '2020-01-01')`;
    await database.sql`
      insert into cctv_points (name, placement, location) values ('停车场入口', 'car_park', ST_SetSRID(ST_MakePoint(119.002, 33.002), 4326))`;
    const expired = await call('worker', 'GET', '/api/emergency-equipment?expired=true');
    expect(expired.status).toBe(200);
    expect(expired.body.features.map((feature: any) => feature.properties.name)).toContain('过期灭火器');
    expect(expired.body.features.every((feature: any) => feature.properties.expired)).toBe(true);
    const cameras = await call('dispatcher', 'GET', '/api/cctv-points?bbox=118.99,32.99,119.1,33.1');
    expect(cameras.body.features).toEqual([expect.objectContaining({ geometry: { type: 'Point', coordinates: [119.002, 33.002] } })]);
    expect((await app.request('/api/cctv-points')).status).toBe(401);
  });
});
