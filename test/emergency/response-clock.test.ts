import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, UserViewer } from '../../server/accounts/roles.ts';
import type { AppContext } from '../../server/app-context.ts';
import type { Database } from '../../server/db/connect.ts';
import { applyTransition } from '../../server/incidents/incident-transitions.ts';
import { instantOfLocal, zoneTimeZone } from '../../server/time/zone.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/** Issue 20: emergencies run on a 24/7 clock with minute-level targets, and alarm the command centre at once. */
describe(`emergency response clock (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let context: AppContext;
  let world: AccountsWorld;
  let timeZone: string;
  const inGrid0 = { longitude: 119.003, latitude: 33.005 };

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app, context } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [119.0, 33.0]);
    timeZone = await zoneTimeZone(database.sql);
  });
  afterAll(async () => {
    await database.close();
  });

  const call = async (role: Role, method: string, path: string, body?: unknown) => {
    const headers = { ...(await sessionFor(database.sql, world.users[role])), 'Content-Type': 'application/json' };
    return getJson(app, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };
  const dispatcher = (): UserViewer => ({
    kind: 'user', userId: world.users.dispatcher, username: 'dispatcher', displayName: 'dispatcher', role: 'dispatcher', workerId: null,
    currentGridId: null, sessionTokenHash: '', csrfToken: '', mustChangePassword: false,
  });
  // Sunday 29 November 2026, 22:30 in the zone's own time
  const sundayNight = () => instantOfLocal('2026-11-29', 22 * 60 + 30, timeZone);
  const minutes = (count: number) => count * 60_000;

  it('makes a gas leak reported on a Sunday night due in minutes, and raises the alarm at once', async () => {
    const reportedAt = sundayNight();
    const before = context.liveEvents.bufferedEvents().length;
    const reported = await call('dispatcher', 'POST', '/api/incidents', {
      categoryCode: '0503', description: '楼道里闻到很浓的燃气味', source: 'hotline', reportedAt: reportedAt.toISOString(), ...inGrid0,
    });
    expect(reported.status).toBe(201);
    const id = reported.body.id as number;
    const [row] = await database.sql<{ dueAt: Date }[]>`select due_at from incidents where id = ${id}`;
    expect(row!.dueAt.getTime() - reportedAt.getTime()).toBe(minutes(15));

    const events = context.liveEvents.bufferedEvents().slice(before);
    const alarm = events.find((event) => event.type === 'emergency.alarm');
    expect(alarm?.payload).toMatchObject({ incidentId: id, categoryCode: '0503', responseMinutes: 15, dueAt: row!.dueAt.toISOString() });
    expect(events.some((event) => event.type === 'incident.created' && event.payload.id === id)).toBe(true);

    // registered ten minutes later, still on Sunday night: the target stays 15 minutes after the report
    const registeredAt = new Date(reportedAt.getTime() + minutes(10));
    await applyTransition(database.sql, id, { action: 'register' }, { viewer: dispatcher(), now: registeredAt });
    const { body } = await call('dispatcher', 'GET', `/api/incidents/${id}`);
    expect(new Date(body.case.dueAt).getTime()).toBe(reportedAt.getTime() + minutes(15));
    expect(body.case.assignedDepartment).toBe('燃气公司');
  });

  it('keeps ordinary classes on working hours: garbage reported on Sunday night is due on Monday', async () => {
    const reportedAt = sundayNight();
    const before = context.liveEvents.bufferedEvents().length;
    const reported = await call('dispatcher', 'POST', '/api/incidents', {
      categoryCode: '0102', description: '垃圾堆积', source: 'hotline', reportedAt: reportedAt.toISOString(), ...inGrid0,
    });
    const id = reported.body.id as number;
    expect(context.liveEvents.bufferedEvents().slice(before).some((event) => event.type === 'emergency.alarm')).toBe(false);
    await applyTransition(database.sql, id, { action: 'register' }, { viewer: dispatcher(), now: new Date(reportedAt.getTime() + minutes(10)) });
    const [row] = await database.sql<{ dueAt: Date }[]>`select due_at from incidents where id = ${id}`;
    // 2 working hours from Monday 08:30
    expect(row!.dueAt.getTime()).toBe(instantOfLocal('2026-11-30', 10 * 60 + 30, timeZone).getTime());
  });

  it('reads the targets from policy, for the new fire class as well, and restarts them when a case leaves the backlog', async () => {
    await database.sql`
      update policy set value = jsonb_set(value, '{0506}', '5') where key = 'emergency_response_minutes'`;
    const reportedAt = sundayNight();
    const reported = await call('dispatcher', 'POST', '/api/incidents', {
      categoryCode: '0506', description: '三楼阳台起火冒烟', source: 'hotline', reportedAt: reportedAt.toISOString(), ...inGrid0,
    });
    expect(reported.status).toBe(201);
    const id = reported.body.id as number;
    const [row] = await database.sql<{ dueAt: Date }[]>`select due_at from incidents where id = ${id}`;
    expect(row!.dueAt.getTime() - reportedAt.getTime()).toBe(minutes(5));

    const viewer = dispatcher();
    await applyTransition(database.sql, id, { action: 'register' }, { viewer, now: new Date(reportedAt.getTime() + minutes(1)) });
    await applyTransition(database.sql, id, { action: 'backlog', note: '待消防部门认定' }, { viewer, now: new Date(reportedAt.getTime() + minutes(2)) });
    const back = new Date(reportedAt.getTime() + minutes(60));
    await applyTransition(database.sql, id, { action: 'dispatch', target: { department: '消防救援站' } }, { viewer, now: back });
    const [again] = await database.sql<{ dueAt: Date }[]>`select due_at from incidents where id = ${id}`;
    expect(again!.dueAt.getTime() - back.getTime()).toBe(minutes(5));
  });
});
