import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { workloadIndex } from '../../server/workers/workload-index.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { buildRowOfGrids, createWorker, type BuiltTerritory } from '../support/territory-builder.ts';

describe('worker assignment', () => {
  let database: Database;
  let app: TestApp;
  let territory: BuiltTerritory;
  let planner: Record<string, string>;
  let dispatcher: Record<string, string>;
  let plannerId: number;
  let workers: number[];
  let inactiveWorker: number;

  const put = (gridId: number, body: unknown, headers = planner) =>
    getJson(app, `/api/grids/${gridId}/worker`, { method: 'PUT', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const vacate = (gridId: number, body: unknown, headers = planner) =>
    getJson(app, `/api/grids/${gridId}/worker`, { method: 'DELETE', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const snapshot = async () => {
    const { sql } = database;
    const rows = await sql`select id, grid_id, worker_id, started_at, ended_at, reason from grid_assignments order by id`;
    const [audit] = await sql`select count(*)::int as count from audit_log`;
    return { rows: JSON.stringify(rows), audit: audit!.count as number };
  };
  const openAssignments = () =>
    database.sql<{ gridId: number; workerId: number }[]>`select grid_id, worker_id from grid_assignments where ended_at is null order by grid_id`;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    const { sql } = database;
    territory = await buildRowOfGrids(sql, { origin: [117.0, 31.0], gridCount: 4 });
    const [plannerUser] = await sql`insert into users (username, display_name, role) values ('planner-assign', '规划员甲', 'planner') returning id`;
    const [dispatcherUser] = await sql`insert into users (username, display_name, role) values ('dispatcher-assign', '调度乙', 'dispatcher') returning id`;
    plannerId = plannerUser!.id;
    planner = await sessionFor(sql, plannerId);
    dispatcher = await sessionFor(sql, dispatcherUser!.id);
    workers = [await createWorker(sql, '网格员一'), await createWorker(sql, '网格员二'), await createWorker(sql, '网格员三')];
    inactiveWorker = await createWorker(sql, '已离职');
    await sql`update workers set active = false where id = ${inactiveWorker}`;
  });
  afterAll(async () => {
    await database.close();
  });

  it('the database itself refuses a second open assignment of a grid and of a worker', async () => {
    const { sql } = database;
    const [grid] = territory.gridIds;
    await sql`insert into grid_assignments (grid_id, worker_id) values (${grid!}, ${workers[0]!})`;
    await expect(sql`insert into grid_assignments (grid_id, worker_id) values (${grid!}, ${workers[1]!})`).rejects.toMatchObject({ code: '23505' });
    await expect(sql`insert into grid_assignments (grid_id, worker_id) values (${territory.gridIds[1]!}, ${workers[0]!})`).rejects.toMatchObject({ code: '23505' });
    await sql`update grid_assignments set ended_at = now() where ended_at is null`;
  });

  it('lists every current grid with its worker or as vacant, and the unassigned workers', async () => {
    const { sql } = database;
    await sql`insert into grid_assignments (grid_id, worker_id) values (${territory.gridIds[0]!}, ${workers[0]!})`;
    const { status, body } = await getJson(app, `/api/assignments?communityId=${territory.communityId}`, { headers: dispatcher });
    expect(status).toBe(200);
    expect(body.grids).toHaveLength(4);
    expect(body.grids[0]).toMatchObject({ gridId: territory.gridIds[0], workerId: workers[0], vacant: false, households: 0, openCases: 0 });
    expect(body.grids[0].areaSquareMetres).toBeGreaterThan(500_000);
    expect(body.grids[0].workloadIndex).toBeCloseTo(workloadIndex(body.grids[0], 500).index, 3);
    expect(body.vacancies.map((grid: any) => grid.gridId)).toEqual(territory.gridIds.slice(1));
    expect(body.unassignedWorkers.map((worker: any) => worker.id).sort()).toEqual([workers[1], workers[2]].sort());
    expect(body.unassignedWorkers.map((worker: any) => worker.id)).not.toContain(inactiveWorker);
    const invalid = await getJson(app, '/api/assignments?communityId=abc', { headers: dispatcher });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.fields[0].field).toBe('communityId');
  });

  it('counts open cases and flags a grid overloaded when its workload index passes 0.9', async () => {
    expect(workloadIndex({ households: 500, openCases: 0, areaSquareMetres: 0 }, 500)).toMatchObject({ index: 0.6, overloaded: false });
    expect(workloadIndex({ households: 500, openCases: 10, areaSquareMetres: 1_000_000 }, 500)).toMatchObject({ index: 1, overloaded: true });
    expect(workloadIndex({ households: 443, openCases: 5, areaSquareMetres: 300_000 }, 500).overloaded).toBe(false);
    const { sql } = database;
    const [minLng, minLat, maxLng, maxLat] = territory.gridBoxes[1]!;
    const x = (minLng + maxLng) / 2;
    const y = (minLat + maxLat) / 2;
    // 80 open cases and 5 closed ones in the second grid: 0.25 × 80/20 alone is 1.0, with the area above it
    await sql`
      insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, reported_at)
      select 'T-' || n, (select code from incident_categories where major_code is not null order by code limit 1), 'patrol',
             case when n <= 80 then 'registered' else 'closed' end, 'test', ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326),
             ${territory.gridIds[1]!}, ${territory.communityId}, now()
        from generate_series(1, 85) n`;
    const { body } = await getJson(app, `/api/assignments?communityId=${territory.communityId}`, { headers: planner });
    const second = body.grids.find((grid: any) => grid.gridId === territory.gridIds[1]);
    expect(second.openCases).toBe(80);
    expect(second.overloaded).toBe(true);
    expect(body.overloaded.map((grid: any) => grid.gridId)).toEqual([territory.gridIds[1]]);
  });

  it('assigns a free worker to a vacant grid, with who, when and why, and an audit row', async () => {
    const { sql } = database;
    const [revisionBefore] = await sql`select revision from layout_revision`;
    const { status, body } = await put(territory.gridIds[1]!, { workerId: workers[1], reason: '新招聘' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ changed: true, replaced: null, movedFrom: null });
    const [row] = await sql`select worker_id, assigned_by, reason, ended_at from grid_assignments where id = ${body.assignmentId}`;
    expect(row).toMatchObject({ workerId: workers[1], assignedBy: plannerId, reason: '新招聘', endedAt: null });
    const [audit] = await sql`select action, object_id, user_id, details from audit_log where action = 'worker.assign' order by id desc limit 1`;
    expect(audit).toMatchObject({ action: 'worker.assign', objectId: String(territory.gridIds[1]), userId: plannerId });
    expect(audit!.details.reason).toBe('新招聘');
    // the resident lookup's cache key moves with assignments (trigger on grid_assignments)
    const [revisionAfter] = await sql`select revision from layout_revision`;
    expect(Number(revisionAfter!.revision)).toBeGreaterThan(Number(revisionBefore!.revision));
  });

  it('refuses a worker who already has a grid with 409 worker_has_grid naming that grid, and changes nothing', async () => {
    const before = await snapshot();
    const { status, body } = await put(territory.gridIds[2]!, { workerId: workers[0], reason: '调整' });
    expect(status).toBe(409);
    expect(body.error.code).toBe('worker_has_grid');
    expect(body.error.details.currentGrid).toMatchObject({ id: territory.gridIds[0] });
    expect(body.error.details.currentGrid.code).toMatch(/^\d{15}$/);
    expect(body.error.message).toContain(body.error.details.currentGrid.code);
    expect(await snapshot()).toEqual(before);
  });

  it('moves a worker atomically: the old grid becomes vacant in the same transaction', async () => {
    const { sql } = database;
    const { status, body } = await put(territory.gridIds[2]!, { workerId: workers[0], reason: '调整', moveFromCurrentGrid: true });
    expect(status).toBe(200);
    expect(body.movedFrom).toMatchObject({ gridId: territory.gridIds[0] });
    const [old] = await sql`
      select ga.ended_at, ga.end_reason, ga.end_code, ga.end_params, ga.ended_by, next.started_at as next_started
        from grid_assignments ga, grid_assignments next
       where ga.grid_id = ${territory.gridIds[0]!} and ga.worker_id = ${workers[0]!} and next.id = ${body.assignmentId}
       order by ga.id desc limit 1`;
    expect(old!.endedAt).not.toBeNull();
    // one transaction, one now(): the old tenure ends exactly when the new one starts
    expect(new Date(old!.endedAt).getTime()).toBe(new Date(old!.nextStarted).getTime());
    // the code and its params are stored, the planner's own words beside them; no prose in the row
    expect(old!.endCode).toBe('moved');
    expect(old!.endParams.gridCode).toMatch(/^\d{15}$/);
    expect(old!.endReason).toBe('调整');
    expect(old!.endedBy).toBe(plannerId);
    expect(await openAssignments()).toEqual([
      { gridId: territory.gridIds[1], workerId: workers[1] },
      { gridId: territory.gridIds[2], workerId: workers[0] },
    ]);
  });

  it('replaces the grid\'s current worker, ending that assignment with the reason', async () => {
    const { status, body } = await put(territory.gridIds[1]!, { workerId: workers[2], reason: '轮岗' });
    expect(status).toBe(200);
    expect(body.replaced).toMatchObject({ workerId: workers[1] });
    const history = await getJson(app, `/api/workers/${workers[1]}/assignments`, { headers: dispatcher });
    expect(history.status).toBe(200);
    expect(history.body.assignments[0]).toMatchObject({ gridId: territory.gridIds[1], assignedByName: '规划员甲' });
    expect(history.body.assignments[0].endedAt).not.toBeNull();
    expect(history.body.assignments[0]).toMatchObject({ endCode: 'replaced', endReason: '轮岗', endSummary: '由 网格员三 接替' });
    const english = await getJson(app, `/api/workers/${workers[1]}/assignments`, { headers: { ...dispatcher, 'accept-language': 'en' } });
    expect(english.body.assignments[0].endSummary).toBe('Replaced by 网格员三');
    expect(history.body.assignments[0].endedByName).toBe('规划员甲');
    expect(history.body.assignments[0].gridCode).toMatch(/^\d{15}$/);
  });

  it('answers clear 4xx for unknown grids and workers, inactive workers, missing reasons and retired grids — changing nothing', async () => {
    const { sql } = database;
    const before = await snapshot();
    expect((await put(999_999, { workerId: workers[1], reason: 'x' })).status).toBe(404);
    const unknownWorker = await put(territory.gridIds[3]!, { workerId: 999_999, reason: 'x' });
    expect(unknownWorker.status).toBe(404);
    expect(unknownWorker.body.error.details.field).toBe('workerId');
    const inactive = await put(territory.gridIds[3]!, { workerId: inactiveWorker, reason: 'x' });
    expect(inactive.status).toBe(422);
    const noReason = await put(territory.gridIds[3]!, { workerId: workers[1] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields[0].field).toBe('reason');
    expect((await put(territory.gridIds[3]!, { workerId: workers[1], reason: '   ' })).status).toBe(400);
    expect((await put(territory.gridIds[3]!, { workerId: workers[1], reason: 'x'.repeat(201) })).status).toBe(400);
    expect((await put(territory.gridIds[3]!, { workerId: workers[1], reason: 'x' }, dispatcher)).status).toBe(403);
    expect((await vacate(territory.gridIds[1]!, {})).status).toBe(400);
    expect(await snapshot()).toEqual(before);

    // the fourth grid is retired (as a merge would): it has no current version any more
    await sql`update grid_versions set valid_to = now() where grid_id = ${territory.gridIds[3]!} and valid_to is null`;
    const retired = await snapshot();
    const gone = await put(territory.gridIds[3]!, { workerId: workers[1], reason: 'x' });
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe('grid_no_longer_exists');
    expect((await vacate(territory.gridIds[3]!, { reason: 'x' })).status).toBe(409);
    expect(await snapshot()).toEqual(retired);
    const list = await getJson(app, `/api/assignments?communityId=${territory.communityId}`, { headers: planner });
    expect(list.body.grids.map((grid: any) => grid.gridId)).not.toContain(territory.gridIds[3]);
  });

  it('vacates a grid with a reason (audited); the worker is free again', async () => {
    const { sql } = database;
    const { status, body } = await vacate(territory.gridIds[2]!, { reason: '离职' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ vacated: true, ended: { workerId: workers[0] } });
    const [audit] = await sql`select details from audit_log where action = 'worker.vacate' order by id desc limit 1`;
    expect(audit!.details).toMatchObject({ workerId: workers[0], reason: '离职' });
    const again = await vacate(territory.gridIds[2]!, { reason: '离职' });
    expect(again.body.vacated).toBe(false);
    const list = await getJson(app, `/api/assignments?communityId=${territory.communityId}`, { headers: planner });
    expect(list.body.unassignedWorkers.map((worker: any) => worker.id)).toContain(workers[0]);
    const gridHistory = await getJson(app, `/api/grids/${territory.gridIds[2]}/assignments`, { headers: dispatcher });
    expect(gridHistory.body.assignments[0]).toMatchObject({ workerId: workers[0], workerName: '网格员一' });
    expect(gridHistory.body.assignments[0].endReason).toBe('离职');
    expect(gridHistory.body.assignments[0]).toMatchObject({ endCode: 'vacated', endSummary: '撤岗，网格空缺' });
    expect((await getJson(app, '/api/workers/999999/assignments', { headers: planner })).status).toBe(404);
  });

  it('names who changed each version of a grid on the grid page', async () => {
    const { sql } = database;
    const gridId = territory.gridIds[0]!;
    const changedAt = new Date(Date.now() - 86_400_000);
    await sql.begin(async (transaction) => {
      await transaction`update grid_versions set valid_to = ${changedAt} where grid_id = ${gridId} and valid_to is null`;
      await transaction`
        insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from, changed_by, change_note)
        select grid_id, community_id, code, name || '（调整）', geometry, ${changedAt}, ${plannerId}, '按道路调整边界'
          from grid_versions where grid_id = ${gridId} and valid_to = ${changedAt}`;
    });
    const { status, body } = await getJson(app, `/api/grids/${gridId}`);
    expect(status).toBe(200);
    expect(body.versions).toHaveLength(2);
    expect(body.versions[0]).toMatchObject({ changedByName: '规划员甲', changedBy: '规划员甲', note: '按道路调整边界', changeNote: '按道路调整边界', planName: null });
    expect(body.versions[1]).toMatchObject({ changedByName: null, note: null });
  });
});

describe('assignment invariants under random sequences (property)', () => {
  let database: Database;
  let app: TestApp;
  let territory: BuiltTerritory;
  let planner: Record<string, string>;
  let workers: number[];

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    const { sql } = database;
    territory = await buildRowOfGrids(sql, { origin: [117.5, 31.5], gridCount: 3 });
    const [user] = await sql`insert into users (username, display_name, role) values ('planner-property', '规划员', 'planner') returning id`;
    planner = await sessionFor(sql, user!.id);
    workers = [];
    for (let index = 0; index < 4; index += 1) workers.push(await createWorker(sql, `网格员${index}`));
  });
  afterAll(async () => {
    await database.close();
  });

  type Operation = { kind: 'assign'; grid: number; worker: number; move: boolean } | { kind: 'vacate'; grid: number };
  const operation = fc.oneof(
    fc.record({ kind: fc.constant('assign' as const), grid: fc.integer({ min: 0, max: 2 }), worker: fc.integer({ min: 0, max: 3 }), move: fc.boolean() }),
    fc.record({ kind: fc.constant('vacate' as const), grid: fc.integer({ min: 0, max: 2 }) }),
  );

  it('keeps ≤1 worker per grid and ≤1 grid per worker, agrees with a model, and keeps history without overlaps', async () => {
    const { sql } = database;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 10 }), async (operations: Operation[]) => {
        await sql`update grid_assignments set ended_at = now() where ended_at is null`;
        const model = new Map<number, number>(); // grid index → worker index
        for (const step of operations) {
          const gridId = territory.gridIds[step.grid]!;
          const headers = { ...planner, 'Content-Type': 'application/json' };
          if (step.kind === 'assign') {
            const response = await getJson(app, `/api/grids/${gridId}/worker`, {
              method: 'PUT', headers, body: JSON.stringify({ workerId: workers[step.worker], reason: 'property', moveFromCurrentGrid: step.move }),
            });
            const heldElsewhere = [...model].find(([grid, worker]) => worker === step.worker && grid !== step.grid);
            if (heldElsewhere && !step.move) {
              expect(response.status).toBe(409);
              expect(response.body.error.details.currentGrid.id).toBe(territory.gridIds[heldElsewhere[0]]);
            } else {
              expect(response.status).toBe(200);
              if (heldElsewhere) model.delete(heldElsewhere[0]);
              model.set(step.grid, step.worker);
            }
          } else {
            const response = await getJson(app, `/api/grids/${gridId}/worker`, { method: 'DELETE', headers, body: JSON.stringify({ reason: 'property' }) });
            expect(response.status).toBe(200);
            expect(response.body.vacated).toBe(model.has(step.grid));
            model.delete(step.grid);
          }
          const open = await sql<{ gridId: number; workerId: number }[]>`select grid_id, worker_id from grid_assignments where ended_at is null`;
          expect(new Set(open.map((row) => row.gridId)).size).toBe(open.length);
          expect(new Set(open.map((row) => row.workerId)).size).toBe(open.length);
          const expected = [...model].map(([grid, worker]) => `${territory.gridIds[grid]}:${workers[worker]}`).sort();
          expect(open.map((row) => `${row.gridId}:${row.workerId}`).sort()).toEqual(expected);
        }
        // history: no two tenures of one grid, or of one worker, overlap in time
        const [overlaps] = await sql`
          select count(*)::int as count from grid_assignments a join grid_assignments b on a.id < b.id
           where (a.grid_id = b.grid_id or a.worker_id = b.worker_id)
             and tstzrange(a.started_at, a.ended_at) && tstzrange(b.started_at, b.ended_at)`;
        expect(overlaps!.count).toBe(0);
      }),
      { numRuns: 25 },
    );
  });
});
