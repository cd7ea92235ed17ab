import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

describe('GET /api/clock', () => {
  let database: Database;
  let app: TestApp;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
  });
  afterAll(async () => {
    await database.close();
  });

  it("answers the zone's time zone from policy and the server's time, without a session", async () => {
    const before = Date.now();
    const shanghai = await getJson(app, '/api/clock');
    expect(shanghai.status).toBe(200);
    expect(shanghai.body.timeZone).toBe('Asia/Shanghai');
    expect(Date.parse(shanghai.body.now)).toBeGreaterThanOrEqual(before - 1000);
    await database.sql`update policy set value = to_jsonb('Asia/Urumqi'::text) where key = 'zone_time_zone'`;
    expect((await getJson(app, '/api/clock')).body.timeZone).toBe('Asia/Urumqi');
  });
});
