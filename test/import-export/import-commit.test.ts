import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { commitJob, uploadFile, validateJob } from './import-helpers.ts';

/**
 * The import commit obeys the domain's rules (issue 16, "Imports must obey the same rules as
 * everything else"): validation and commit run one set of rules, a commit that fails while writing
 * ends its stream with an error and leaves the job 'failed' with nothing written, communities go
 * into a draft plan inside the street's territory, and incidents pass through the state machine.
 */
const box = (x0: number, y0: number, x1: number, y1: number, properties: Record<string, unknown>) => ({
  type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
});
const collection = (...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });

describe('import commit', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let planner: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
    planner = await sessionFor(database.sql, world.users.planner);
  });
  afterAll(async () => {
    await database.close();
  });

  it('clips a grid partly outside its community (warning) and refuses one wholly outside (error) at validation; the commit writes the clipped shape', async () => {
    // the community is 117.00–117.02 × 31.00–31.01
    const file = collection(
      box(117.0, 31.0, 117.01, 31.01, { 名称: '西网格' }),
      box(117.01, 31.0, 117.03, 31.01, { 名称: '东网格' }),
      box(117.1, 31.0, 117.11, 31.01, { 名称: '远网格' }),
    );
    const uploaded = await uploadFile(app, planner, 'grids.geojson', file);
    const settings = { target: 'grids', communityId: world.territory.communityId, fields: { name: '名称' }, planName: '裁剪测试' };
    const report = await validateJob(app, planner, uploaded.body.id, settings);
    expect(report.status).toBe(200);
    const codes = report.body.problems.map((problem: any) => [problem.row, problem.severity, problem.code]);
    expect(codes).toContainEqual([2, 'warning', 'import_clipped_to_community']);
    expect(codes).toContainEqual([3, 'error', 'import_outside_community']);
    expect(report.body.problems.find((problem: any) => problem.row === 3).message).toMatch(/社区边界之外/);
    expect(report.body.rowsWithErrors).toBe(1);
    // what validation refuses the commit refuses, before writing anything
    const refused = await commitJob(app, planner, uploaded.body.id);
    expect(refused.status).toBe(422);
    expect(refused.last.error).toMatchObject({ code: 'import_rows_have_errors', details: { rows: [3] } });

    const english = await app.request(`/api/imports/${uploaded.body.id}/validate`, {
      method: 'POST', headers: { ...planner, 'Content-Type': 'application/json', 'Accept-Language': 'en' }, body: JSON.stringify(settings),
    });
    const englishReport = (await english.json()) as any;
    expect(englishReport.problems.find((problem: any) => problem.row === 3).message).toMatch(/wholly outside the community/);

    const clean = await validateJob(app, planner, uploaded.body.id, { ...settings, skipRows: [3] });
    expect(clean.body.rowsWithErrors).toBe(0);
    const committed = await commitJob(app, planner, uploaded.body.id);
    expect(committed.last).toMatchObject({ type: 'result', target: 'grids', written: 2 });
    const [east] = await database.sql<{ area: number; inside: boolean }[]>`
      select ST_Area(geometry::geography) / ST_Area(ST_MakeEnvelope(117.01, 31.0, 117.02, 31.01, 4326)::geography) as area,
             ST_CoveredBy(geometry, (select ST_Buffer(boundary, 0.000001) from communities where id = ${world.territory.communityId})) as inside
        from plan_grid_versions where plan_id = ${committed.last.planId} and name = '东网格'`;
    expect(east!.inside).toBe(true);
    expect(east!.area).toBeCloseTo(1, 3);
  });

  it('refuses a polygon of which only a sliver (below the sliver tolerance) lies inside the community', async () => {
    // about 9.5 m × 111 m ≈ 1,060 m² inside the community's west edge, the rest outside
    const uploaded = await uploadFile(app, planner, 'sliver.geojson', collection(box(116.99, 31.009, 117.0001, 31.0100, { 名称: '边角网格' })));
    const settings = { target: 'grids', communityId: world.territory.communityId, fields: { name: '名称' } };
    const lenient = await validateJob(app, planner, uploaded.body.id, settings);
    expect(lenient.body.problems.map((problem: any) => problem.code)).toContain('import_clipped_to_community');
    const strict = await validateJob(app, planner, uploaded.body.id, { ...settings, sliverToleranceSquareMetres: 5000 });
    expect(strict.body.problems).toMatchObject([{ row: 1, severity: 'error', code: 'import_outside_community', field: 'geometry' }]);
    expect((await commitJob(app, planner, uploaded.body.id)).status).toBe(422);
  });

  it('a commit that fails while writing streams an error line, leaves the job failed (code + message in the reader\'s language) and writes nothing', async () => {
    const { sql } = database;
    const csv = ['小区,楼栋,单元,室,经度,纬度', '测试小区,1,1,801,117.005,31.005', '测试小区,1,1,901,117.005,31.005'].join('\n');
    const uploaded = await uploadFile(app, planner, 'households.csv', csv);
    const report = await validateJob(app, planner, uploaded.body.id, {
      target: 'households', geometry: { kind: 'lnglat', longitude: '经度', latitude: '纬度' },
      fields: { complexName: '小区', buildingNumber: '楼栋', unit: '单元', room: '室' },
    });
    expect(report.body.rowsWithErrors).toBe(0);
    const before = await sql<{ n: number }[]>`select count(*)::int as n from households`;
    // someone registers room 901 between the report and the commit
    await sql`
      insert into households (building_id, grid_id, unit, room, location, registered_count, resident_count)
      select b.id, ${world.territory.gridIds[0]!}, '1', '901', b.location, 1, 1 from buildings b
       where b.community_id = ${world.territory.communityId} and b.number = '1'`;
    const failed = await commitJob(app, planner, uploaded.body.id);
    expect(failed.status).toBe(200); // the stream had begun: the outcome is its last line
    expect(failed.lines[0]).toMatchObject({ type: 'progress', done: 0, total: 2 });
    expect(failed.last).toMatchObject({ type: 'error', error: { code: 'conflict' } });
    expect(failed.last.error.message).toMatch(/冲突/);
    const after = await sql<{ n: number }[]>`select count(*)::int as n from households`;
    expect(after[0]!.n).toBe(before[0]!.n + 1); // only the one inserted above: row 1 was rolled back
    expect(await sql`select 1 from households where room = '801'`).toHaveLength(0);

    const job = await app.request(`/api/imports/${uploaded.body.id}`, { headers: planner });
    const body = (await job.json()) as any;
    expect(body.status).toBe('failed');
    expect(body.failure).toMatchObject({ code: 'conflict' });
    expect(body.failure.message).toMatch(/冲突/);
    const inEnglish = (await (await app.request(`/api/imports/${uploaded.body.id}`, { headers: { ...planner, 'Accept-Language': 'en' } })).json()) as any;
    expect(inEnglish.failure.message).not.toMatch(/冲突/);
    const [audit] = await sql`select result, details from audit_log where action = 'import.commit' and object_id = ${String(uploaded.body.id)} order by id desc limit 1`;
    expect(audit).toMatchObject({ result: 'failed', details: { code: 'conflict' } });
  });

  it('imports communities into a draft plan of the street: clipped to its territory, refused wholly outside or over a live community, nothing live until published', async () => {
    const { sql } = database;
    // the street reaches east of its one community (117.00–117.02 × 31.00–31.01)
    await sql`update streets set boundary = ST_Multi(ST_MakeEnvelope(117.0, 31.0, 117.05, 31.02, 4326)) where id = ${world.territory.streetId}`;
    const file = collection(
      box(117.02, 31.0, 117.04, 31.01, { 名称: '恒泰社区' }),
      box(117.04, 31.0, 117.06, 31.01, { 名称: '北城社区' }),
      box(117.2, 31.0, 117.21, 31.01, { 名称: '飞地社区' }),
      box(117.01, 31.0, 117.03, 31.01, { 名称: '重叠社区' }),
    );
    const uploaded = await uploadFile(app, planner, 'communities.geojson', file);
    const settings = { target: 'communities', streetId: world.territory.streetId, fields: { name: '名称' }, planName: '新设社区' };
    const report = await validateJob(app, planner, uploaded.body.id, settings);
    expect(report.status).toBe(200);
    const codes = report.body.problems.map((problem: any) => [problem.row, problem.severity, problem.code]);
    expect(codes).toContainEqual([2, 'warning', 'import_clipped_to_street']);
    expect(codes).toContainEqual([3, 'error', 'import_outside_street']);
    expect(codes).toContainEqual([4, 'error', 'import_overlaps_live_community']);
    expect(codes.filter(([row, , code]: [number, string, string]) => row === 1 && code.startsWith('import_'))).toEqual([]); // inside the street, clear of live communities
    expect(report.body.rowsWithErrors).toBe(2);
    expect((await commitJob(app, planner, uploaded.body.id)).status).toBe(422);

    const liveBefore = await sql`select id, code, name, ST_AsText(boundary) as boundary from communities order by id`;
    expect((await validateJob(app, planner, uploaded.body.id, { ...settings, skipRows: [3, 4] })).body.rowsWithErrors).toBe(0);
    const committed = await commitJob(app, planner, uploaded.body.id);
    expect(committed.last).toMatchObject({ type: 'result', target: 'communities', written: 2 });
    const planId = committed.last.planId as number;
    expect(await sql`select id, code, name, ST_AsText(boundary) as boundary from communities order by id`).toEqual(liveBefore);
    const [plan] = await sql`select name, status, community_ids from plans where id = ${planId}`;
    expect(plan).toMatchObject({ name: '新设社区', status: 'draft', communityIds: [] });
    const [step] = await sql<{ communities: any[]; versionIds: string[] }[]>`select communities, version_ids::text[] as version_ids from plan_steps where plan_id = ${planId} order by step desc limit 1`;
    expect(step!.communities.map((community) => [community.name, community.isNew])).toEqual([['恒泰社区', true], ['北城社区', true]]);
    const [clipped] = await sql<{ ratio: number }[]>`
      select ST_Area(${step!.communities[1].boundary}::geometry::geography) / ST_Area(ST_MakeEnvelope(117.04, 31.0, 117.05, 31.01, 4326)::geography) as ratio`;
    expect(clipped!.ratio).toBeCloseTo(1, 3);
    expect(step!.versionIds).toHaveLength(2); // each new community starts as one grid covering it

    // the plan reads and compares like any other before it is published
    expect((await app.request(`/api/plans/${planId}`, { headers: planner })).status).toBe(200);
    expect((await app.request('/api/plans', { headers: planner })).status).toBe(200);
    const compared = await app.request(`/api/plans/${planId}/compare`, { headers: planner });
    expect(compared.status).toBe(200);
    expect(((await compared.json()) as any).summary).toMatchObject({ gridsBefore: 0, gridsAfter: 2, added: 2 });

    // publishing through the plan lifecycle makes them live, with their grids' history
    const published = await app.request(`/api/plans/${planId}/publish`, { method: 'POST', headers: { ...planner, 'Content-Type': 'application/json' }, body: '{}' });
    expect(published.status).toBe(200);
    const created = await sql`select c.name, c.code, (select count(*)::int from grid_versions gv where gv.community_id = c.id and gv.valid_to is null and gv.plan_id = ${planId}) as grids
                                from communities c where c.street_id = ${world.territory.streetId} and c.id <> ${world.territory.communityId} order by c.code`;
    expect(created.map((row) => [row.name, row.grids])).toEqual([['恒泰社区', 1], ['北城社区', 1]]);
    expect(created[0]!.code).toMatch(/002$/);
  });

  it('imports historic incidents through the ingestion and the state machine: reported and closed cases with valid event chains and due times; other statuses refused naming the field', async () => {
    const { sql } = database;
    const { transitionTable } = await import('../../server/incidents/incident-state-machine.ts');
    const csv = [
      '编号,经度,纬度,描述,上报时间,状态,结案时间',
      'HIST-1,117.005,31.005,垃圾暴露,2026-03-02 09:00,上报,',
      'HIST-2,117.015,31.005,道路不洁,2026-03-02 10:00,结案,2026-03-04 17:00',
      'HIST-3,117.006,31.006,占道经营,2026-03-02 11:00,处置中,',
    ].join('\n');
    const uploaded = await uploadFile(app, planner, 'cases.csv', csv);
    const settings = {
      target: 'incidents', geometry: { kind: 'lnglat', longitude: '经度', latitude: '纬度' },
      fields: { trackingCode: '编号', description: '描述', reportedAt: '上报时间', status: '状态', closedAt: '结案时间' }, defaults: { categoryCode: '0199' },
    };
    const report = await validateJob(app, planner, uploaded.body.id, settings);
    const errors = report.body.problems.filter((problem: any) => problem.severity === 'error');
    expect(errors).toMatchObject([{ row: 3, field: 'status', code: 'import_status_not_reproducible', params: { status: '处置中' } }]);
    expect(errors[0].message).toMatch(/处置中/);
    expect((await commitJob(app, planner, uploaded.body.id)).status).toBe(422);

    expect((await validateJob(app, planner, uploaded.body.id, { ...settings, skipRows: [3] })).body.rowsWithErrors).toBe(0);
    const committed = await commitJob(app, planner, uploaded.body.id);
    expect(committed.last).toMatchObject({ type: 'result', target: 'incidents', written: 2 });
    const cases = await sql<{ id: number; trackingCode: string; status: string; reportedAt: Date; registeredAt: Date | null; dispatchedAt: Date | null; closedAt: Date | null; dueAt: Date | null; communityId: number | null }[]>`
      select id, tracking_code, status, reported_at, registered_at, dispatched_at, closed_at, due_at, community_id from incidents where tracking_code like 'HIST-%' order by tracking_code`;
    expect(cases.map((row) => [row.trackingCode, row.status])).toEqual([['HIST-1', 'reported'], ['HIST-2', 'closed']]);
    const [reported, closed] = cases;
    expect(reported!.reportedAt.toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(reported!.registeredAt).toBeNull(); // not registered yet: no deadline runs (as through the API)
    expect(closed!).toMatchObject({ registeredAt: new Date('2026-03-02T02:00:00Z'), dispatchedAt: new Date('2026-03-02T02:00:00Z'), closedAt: new Date('2026-03-04T09:00:00Z') });
    expect(closed!.dueAt).not.toBeNull(); // 2 working days from registration
    expect(closed!.dueAt!.getTime()).toBeGreaterThan(closed!.registeredAt!.getTime());
    expect(closed!.communityId).toBe(world.territory.communityId);

    for (const incident of cases) {
      const events = await sql<{ action: string; fromStatus: string | null; toStatus: string; at: Date; noteCode: string | null }[]>`
        select action, from_status, to_status, at, note_code from incident_events where incident_id = ${incident.id} order by at, id`;
      expect(events[0]).toMatchObject({ action: 'report', fromStatus: null, toStatus: 'reported' });
      expect(events[0]!.at.toISOString()).toBe(incident.reportedAt.toISOString());
      for (const [index, event] of events.slice(1).entries()) {
        // each event continues the last one and is a move the state machine's table allows
        expect(event.fromStatus).toBe(events[index]!.toStatus);
        expect((transitionTable as Record<string, Record<string, string>>)[event.fromStatus!]![event.action]).toBe(event.toStatus);
        expect(event.noteCode).toBe('imported_case');
      }
      expect(events[events.length - 1]!.toStatus).toBe(incident.status);
    }
    const closedEvents = await sql`select action from incident_events where incident_id = ${closed!.id} order by at, id`;
    expect(closedEvents.map((row) => row.action)).toEqual(['report', 'register', 'dispatch', 'start', 'handle', 'pass_check', 'close']);
    // March 2026 is older than the months this database had: the commit made them first, so the cases and
    // their events are in their month, not in DEFAULT (migration 0027)
    const partitions = await sql<{ partition: string }[]>`
      select distinct tableoid::regclass::text as partition from incidents where tracking_code like 'HIST-%'
      union select distinct e.tableoid::regclass::text from incident_events e join incidents i on i.id = e.incident_id where i.tracking_code like 'HIST-%'
      order by 1`;
    expect(partitions.map((row) => row.partition)).toEqual(['incident_events_2026_03', 'incidents_2026_03']);
  });
});
