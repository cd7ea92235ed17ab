import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

/** The audit trail names what was acted on, so an auditor reads 赵网格's grid, not "grid 5". */
describe('audit trail: the object by name', () => {
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

  it('gives each row the current name of its user, household or grid, and null for an unknown id', async () => {
    const { sql } = database;
    await sql`insert into audit_log (user_id, role, action, object_type, object_id, result)
              values (${world.users.admin}, 'admin', 'user.create', 'user', ${String(world.users.worker)}, 'ok'),
                     (${world.users.worker}, 'worker', 'household.reveal', 'household', ${String(world.householdIds[0])}, 'ok'),
                     (${world.users.planner}, 'planner', 'grid.split', 'grid', ${String(world.territory.gridIds[0])}, 'ok'),
                     (${world.users.admin}, 'admin', 'user.create', 'user', 'not-a-number', 'ok')`;
    const headers = await sessionFor(sql, world.users.auditor);
    const { status, body } = await getJson(app, '/api/audit-log?limit=10', { headers });
    expect(status).toBe(200);
    const byAction = (action: string, objectId: string) => body.entries.find((entry: any) => entry.action === action && entry.objectId === objectId);
    expect(byAction('user.create', String(world.users.worker)).objectName).toBe('测试worker');
    expect(byAction('household.reveal', String(world.householdIds[0])).objectName).toBe('测试小区 1栋 1单元 101室');
    expect(byAction('grid.split', String(world.territory.gridIds[0])).objectName).toMatch(/ \d{15}$/);
    expect(byAction('user.create', 'not-a-number').objectName).toBeNull();
    expect(byAction('grid.split', String(world.territory.gridIds[0])).actorDisplayName).toBe('测试planner');
  });
});
