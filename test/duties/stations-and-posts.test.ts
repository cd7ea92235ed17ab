import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { stationStaffRule } from '../../server/duties/stations.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

const policy = {
  stationStaffByPopulation: [{ upTo: 5000, staff: 3 }, { upTo: 10000, staff: 5 }, { upTo: 15000, staff: 6 }, { upTo: null, staff: 7 }],
  stationStaffExtraForMarket: [2, 3] as [number, number],
};

describe('the station staffing rule (第7篇)', () => {
  it('gives 3 / 5 / 6 / 7 by population and adds 2 for one market or vendor cluster, 3 for two or more', () => {
    const required = (residents: number, marketCount = 0, vendorClusterCount = 0) =>
      stationStaffRule({ residents, marketCount, vendorClusterCount }, policy, 'zh-CN').requiredStaff;
    expect([0, 5000, 5001, 10000, 10001, 15000, 15001, 80000].map((residents) => required(residents))).toEqual([3, 3, 5, 5, 6, 6, 7, 7]);
    expect(required(4000, 1)).toBe(5);
    expect(required(4000, 0, 1)).toBe(5);
    expect(required(20000, 1, 1)).toBe(10);
    const { rule } = stationStaffRule({ residents: 12000, marketCount: 1, vendorClusterCount: 0 }, policy, 'zh-CN');
    expect(rule.text).toContain('10000–15000');
    expect(rule.text).toContain('增配 2 名');
    expect(rule.text).not.toMatch(/[A-Za-z]/);
    const english = stationStaffRule({ residents: 12000, marketCount: 1, vendorClusterCount: 0 }, policy, 'en').rule.text;
    expect(english).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe(`stations and duty posts (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  const users: Record<string, number> = {};

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    for (const row of await database.sql<{ id: number; username: string }[]>`select id, username from users where username in ('demo-admin', 'planner', 'dispatcher', 'worker', 'auditor')`) {
      users[row.username] = row.id;
    }
  });
  afterAll(async () => {
    await database.close();
  });

  const call = async (username: string, method: string, path: string, body?: unknown, language?: string) => {
    const headers = { ...(await sessionFor(database.sql, users[username]!)), 'Content-Type': 'application/json', ...(language ? { 'Accept-Language': language } : {}) };
    return getJson(app, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };

  it('shows required vs actual staff for the three communities with the rule cited', async () => {
    const { status, body } = await call('dispatcher', 'GET', '/api/stations');
    expect(status).toBe(200);
    expect(body.stations).toHaveLength(3);
    for (const station of body.stations) {
      expect(station.requiredStaff).toBe(station.rule.populationBand.staff + station.rule.extraStaff);
      expect(station.rule.text).toContain('第7篇');
      expect(station.rule.residents).toBeGreaterThan(0);
      expect(station.shortfall).toBe(Math.max(0, station.requiredStaff - station.actualStaff));
      expect(station.head).not.toBeNull();
      expect(station.roster.some((entry: any) => entry.leftOn !== null)).toBe(true);
      expect(station.equipment.map((item: any) => item.kind)).toEqual(expect.arrayContaining(['e_bike', 'radio', 'evidence_camera']));
    }
    expect(body.stations.map((station: any) => station.shortfall)).toEqual([0, 2, 1]);
    expect(body.stations[2].rule.vendorClusterCount).toBe(1);
    expect(body.stations[2].rule.extraStaff).toBe(3);
    const english = await call('dispatcher', 'GET', '/api/stations', undefined, 'en');
    expect(english.body.stations[0].rule.text).toMatch(/required in all/);
  });

  it('keeps the roster history: a new member joins, a member leaves, a person who left is refused', async () => {
    const station = (await call('planner', 'GET', '/api/stations')).body.stations[1];
    const joined = await call('planner', 'POST', `/api/stations/${station.id}/members`, { newPerson: { name: '新队员' }, role: 'member', joinedOn: '2026-01-05' });
    expect(joined.status).toBe(201);
    expect(joined.body.actualStaff).toBe(station.actualStaff + 1);
    const entry = joined.body.roster.find((member: any) => member.person.name === '新队员');
    const left = await call('planner', 'POST', `/api/station-memberships/${entry.membershipId}/leave`, { leftOn: '2026-02-01' });
    expect(left.status).toBe(200);
    expect(left.body.actualStaff).toBe(station.actualStaff);
    expect(left.body.roster.find((member: any) => member.membershipId === entry.membershipId).leftOn).toBe('2026-02-01');

    const gone = (await call('planner', 'GET', '/api/duty-people?active=false')).body.people[0];
    const refused = await call('planner', 'POST', `/api/stations/${station.id}/members`, { personId: gone.id, role: 'member', joinedOn: '2026-03-01' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('person_has_left');
    expect(refused.body.error.details.fields[0].field).toBe('personId');
    const audits = await database.sql`select action from audit_log where action like 'station_member.%' order by id`;
    expect(audits.map((row) => row.action)).toEqual(['station_member.join', 'station_member.leave']);
  });

  it('keeps an equipment ledger that cannot go below zero', async () => {
    const station = (await call('planner', 'GET', '/api/stations')).body.stations[0];
    const tooMany = await call('planner', 'POST', `/api/stations/${station.id}/equipment`, { kind: 'radio', quantityChange: -1000, recordedOn: '2026-05-01' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.fields[0]).toMatchObject({ field: 'quantityChange', code: 'below_stock' });
    const added = await call('planner', 'POST', `/api/stations/${station.id}/equipment`, { kind: 'e_bike', quantityChange: 2, recordedOn: '2026-05-01', note: '新购' });
    expect(added.status).toBe(201);
    expect(added.body.entries.at(-1)).toMatchObject({ kind: 'e_bike', quantityChange: 2, note: '新购' });
    const after = (await call('planner', 'GET', '/api/stations')).body.stations[0];
    const bikes = (list: any[]) => list.find((item) => item.kind === 'e_bike').quantity;
    expect(bikes(after.equipment)).toBe(bikes(station.equipment) + 2);
  });

  it('records monthly reviews and half-year summaries once per person and period', async () => {
    const station = (await call('planner', 'GET', '/api/stations')).body.stations[0];
    const member = station.roster.find((entry: any) => entry.role === 'member' && entry.leftOn === null).person;
    const review = { personId: member.id, kind: 'monthly', period: '2026-05', note: '五月讲评：巡查到位，市场周边秩序良好' };
    const recorded = await call('planner', 'POST', `/api/stations/${station.id}/reviews`, review);
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ kind: 'monthly', period: '2026-05', person: { id: member.id } });
    const again = await call('planner', 'POST', `/api/stations/${station.id}/reviews`, review);
    expect(again.status).toBe(400);
    expect(again.body.error.details.fields[0]).toMatchObject({ field: 'period', code: 'already_reviewed' });
    const mismatched = await call('planner', 'POST', `/api/stations/${station.id}/reviews`, { ...review, period: '2026-H1' });
    expect(mismatched.status).toBe(400);
    expect(mismatched.body.error.details.fields[0].field).toBe('period');
    const other = (await call('planner', 'GET', '/api/stations')).body.stations[2].roster[0].person;
    const stranger = await call('planner', 'POST', `/api/stations/${station.id}/reviews`, { ...review, personId: other.id });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details.fields[0].field).toBe('personId');
    const summary = await call('planner', 'POST', `/api/stations/${station.id}/reviews`, { ...review, kind: 'half_year', period: '2026-H1', note: '上半年工作总结' });
    expect(summary.status).toBe(201);
    const list = await call('auditor', 'GET', `/api/stations/${station.id}/reviews`);
    expect(list.body.reviews.map((entry: any) => entry.period).sort()).toEqual(['2026-05', '2026-H1']);
  });

  it("lists posts at markets, schools and a vendor cluster with a date's roster, and flags missed shifts", async () => {
    const monday = '2026-06-15';
    const { status, body } = await call('dispatcher', 'GET', `/api/duty-posts?date=${monday}`);
    expect(status).toBe(200);
    expect(body.weekday).toBe(1);
    expect(new Set(body.posts.map((post: any) => post.kind))).toEqual(new Set(['market', 'school', 'vendor_cluster']));
    for (const post of body.posts) {
      expect(post.roster.length).toBeGreaterThan(0);
      for (const shift of post.roster) expect(shift.startsAt >= post.opensAt && shift.endsAt <= post.closesAt).toBe(true);
    }
    // a past date with no check-ins: every shift was missed
    expect(body.missedCount).toBe(body.posts.reduce((sum: number, post: any) => sum + post.roster.length, 0));
    const today = await call('worker', 'GET', '/api/duty-posts');
    expect(today.status).toBe(200);
    expect(today.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses a roster slot outside the post hours, naming the field, and writes nothing', async () => {
    const post = (await call('dispatcher', 'GET', '/api/duty-posts')).body.posts.find((candidate: any) => candidate.kind === 'school');
    const person = (await call('planner', 'GET', '/api/duty-people?active=true')).body.people.find((candidate: any) => candidate.kind === 'station_member');
    const before = await database.sql`select count(*)::int as n from duty_shifts`;
    const early = await call('dispatcher', 'POST', `/api/duty-posts/${post.id}/shifts`, { personId: person.id, weekday: 2, startsAt: '05:00', endsAt: '08:00' });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('shift_outside_post_hours');
    expect(early.body.error.details.fields.map((field: any) => field.field)).toEqual(['startsAt']);
    const backwards = await call('dispatcher', 'POST', `/api/duty-posts/${post.id}/shifts`, { personId: person.id, weekday: 2, startsAt: '09:00', endsAt: '08:00' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.fields[0].field).toBe('endsAt');
    expect((await database.sql`select count(*)::int as n from duty_shifts`)[0]!.n).toBe(before[0]!.n);
    await expect(database.sql`insert into duty_shifts (post_id, person_id, weekday, starts_at, ends_at) values (${post.id}, ${person.id}, 2, '05:00', '08:00')`).rejects.toThrow();
    const fine = await call('dispatcher', 'POST', `/api/duty-posts/${post.id}/shifts`, { personId: person.id, weekday: 2, startsAt: '11:00', endsAt: '12:00' });
    expect(fine.status).toBe(201);
  });

  it('checks the worker in within the radius and refuses a check-in far from the post', async () => {
    const [workerPerson] = await database.sql`
      select dp.id from duty_people dp join users u on u.worker_id = dp.worker_id where u.username = 'worker'`;
    const posts = (await call('worker', 'GET', '/api/duty-posts')).body.posts;
    const post = posts.find((candidate: any) => candidate.roster.some((shift: any) => shift.person.id === workerPerson!.id));
    expect(post).toBeDefined();
    const far = await call('worker', 'POST', `/api/duty-posts/${post.id}/check-ins`, { longitude: post.longitude + 0.01, latitude: post.latitude });
    expect(far.status).toBe(422);
    expect(far.body.error.code).toBe('check_in_too_far');
    expect(far.body.error.details.fields[0].field).toBe('location');
    expect((await database.sql`select count(*)::int as n from duty_check_ins`)[0]!.n).toBe(0);

    const near = await call('worker', 'POST', `/api/duty-posts/${post.id}/check-ins`, { longitude: post.longitude + 0.0003, latitude: post.latitude });
    expect(near.status).toBe(201);
    expect(near.body.distanceMetres).toBeGreaterThan(10);
    expect(near.body.distanceMetres).toBeLessThan(post.radiusMetres);
    const after = (await call('dispatcher', 'GET', '/api/duty-posts')).body.posts.find((candidate: any) => candidate.id === post.id);
    expect(after.roster.find((shift: any) => shift.shiftId === near.body.shiftId).status).toBe('checked_in');

    const notOnDuty = await call('dispatcher', 'POST', `/api/duty-posts/${post.id}/check-ins`, { longitude: post.longitude, latitude: post.latitude });
    expect(notOnDuty.status).toBe(403);
  });
});
