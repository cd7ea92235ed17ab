import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

describe(`back-street register and coverage (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  const users: Record<string, number> = {};

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    for (const row of await database.sql<{ id: number; username: string }[]>`select id, username from users where username in ('demo-admin', 'planner', 'dispatcher', 'worker')`) {
      users[row.username] = row.id;
    }
  });
  afterAll(async () => {
    await database.close();
  });

  const call = async (username: string, method: string, path: string, body?: unknown) => {
    const headers = { ...(await sessionFor(database.sql, users[username]!)), 'Content-Type': 'application/json' };
    return getJson(app, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };
  const today = () => new Date().toISOString().slice(0, 10);

  it('lists the demo sections with responsible person, post and grade, and reports 0 m unassigned', async () => {
    const sections = await call('dispatcher', 'GET', '/api/back-streets');
    expect(sections.status).toBe(200);
    expect(sections.body.features.length).toBeGreaterThan(50);
    for (const feature of sections.body.features) {
      expect(feature.geometry.type).toBe('LineString');
      expect(feature.properties.responsiblePerson?.name).toBeTruthy();
      expect(feature.properties.post).toBeTruthy();
      expect([1, 2, 3]).toContain(feature.properties.grade);
      expect(feature.properties.covered).toBe(true);
    }
    expect(new Set(sections.body.features.map((feature: any) => feature.properties.grade)).size).toBeGreaterThan(1);
    const coverage = await call('worker', 'GET', '/api/back-streets/coverage');
    expect(coverage.status).toBe(200);
    expect(coverage.body.totalMetres).toBeGreaterThan(10_000);
    expect(coverage.body.unassignedMetres).toBe(0);
    expect(coverage.body.doubleAssignedMetres).toBe(0);
    expect(coverage.body.unassigned.features).toEqual([]);
  });

  it('refuses a section overlapping another, naming the field, and writes nothing', async () => {
    const [section] = (await call('planner', 'GET', '/api/back-streets')).body.features;
    const { backStreetId, fromMetres, toMetres, responsiblePerson } = section.properties;
    const before = await database.sql`select count(*)::int as n from back_street_sections`;
    const overlap = await call('planner', 'POST', `/api/back-streets/${backStreetId}/sections`, {
      name: '重叠段', grade: 2, fromMetres: fromMetres + 10, toMetres: toMetres - 10, responsiblePersonId: responsiblePerson.id, post: '保洁', duties: '保洁',
    });
    expect(overlap.status).toBe(422);
    expect(overlap.body.error.code).toBe('section_overlap');
    expect(overlap.body.error.details.fields.map((field: any) => field.field)).toContain('fromMetres');
    expect(overlap.body.error.details.sectionIds).toContain(section.id);
    expect(overlap.body.error.message).toMatch(/重叠/);
    const after = await database.sql`select count(*)::int as n from back_street_sections`;
    expect(after[0]!.n).toBe(before[0]!.n);
    // the database refuses it too, whatever the application checks
    await expect(database.sql`
      insert into back_street_sections (back_street_id, name, grade, from_metres, to_metres, geometry, post, duties)
      select back_street_id, 'x', 1, from_metres + 1, to_metres - 1, geometry, 'x', 'x' from back_street_sections where id = ${section.id}`).rejects.toThrow();
    const backwards = await call('planner', 'POST', `/api/back-streets/${backStreetId}/sections`, {
      name: '反向段', grade: 2, fromMetres: 30, toMetres: 20, responsiblePersonId: responsiblePerson.id, post: '保洁', duties: '保洁',
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.fields[0].field).toBe('toMetres');
  });

  it('refuses workers changing the register', async () => {
    const [section] = (await call('planner', 'GET', '/api/back-streets')).body.features;
    const refused = await call('worker', 'PATCH', `/api/back-street-sections/${section.id}`, { post: '改' });
    expect(refused.status).toBe(403);
  });

  it('a person who leaves leaves their stretch unassigned: refused without acknowledgement, then reported by coverage', async () => {
    const sections = (await call('planner', 'GET', '/api/back-streets')).body.features;
    const person = sections[0].properties.responsiblePerson;
    const held = sections.filter((feature: any) => feature.properties.responsiblePerson.id === person.id);
    const heldMetres = held.reduce((sum: number, feature: any) => sum + feature.properties.lengthMetres, 0);

    const refused = await call('planner', 'POST', `/api/duty-people/${person.id}/leave`, { leftOn: today() });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('duty_change_leaves_gap');
    expect((await call('planner', 'GET', '/api/back-streets/coverage')).body.unassignedMetres).toBe(0);

    const left = await call('planner', 'POST', `/api/duty-people/${person.id}/leave`, { leftOn: today(), acknowledgeGap: true });
    expect(left.status).toBe(200);
    expect(left.body.person.active).toBe(false);
    expect(left.body.unassignedSections.map((entry: any) => entry.sectionId).sort()).toEqual(held.map((feature: any) => feature.id).sort());
    const [audit] = await database.sql`select action, details from audit_log where object_type = 'duty_person' order by id desc limit 1`;
    expect(audit!.action).toBe('duty_person.leave_gap_acknowledged');

    const coverage = (await call('planner', 'GET', '/api/back-streets/coverage')).body;
    expect(coverage.unassignedMetres).toBeCloseTo(heldMetres, 0);
    expect(coverage.unassigned.features.length).toBe(held.length);
    expect(coverage.unassigned.features[0].properties).toMatchObject({ reason: 'no_active_person', personName: person.name });
    expect(coverage.unassigned.features[0].geometry.type).toBe('LineString');

    // the person who left cannot take a section back
    const reassign = await call('planner', 'PATCH', `/api/back-street-sections/${held[0].id}`, { responsiblePersonId: person.id });
    expect(reassign.status).toBe(422);
    expect(reassign.body.error.code).toBe('person_has_left');
    expect(reassign.body.error.details.fields[0].field).toBe('responsiblePersonId');

    // handing the stretch to someone serving closes the gap again
    const other = (await call('planner', 'GET', '/api/duty-people?active=true')).body.people.find((candidate: any) => candidate.id !== person.id);
    for (const feature of held) {
      expect((await call('planner', 'PATCH', `/api/back-street-sections/${feature.id}`, { responsiblePersonId: other.id })).status).toBe(200);
    }
    expect((await call('planner', 'GET', '/api/back-streets/coverage')).body.unassignedMetres).toBe(0);
  });

  it('registers a drawn back street, reports its length unassigned until it is cut into sections, and refuses bad lines', async () => {
    const [section] = (await call('planner', 'GET', '/api/back-streets')).body.features;
    const [a, b] = section.geometry.coordinates;
    const line = { type: 'LineString', coordinates: [[a[0] + 0.0004, a[1]], [b[0] + 0.0004, b[1]]] };
    const created = await call('planner', 'POST', '/api/back-streets', { name: '新登记小巷', geometry: line });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.properties).toMatchObject({ name: '新登记小巷', sectionCount: 0 });
    const length = created.body.properties.lengthMetres;
    const before = (await call('planner', 'GET', '/api/back-streets/coverage')).body;
    const gap = before.unassigned.features.find((feature: any) => feature.properties.backStreetId === created.body.id);
    expect(gap.properties).toMatchObject({ reason: 'no_section', fromMetres: 0 });
    expect(gap.properties.lengthMetres).toBeCloseTo(length, 0);

    const person = (await call('planner', 'GET', '/api/duty-people?active=true')).body.people[0];
    const half = Math.round(length / 2);
    const cut = await call('planner', 'POST', `/api/back-streets/${created.body.id}/sections`, {
      name: '新登记小巷北段', grade: 3, fromMetres: 0, toMetres: half, responsiblePersonId: person.id, post: '保洁包干', duties: '每日保洁', fixedPoints: [line.coordinates[0]],
    });
    expect(cut.status, JSON.stringify(cut.body)).toBe(201);
    expect(cut.body.properties.fixedPoints).toHaveLength(1);
    const after = (await call('planner', 'GET', '/api/back-streets/coverage')).body;
    const rest = after.unassigned.features.filter((feature: any) => feature.properties.backStreetId === created.body.id);
    expect(rest).toHaveLength(1);
    expect(rest[0].properties.fromMetres).toBeCloseTo(half, 0);

    const beyond = await call('planner', 'POST', `/api/back-streets/${created.body.id}/sections`, {
      name: '超长段', grade: 3, fromMetres: half, toMetres: length + 100, responsiblePersonId: person.id, post: '保洁包干', duties: '每日保洁',
    });
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.details.fields[0].field).toBe('toMetres');
    const outside = await call('planner', 'POST', '/api/back-streets', { name: '界外', geometry: { type: 'LineString', coordinates: [[100, 10], [100.01, 10]] } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details.fields[0].field).toBe('geometry');
    const degenerate = await call('planner', 'POST', '/api/back-streets', { name: '一点', geometry: { type: 'LineString', coordinates: [a, a] } });
    expect([400, 422]).toContain(degenerate.status);
    expect(degenerate.body.error.details.fields[0].field).toBe('geometry');
  });
});
