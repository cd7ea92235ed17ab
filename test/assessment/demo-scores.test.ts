import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { demoTestClock } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/**
 * The demo zone's last full month before the demo clock (2026-05 for the test template): every
 * active worker has a score whose items add up to its total, the scores differ from worker to
 * worker, and each worker's case items are reproduced from the raw rows.
 */
describe(`assessment over the demo zone (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;
  // the month before the demo clock's, and the clock's own (test clock 2026-06-15: 2026-05 and 2026-06)
  const period = `${demoTestClock.getUTCFullYear()}-${String(demoTestClock.getUTCMonth()).padStart(2, '0')}`;
  const nextMonth = `${demoTestClock.getUTCFullYear()}-${String(demoTestClock.getUTCMonth() + 1).padStart(2, '0')}`;

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    const [leader] = await database.sql`select id from users where role = 'leader' and username = 'leader'`;
    headers = await sessionFor(database.sql, leader!.id);
  });
  afterAll(async () => {
    await database.close();
  });

  it('scores every active worker of the last full month; items add up; scores vary', async () => {
    const { status, body } = await getJson(app, `/api/assessment/scores?period=${period}&level=worker`, { headers });
    expect(status).toBe(200);
    const [{ workers }] = (await database.sql`
      select count(distinct a.worker_id)::int as workers from grid_assignments a join workers w on w.id = a.worker_id
       where w.active and a.started_at < ${new Date(`${nextMonth}-01T00:00:00+08:00`)}
         and (a.ended_at is null or a.ended_at > ${new Date(`${period}-01T00:00:00+08:00`)})`) as [{ workers: number }];
    expect(body.rows).toHaveLength(workers);
    expect(workers).toBeGreaterThan(40);
    for (const row of body.rows) {
      expect(Math.round(row.items.reduce((sum: number, item: any) => sum + item.points, 0) * 100) / 100).toBe(row.total);
    }
    const totals = body.rows.map((row: any) => row.total);
    const spread = Math.max(...totals) - Math.min(...totals);
    expect(spread).toBeGreaterThan(10);
    expect(new Set(totals).size).toBeGreaterThan(workers / 2);
    expect(body.rows.every((row: any) => row.previousRank !== null)).toBe(true);
  });

  it('reproduces each worker\u2019s case and rework items from the raw rows', async () => {
    const { body } = await getJson(app, `/api/assessment/scores?period=${period}&level=worker`, { headers });
    const start = new Date(`${period}-01T00:00:00+08:00`);
    const end = new Date(`${nextMonth}-01T00:00:00+08:00`);
    const rows = await database.sql`
      select w.id,
             (select count(*)::int from incidents i where i.assigned_worker_id = w.id and i.status <> 'rejected'
                 and i.due_at >= ${start} and i.due_at < ${end}) as due,
             (select count(*)::int from incidents i where i.assigned_worker_id = w.id and i.status <> 'rejected' and i.handled_at <= i.due_at
                 and i.due_at >= ${start} and i.due_at < ${end}) as on_time,
             (select count(*)::int from incident_events e join incidents i on i.id = e.incident_id where i.assigned_worker_id = w.id
                 and e.to_status = 'rework' and e.at >= ${start} and e.at < ${end}) as rework
        from workers w`;
    const raw = new Map(rows.map((row) => [row.id, row]));
    for (const row of body.rows) {
      const expected = raw.get(row.subject.id)!;
      const onTime = row.items.find((item: any) => item.indicator === 'on_time');
      expect(onTime.measures).toEqual({ cases_on_time: expected.onTime, cases_due: expected.due });
      expect(onTime.points).toBe(Math.round((expected.due === 0 ? 30 : (30 * expected.onTime) / expected.due) * 100) / 100);
      const rework = row.items.find((item: any) => item.indicator === 'rework');
      expect(rework.points).toBe(-Math.round(Math.min(5, 0.5 * expected.rework) * 100) / 100 || 0);
    }
  });

  it('ranks communities and stations too, and the demo has adjustments with reasons', async () => {
    for (const level of ['community', 'station']) {
      const { status, body } = await getJson(app, `/api/assessment/scores?period=${period}&level=${level}`, { headers });
      expect(status).toBe(200);
      expect(body.rows).toHaveLength(3);
    }
    const adjustments = await getJson(app, '/api/assessment/adjustments', { headers });
    expect(adjustments.body.adjustments.length).toBeGreaterThan(3);
    for (const entry of adjustments.body.adjustments.filter((adjustment: any) => adjustment.kind === 'deduction')) {
      expect(entry.reason).toBeTruthy();
    }
  });
});
