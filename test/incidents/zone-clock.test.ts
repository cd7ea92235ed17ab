import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkingCalendar } from '../../server/calendar/calendar.repo.ts';
import { addWorkingTime } from '../../server/calendar/working-calendar.ts';
import type { Database } from '../../server/db/connect.ts';
import { applyTransition } from '../../server/incidents/incident-transitions.ts';
import { instantFromLocalText, isoWithZoneOffset, localDate, yearsEarlier } from '../../server/time/zone.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

/**
 * One clock: with policy zone_time_zone set to another zone, KPI periods and deadlines follow that
 * zone's calendar — its midnights, its working hours, its daylight-saving changes — not UTC+8.
 */
describe('the zone clock follows policy zone_time_zone', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
    await database.sql`update policy set value = to_jsonb('Europe/Berlin'::text) where key = 'zone_time_zone'`;
  });
  afterAll(async () => {
    await database.close();
  });

  it('reads dates, a year earlier and offsets in the zone, daylight saving included', () => {
    expect(instantFromLocalText('2026-03-01', 'Europe/Berlin')!.toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(instantFromLocalText('2026-07-01', 'Europe/Berlin')!.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(instantFromLocalText('2026-07-01T08:30', 'Asia/Urumqi')!.toISOString()).toBe('2026-07-01T02:30:00.000Z');
    expect(instantFromLocalText('2026-07-01T08:30:00+08:00', 'Europe/Berlin')!.toISOString()).toBe('2026-07-01T00:30:00.000Z');
    expect(instantFromLocalText('2026-02-31', 'Europe/Berlin')).toBeUndefined();
    expect(localDate(new Date('2026-03-31T22:30:00Z'), 'Europe/Berlin')).toBe('2026-04-01');
    expect(localDate(new Date('2026-03-31T22:30:00Z'), 'Asia/Shanghai')).toBe('2026-04-01');
    expect(localDate(new Date('2026-03-31T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-03-31');
    // 同比: the same wall-clock time a year earlier, under that year's offset
    expect(yearsEarlier(new Date('2026-03-31T22:00:00Z'), 1, 'Europe/Berlin').toISOString()).toBe('2025-03-31T22:00:00.000Z');
    expect(yearsEarlier(new Date('2026-03-28T23:00:00Z'), 1, 'Europe/Berlin').toISOString()).toBe('2025-03-28T23:00:00.000Z');
    expect(yearsEarlier(new Date('2028-02-28T23:00:00Z'), 1, 'Europe/Berlin').toISOString()).toBe('2027-02-27T23:00:00.000Z');
    expect(isoWithZoneOffset(new Date('2026-06-15T08:00:00Z'), 'Europe/Berlin')).toBe('2026-06-15T10:00:00+02:00');
    expect(isoWithZoneOffset(new Date('2026-06-15T02:00:00Z'), 'Asia/Shanghai')).toBe('2026-06-15T10:00:00+08:00');
  });

  it('answers KPI periods given as dates with the zone\'s midnights, and 同比 a year earlier in the zone', async () => {
    const headers = await sessionFor(database.sql, world.users.dispatcher);
    const march = await getJson(app, '/api/analytics/kpis?from=2026-03-01&to=2026-04-01', { headers });
    expect(march.status).toBe(200);
    // Berlin: CET (+1) on 1 March, CEST (+2) from 29 March
    expect(march.body.period).toEqual({ from: '2026-02-28T23:00:00.000Z', to: '2026-03-31T22:00:00.000Z' });
    expect(march.body.lastYearPeriod).toEqual({ from: '2025-02-28T23:00:00.000Z', to: '2025-03-31T22:00:00.000Z' });
    expect(march.body.previousPeriod.to).toBe('2026-02-28T23:00:00.000Z');
    await database.sql`update policy set value = to_jsonb('Asia/Urumqi'::text) where key = 'zone_time_zone'`;
    try {
      const urumqi = await getJson(app, '/api/analytics/kpis?from=2026-03-01&to=2026-04-01', { headers });
      expect(urumqi.body.period).toEqual({ from: '2026-02-28T18:00:00.000Z', to: '2026-03-31T18:00:00.000Z' });
    } finally {
      await database.sql`update policy set value = to_jsonb('Europe/Berlin'::text) where key = 'zone_time_zone'`;
    }
  });

  it('counts a deadline in the zone\'s working hours, across its change to summer time', async () => {
    const calendar = await loadWorkingCalendar(database.sql);
    expect(calendar.timeZone).toBe('Europe/Berlin');
    // Friday 27 March 2026, 16:00 CET; 2 working hours: 1.5 h on Friday, 0.5 h on Monday 30 March (now CEST)
    const friday = new Date('2026-03-27T15:00:00Z');
    expect(addWorkingTime(calendar, friday, 2, 'working_hours').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // the same through the case loop: registering sets due_at from the category (0102: 2 working hours)
    const [incident] = await database.sql<{ id: number }[]>`
      insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, reported_at)
      values ('E-ZONE-1', '0102', 'patrol', 'reported', '垃圾', ST_SetSRID(ST_MakePoint(117.003, 31.005), 4326),
              ${world.territory.gridIds[0]!}, ${world.territory.communityId}, ${friday})
      returning id`;
    const viewer = {
      kind: 'user' as const, userId: world.users.dispatcher, username: 'dispatcher', displayName: '调度', role: 'dispatcher' as const,
      workerId: null, currentGridId: null, sessionTokenHash: '', csrfToken: '', mustChangePassword: false,
    };
    await applyTransition(database.sql, incident!.id, { action: 'register' }, { viewer, now: friday });
    const [row] = await database.sql<{ dueAt: Date }[]>`select due_at from incidents where id = ${incident!.id}`;
    expect(row!.dueAt.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('tells the clock of the zone to the web app', async () => {
    const clock = await getJson(app, '/api/clock');
    expect(clock.body.timeZone).toBe('Europe/Berlin');
  });
});
