import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/accounts/roles.ts';
import type { Database } from '../../server/db/connect.ts';
import { signBody } from '../../server/emergency/linkage-adapter.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/** Issue 20: plans with coverage and versions, activation with the affected circle, duty, hand-overs and the webhook. */
describe(`emergency plans and activation (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let stub: http.Server;
  const received: { body: string; signature: string | undefined }[] = [];
  const secret = 'linkage-test-secret';
  const centre: [number, number] = [119.005, 33.005];
  const ids = { covered: 0, uncovered: 0, low: 0, validExtinguisher: 0, expiredExtinguisher: 0, both: 0, incident: 0 };

  beforeAll(async () => {
    // the city platform: a local stub that answers with its own case number
    stub = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ body, signature: request.headers['x-gridatlas-signature'] as string | undefined });
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ reference: `F-${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    const port = (stub.address() as AddressInfo).port;
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database, { linkageWebhookUrl: `http://127.0.0.1:${port}/handover`, linkageSecret: secret }));
    world = await buildAccountsWorld(database.sql, testDataKey, [119.0, 33.0]);
    const { sql } = database;
    const point = (dx: number) => sql`ST_SetSRID(ST_MakePoint(${centre[0] + dx}, ${centre[1]}), 4326)`;
    const source = async (name: string, level: number, dx: number) =>
      (await sql`insert into risk_sources (name, kind, level, geometry, community_id) values (${name}, 'gas_station', ${level}, ${point(dx)}, ${world.territory.communityId}) returning id`)[0]!.id as number;
    ids.covered = await source('测试加油站', 1, 0.0003);
    ids.uncovered = await source('测试农贸市场', 2, 0.006);
    ids.low = await source('测试小店', 4, 0.004);
    const [building] = await sql`
      insert into buildings (community_id, complex_name, number, kind, floors, footprint, location)
      values (${world.territory.communityId}, '应急小区', '8', 'residential', 6, ST_Buffer(${point(0.001)}, 0.0003, 4), ${point(0.001)}) returning id`;
    const household = async (room: string, dx: number, elderlyAlone: boolean, disability: boolean, headName: string) =>
      (await sql`
        insert into households (building_id, grid_id, unit, room, location, resident_count, elderly_alone, disability, head_name)
        values (${building!.id}, ${world.territory.gridIds[0]!}, '1', ${room}, ${point(dx)}, ${elderlyAlone || disability ? 1 : 3}, ${elderlyAlone}, ${disability}, ${testDataKey.seal(headName)})
        returning id`)[0]!.id as number;
    await household('201', 0.0005, true, false, '王秀英');
    await household('202', 0.0002, false, true, '李建国');
    ids.both = await household('301', 0.0015, true, true, '张桂兰');
    await household('302', 0.0001, false, false, '赵强');
    const equipment = async (name: string, dx: number, expiresOn: string) =>
      (await sql`insert into emergency_equipment (kind, name, location, community_id, expires_on) values ('fire_extinguisher', ${name}, ${point(dx)}, ${world.territory.communityId}, ${expiresOn}) returning id`)[0]!.id as number;
    ids.expiredExtinguisher = await equipment('过期灭火器', 0.0001, '2020-01-01');
    ids.validExtinguisher = await equipment('有效灭火器', 0.0008, '2099-01-01');
  });
  afterAll(async () => {
    await database.close();
    await new Promise<void>((resolve) => stub.close(() => resolve()));
  });

  const call = async (role: Role | null, method: string, path: string, body?: unknown) => {
    const headers = { ...(role ? await sessionFor(database.sql, world.users[role]) : {}), 'Content-Type': 'application/json' };
    return getJson(app, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };
  const plan = (patch: Record<string, unknown> = {}) => ({
    title: '加油站火灾、燃气泄漏应急预案', level: 'site', communityId: world.territory.communityId, eventKinds: ['0503', '0506'],
    coversRiskSourceIds: [ids.covered], triggerConditions: '发现燃气泄漏或起火', reviewedOn: '2026-10-01',
    responseLevels: [{ level: 'IV', actions: ['疏散加油站及周边 50 米人员', '通知燃气公司'] }, { level: 'I', actions: ['请求 119 支援'] }],
    roles: [{ role: '现场指挥', name: '刘站长', phone: '13900000001' }],
    resources: [{ kind: 'assembly_point', name: '小区广场集合点', point: [centre[0] - 0.001, centre[1]] }],
    ...patch,
  });
  const count = async (table: string) => Number((await database.sql`select count(*)::int as n from ${database.sql(table)}`)[0]!.n);

  it('keeps plans as structured data with coverage, review and drill checks', async () => {
    const created = await call('dispatcher', 'POST', '/api/emergency-plans', plan());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ level: 'site', coversRiskSourceIds: [ids.covered], reviewDue: '2027-10-01', version: 1, drillOverdue: true });
    const old = await call('admin', 'POST', '/api/emergency-plans', plan({ title: '街道防汛预案', level: 'street', communityId: null, coversRiskSourceIds: [], eventKinds: ['0504'], reviewedOn: '2024-05-01' }));
    expect(old.body.reviewOverdue).toBe(true);

    const list = await call('worker', 'GET', '/api/emergency-plans');
    expect(list.status).toBe(200);
    const listed = list.body.plans.find((row: any) => row.id === created.body.id);
    expect(listed).toMatchObject({ level: 'site', coversRiskSourceIds: [ids.covered], reviewDue: '2027-10-01' });

    const coverage = (await call('dispatcher', 'GET', '/api/emergency-plans/coverage')).body;
    const uncovered = coverage.uncoveredRiskSources.map((row: any) => row.id);
    expect(uncovered).toContain(ids.uncovered);
    expect(uncovered).not.toContain(ids.covered);
    expect(uncovered).not.toContain(ids.low); // level 低 is not required to have a plan
    expect(coverage.reviewOverdue.map((row: any) => row.id)).toEqual([old.body.id]);
    expect(coverage.withoutRecentDrill.map((row: any) => row.id)).toContain(created.body.id);

    const drill = await call('dispatcher', 'POST', `/api/emergency-plans/${created.body.id}/drills`, { heldOn: '2026-11-20', participants: 35, findings: '疏散用时 6 分钟' });
    expect(drill.status).toBe(201);
    const after = (await call('dispatcher', 'GET', '/api/emergency-plans/coverage')).body;
    expect(after.withoutRecentDrill.map((row: any) => row.id)).not.toContain(created.body.id);
  });

  it('refuses a plan covering an unknown risk source with 400 naming the field, and writes nothing', async () => {
    const plansBefore = await count('emergency_plans');
    const auditBefore = await count('audit_log');
    const refused = await call('dispatcher', 'POST', '/api/emergency-plans', plan({ coversRiskSourceIds: [ids.covered, 999_999] }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields[0]).toMatchObject({ field: 'coversRiskSourceIds.1', code: 'unknown_risk_source', message: '风险源 999999 不存在' });
    expect(await count('emergency_plans')).toBe(plansBefore);
    expect(await count('audit_log')).toBe(auditBefore);
    expect((await call('worker', 'POST', '/api/emergency-plans', plan())).status).toBe(403);
  });

  it('keeps every version of a plan', async () => {
    const created = await call('dispatcher', 'POST', '/api/emergency-plans', plan({ title: '版本测试预案' }));
    const saved = await call('dispatcher', 'PUT', `/api/emergency-plans/${created.body.id}`, plan({ title: '版本测试预案（修订）' }));
    expect(saved.body).toMatchObject({ version: 2, title: '版本测试预案（修订）' });
    const versions = (await call('auditor', 'GET', `/api/emergency-plans/${created.body.id}/versions`)).body.versions;
    expect(versions.map((row: any) => [row.version, row.plan.title])).toEqual([[1, '版本测试预案'], [2, '版本测试预案（修订）']]);
  });

  it('activates the covering plan from a gas-leak incident: vulnerable residents first, usable extinguishers first, who is on duty', async () => {
    const team = await call('dispatcher', 'POST', '/api/emergency-teams', { name: '应急小区东门值班室', kind: 'duty_room', communityId: world.territory.communityId, point: [centre[0] + 0.002, centre[1]], phone: '0551-1234567' });
    expect(team.status).toBe(201);
    const member = await call('dispatcher', 'POST', `/api/emergency-teams/${team.body.id}/members`, { name: '陈值班', duty: '值班员', phone: '13900000002', isResident: true });
    const now = Date.now();
    const shift = await call('dispatcher', 'POST', `/api/emergency-teams/${team.body.id}/shifts`, {
      memberId: member.body.id, startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(),
    });
    expect(shift.status).toBe(201);
    const reversed = await call('dispatcher', 'POST', `/api/emergency-teams/${team.body.id}/shifts`, {
      memberId: member.body.id, startsAt: new Date(now).toISOString(), endsAt: new Date(now - 60_000).toISOString(),
    });
    expect(reversed.status).toBe(400);

    const incident = await call('dispatcher', 'POST', '/api/incidents', { categoryCode: '0503', description: '加油站旁燃气味', source: 'hotline', longitude: centre[0], latitude: centre[1] });
    ids.incident = incident.body.id;
    const covering = await call('dispatcher', 'POST', '/api/emergency-plans', plan({ title: '燃气泄漏现场处置预案' }));
    const activated = await call('dispatcher', 'POST', '/api/emergencies', { incidentId: ids.incident, planId: covering.body.id, responseLevel: 'III', radiusMetres: 300 });
    expect(activated.status).toBe(201);
    const emergency = activated.body;
    expect(emergency).toMatchObject({ planTitle: '燃气泄漏现场处置预案', planVersion: 1, incidentId: ids.incident, status: 'active' });
    // without a plan named, a current plan covering a risk source inside the circle is taken
    const chosen = await call('dispatcher', 'POST', '/api/emergencies', { incidentId: ids.incident, responseLevel: 'IV', radiusMetres: 300 });
    const chosenPlan = await call('dispatcher', 'GET', `/api/emergency-plans/${chosen.body.planId}`);
    expect(chosenPlan.body).toMatchObject({ status: 'current', coversRiskSourceIds: [ids.covered] });
    // the four households added here plus the fixture's own household at the centre of grid 0
    expect(emergency.affectedHouseholds).toMatchObject({ households: 5, elderlyAlone: 2, disability: 2 });
    expect(emergency.vulnerableResidents).toHaveLength(3);
    expect(emergency.vulnerableResidents[0]).toMatchObject({ householdId: ids.both, elderlyAlone: true, disability: true, headName: '张**' });
    expect(emergency.vulnerableResidents[1].distanceMetres).toBeLessThanOrEqual(emergency.vulnerableResidents[2].distanceMetres);
    expect(emergency.nearestEquipment[0]).toMatchObject({ id: ids.validExtinguisher, expired: false });
    expect(emergency.nearestEquipment.find((item: any) => item.id === ids.expiredExtinguisher)).toMatchObject({ expired: true });
    expect(emergency.onDuty).toEqual([expect.objectContaining({ memberName: '陈值班', teamName: '应急小区东门值班室', phone: '13900000002' })]);
    expect(emergency.shelters).toEqual([expect.objectContaining({ name: '小区广场集合点' })]);
    expect(emergency.log).toEqual([expect.objectContaining({ kind: 'activated', actorUserId: world.users.dispatcher })]);

    const duty = await call('worker', 'GET', `/api/emergency-duty?lng=${centre[0]}&lat=${centre[1]}`);
    expect(duty.body.onDuty.map((row: any) => row.memberName)).toEqual(['陈值班']);
    const teams = await call('worker', 'GET', '/api/emergency-teams');
    expect(teams.body.teams.find((row: any) => row.id === team.body.id).onDutyNow).toHaveLength(1);
  });

  it('refuses to activate a retired plan with 409 and writes nothing', async () => {
    const created = await call('dispatcher', 'POST', '/api/emergency-plans', plan({ title: '旧预案' }));
    expect((await call('dispatcher', 'POST', `/api/emergency-plans/${created.body.id}/retire`)).body.status).toBe('retired');
    const before = await count('emergencies');
    const refused = await call('dispatcher', 'POST', '/api/emergencies', { planId: created.body.id, point: centre, responseLevel: 'IV' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('emergency_plan_retired');
    expect(await count('emergencies')).toBe(before);
    expect((await call('dispatcher', 'POST', '/api/emergencies', { responseLevel: 'IV' })).status).toBe(400);
    expect((await call('dispatcher', 'PUT', `/api/emergency-plans/${created.body.id}`, plan())).status).toBe(409);
  });

  it('hands over to 119 by phone and by webhook, takes the platform\'s answer, and closes with a review', async () => {
    const activated = await call('dispatcher', 'POST', '/api/emergencies', { point: centre, responseLevel: 'II' });
    const id = activated.body.id;
    const byPhone = await call('dispatcher', 'POST', `/api/emergencies/${id}/handovers`, { platform: '110', channel: 'phone', reference: 'JJ-0001' });
    expect(byPhone.body.handovers).toEqual([expect.objectContaining({ platform: '110', channel: 'phone', reference: 'JJ-0001', delivery: 'recorded' })]);

    const byWebhook = await call('dispatcher', 'POST', `/api/emergencies/${id}/handovers`, { platform: '119', channel: 'webhook' });
    expect(byWebhook.status).toBe(200);
    const sent = received.at(-1)!;
    expect(sent.signature).toBe(signBody(secret, sent.body));
    expect(JSON.parse(sent.body)).toMatchObject({ type: 'gridatlas.emergency.handover', platform: '119', emergency: { id, responseLevel: 'II', affectedHouseholds: 5 } });
    expect(byWebhook.body.handovers[1]).toMatchObject({ platform: '119', channel: 'webhook', delivery: 'delivered', reference: `F-${received.length}` });

    const message = JSON.stringify({ emergencyId: id, platform: '119', reference: 'F-1', status: 'dispatched', note: '两辆消防车已出动' });
    const unsigned = await app.request('/api/linkage/webhook', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: message });
    expect(unsigned.status).toBe(403);
    const signed = await app.request('/api/linkage/webhook', {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-GridAtlas-Signature': signBody(secret, message) }, body: message,
    });
    expect(signed.status).toBe(200);

    const noted = await call('dispatcher', 'POST', `/api/emergencies/${id}/log`, { note: '已疏散 3 号楼' });
    expect(noted.body.log.map((entry: any) => entry.kind)).toEqual(['activated', 'handover', 'handover', 'webhook_received', 'note']);
    expect(noted.body.log[3]).toMatchObject({ actorLabel: '119', note: '两辆消防车已出动' });
    const times = noted.body.log.map((entry: any) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    expect((await call('dispatcher', 'POST', `/api/emergencies/${id}/close`, { review: '' })).status).toBe(400);
    const closed = await call('dispatcher', 'POST', `/api/emergencies/${id}/close`, { review: '处置及时；东门灭火器过期，已更换' });
    expect(closed.body).toMatchObject({ status: 'closed', review: '处置及时；东门灭火器过期，已更换' });
    expect((await call('dispatcher', 'POST', `/api/emergencies/${id}/log`, { note: '迟到的记录' })).status).toBe(409);
  });
});
