import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

describe('households: scoping, masking, reveal and audit', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
  });
  afterAll(async () => {
    await database.close();
  });

  const as = async (role: keyof AccountsWorld['users']) => sessionFor(database.sql, world.users[role]);

  it('shows a worker only the households of their own grid, masked', async () => {
    const { status, body } = await getJson(app, '/api/households', { headers: await as('worker') });
    expect(status).toBe(200);
    expect(body.total).toBe(1);
    expect(body.households[0]).toMatchObject({
      id: world.householdIds[0],
      headName: '张*',
      headPhone: '138****5678',
      headIdNumber: '3401**********1000',
    });
  });

  it('answers 404, not 403, for another grid\'s household — even via reveal — and audits the attempt', async () => {
    const headers = await as('worker');
    const other = await getJson(app, `/api/households/${world.householdIds[1]}`, { headers });
    expect(other.status).toBe(404);
    const reveal = await app.request(`/api/households/${world.householdIds[1]}/reveal`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fields: ['name', 'phone', 'idNumber'] }),
    });
    expect(reveal.status).toBe(404);
    const [row] = await database.sql`
      select count(*)::int as denied from audit_log
       where action = 'household.reveal' and result = 'denied' and object_id = ${String(world.householdIds[1])}`;
    expect(row!.denied).toBe(1);
    // a grid filter cannot widen the scope either
    const filtered = await getJson(app, `/api/households?gridId=${world.territory.gridIds[1]}`, { headers });
    expect(filtered.body.total).toBe(0);
  });

  it('reveals a field only on explicit request, and writes an audit row for each reveal', async () => {
    const headers = await as('worker');
    const response = await app.request(`/api/households/${world.householdIds[0]}/reveal`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fields: ['idNumber'], reason: '入户走访核对' }),
    });
    const body = await response.json();
    expect(body.headIdNumber).toBe('340122198001011000');
    expect(body.headName).toBe('张*');
    const [row] = await database.sql`
      select user_id, role, details from audit_log where action = 'household.reveal' and result = 'ok' order by id desc limit 1`;
    expect(row).toMatchObject({ userId: world.users.worker, role: 'worker', details: { fields: ['idNumber'], reason: '入户走访核对' } });
  });

  it('lets a dispatcher see every household but only masked, and never reveal', async () => {
    const headers = await as('dispatcher');
    const { body } = await getJson(app, '/api/households', { headers });
    expect(body.total).toBe(2);
    expect(body.households.every((household: any) => household.headPhone.includes('****'))).toBe(true);
    const reveal = await app.request(`/api/households/${world.householdIds[0]}/reveal`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ fields: ['phone'] }),
    });
    expect(reveal.status).toBe(403);
  });

  it('gives a planner counts, not people', async () => {
    const headers = await as('planner');
    expect((await app.request('/api/households', { headers })).status).toBe(403);
    const grids = await getJson(app, '/api/grids', { headers });
    expect(grids.body.features.find((feature: any) => feature.id === world.territory.gridIds[0]).properties.households).toBe(1);
  });

  it('stores ID numbers encrypted, findable by keyed hash', async () => {
    const [row] = await database.sql`select head_id_number, head_id_number_hash from households where id = ${world.householdIds[0]}`;
    expect(row!.headIdNumber).toMatch(/^enc:v1:/);
    expect(row!.headIdNumber).not.toContain('340122');
    const [found] = await database.sql`select id from households where head_id_number_hash = ${testDataKey.lookupHash('340122198001011000')}`;
    expect(found!.id).toBe(world.householdIds[0]);
  });

  it('lets an auditor read and filter the audit log, and no one else but admin', async () => {
    const auditor = await getJson(app, '/api/audit-log?action=household.reveal', { headers: await as('auditor') });
    expect(auditor.status).toBe(200);
    expect(auditor.body.entries.length).toBeGreaterThan(0);
    expect(auditor.body.entries.every((entry: any) => entry.action === 'household.reveal')).toBe(true);
    expect((await app.request('/api/audit-log', { headers: await as('worker') })).status).toBe(403);
    expect((await app.request('/api/audit-log')).status).toBe(401);
  });
});
