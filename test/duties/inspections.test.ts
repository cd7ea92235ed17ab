import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

describe(`back-street inspections (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  const users: Record<string, number> = {};
  /** A section in the demo worker's community held by another grid worker, with a point on it. */
  let target: { sectionId: number; workerId: number; longitude: number; latitude: number };
  let ownSectionId: number;

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    for (const row of await database.sql<{ id: number; username: string }[]>`select id, username from users where username in ('demo-admin', 'planner', 'dispatcher', 'worker')`) {
      users[row.username] = row.id;
    }
    const [found] = await database.sql<{ sectionId: number; workerId: number; longitude: number; latitude: number }[]>`
      with me as (
        select u.worker_id, gv.community_id from users u
          join grid_assignments ga on ga.worker_id = u.worker_id and ga.ended_at is null
          join grid_versions gv on gv.grid_id = ga.grid_id and gv.valid_to is null
         where u.username = 'worker'
      )
      select s.id as section_id, dp.worker_id, ST_X(ST_LineInterpolatePoint(s.geometry, 0.5)) as longitude, ST_Y(ST_LineInterpolatePoint(s.geometry, 0.5)) as latitude
        from back_street_sections s
        join duty_people dp on dp.id = s.responsible_person_id and dp.worker_id is not null
        join me on dp.worker_id <> me.worker_id
        join communities c on c.id = me.community_id and ST_Intersects(c.boundary, ST_LineInterpolatePoint(s.geometry, 0.5))
       order by s.id limit 1`;
    target = found!;
    const [own] = await database.sql<{ id: number }[]>`
      select s.id from back_street_sections s join duty_people dp on dp.id = s.responsible_person_id
        join users u on u.worker_id = dp.worker_id where u.username = 'worker' order by s.id limit 1`;
    ownSectionId = own?.id ?? 0;
  });
  afterAll(async () => {
    await database.close();
  });

  const headersOf = async (username: string) => ({ ...(await sessionFor(database.sql, users[username]!)), 'Content-Type': 'application/json' });
  const call = async (username: string, method: string, path: string, body?: unknown) =>
    getJson(app, path, { method, headers: await headersOf(username), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const uploadPhoto = async (username: string): Promise<string> => {
    const bytes = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#7a3' } }).png().toBuffer();
    const headers = { ...(await sessionFor(database.sql, users[username]!)), 'Content-Type': 'application/octet-stream' };
    const response = await app.request('/api/photos', { method: 'POST', headers, body: new Uint8Array(bytes) });
    expect(response.status).toBe(201);
    return (await response.json()).name;
  };
  const round = (photos: string[], findingPhotos: string[]) => ({
    kind: 'scheduled',
    startedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    finishedAt: new Date(Date.now() - 60_000).toISOString(),
    route: { type: 'LineString', coordinates: [[target.longitude - 0.0005, target.latitude], [target.longitude, target.latitude]] },
    photos,
    note: '定期检查',
    findings: [{ categoryCode: '0103', description: '巷内路面有积存垃圾', longitude: target.longitude, latitude: target.latitude, photos: findingPhotos }],
  });

  it("turns a finding into a case registered and dispatched to the section's responsible person", async () => {
    const photo = await uploadPhoto('worker');
    const evidence = await uploadPhoto('worker');
    const { status, body } = await call('worker', 'POST', `/api/back-street-sections/${target.sectionId}/inspections`, round([photo], [evidence]));
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.findings).toHaveLength(1);
    const incident = body.findings[0].incident;
    expect(incident).toMatchObject({ status: 'dispatched', assignedWorkerId: target.workerId });
    expect(incident.dueAt).not.toBeNull();
    expect(body.responsiblePerson.id).toBeGreaterThan(0);
    const [stored] = await database.sql`select source, category_code from incidents where id = ${incident.id}`;
    expect(stored).toMatchObject({ source: 'patrol', categoryCode: '0103' });
    const events = await database.sql`select action from incident_events where incident_id = ${incident.id} order by id`;
    expect(events.map((event) => event.action)).toEqual(['report', 'register', 'dispatch']);

    // the scheduled round counts: the section is no longer due
    const sections = (await call('dispatcher', 'GET', '/api/back-streets')).body.features;
    const section = sections.find((feature: any) => feature.id === target.sectionId);
    expect(section.properties.lastInspectedAt).not.toBeNull();
    expect(section.properties.inspectionOverdue).toBe(false);
    const history = await call('dispatcher', 'GET', `/api/back-street-sections/${target.sectionId}/inspections`);
    expect(history.body.inspections[0].findings[0].incident.trackingCode).toBe(incident.trackingCode);
  });

  it('refuses a finding without a photo where the category needs one, naming the field, and writes nothing', async () => {
    const counts = async () => {
      const [row] = await database.sql<{ incidents: number; inspections: number }[]>`
        select (select count(*)::int from incidents) as incidents, (select count(*)::int from back_street_inspections) as inspections`;
      return { ...row! };
    };
    const before = await counts();
    const { status, body } = await call('worker', 'POST', `/api/back-street-sections/${target.sectionId}/inspections`, round([], []));
    expect(status).toBe(422);
    expect(body.error.code).toBe('finding_photo_required');
    expect(body.error.details.fields[0].field).toBe('findings.0.photos');
    expect(await counts()).toEqual(before);
  });

  it('区查街改: the responsible person may not inspect their own section', async () => {
    if (ownSectionId === 0) {
      // hand the worker a section of their own first
      const [person] = await database.sql<{ id: number }[]>`select dp.id from duty_people dp join users u on u.worker_id = dp.worker_id where u.username = 'worker'`;
      const handed = await call('planner', 'PATCH', `/api/back-street-sections/${target.sectionId}`, { responsiblePersonId: person!.id });
      expect(handed.status).toBe(200);
      ownSectionId = target.sectionId;
    }
    const { status, body } = await call('worker', 'POST', `/api/back-street-sections/${ownSectionId}/inspections`, { ...round([], []), findings: [] });
    expect(status).toBe(422);
    expect(body.error.code).toBe('inspector_is_responsible');
    expect(body.error.message).toContain('区查街改');
  });
});
