import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/accounts/roles.ts';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, createWorker, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/**
 * The assessment over a hand-built month (May 2026): two grids, two workers, cases due on and after
 * their deadlines, rework, patrol reports, ratings and households. The worker's score is recomputed
 * here from the raw rows with SQL of the test's own and must match item by item.
 */
describe(`assessment scores (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let secondWorkerId: number;
  const ids: Record<string, number> = {};

  const at = (text: string) => new Date(`${text}+08:00`);

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [118.0, 30.0]);
    const { sql } = database;
    const [gridA, gridB] = world.territory.gridIds as [number, number];
    await sql`update grid_assignments set started_at = '2025-01-01T00:00:00+08:00' where worker_id = ${world.workerId}`;
    secondWorkerId = await createWorker(sql, '钱网格');
    await sql`insert into grid_assignments (grid_id, worker_id, started_at) values (${gridB}, ${secondWorkerId}, '2025-01-01T00:00:00+08:00')`;
    // households of grid A: the fixture's one plus five, three of them checked recently
    const [building] = await sql`select building_id from households where id = ${world.householdIds[0]}`;
    for (let index = 0; index < 5; index++) {
      await sql`
        insert into households (building_id, grid_id, unit, room, location, info_checked_on)
        select ${building!.buildingId}, ${gridA}, '2', ${`20${index}`}, location, ${index < 3 ? '2026-05-20' : '2025-01-01'}::date
          from households where id = ${world.householdIds[0]}`;
    }
    const incident = async (key: string, fields: {
      category?: string; source?: string; status?: string; grid?: number; worker?: number | null; reported: string; due?: string; handled?: string;
      satisfaction?: string; ratedAt?: string;
    }) => {
      const [row] = await sql`
        insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, assigned_worker_id,
                               reported_at, due_at, handled_at, satisfaction, satisfaction_rated_at)
        values (${`T-${key}-${Math.random().toString(36).slice(2, 8)}`}, ${fields.category ?? '0101'}, ${fields.source ?? 'resident'}, ${fields.status ?? 'closed'},
                '测试', ST_SetSRID(ST_MakePoint(118.005, 30.005), 4326), ${fields.grid ?? gridA}, ${world.territory.communityId},
                ${fields.worker === undefined ? world.workerId : fields.worker}, ${at(fields.reported)},
                ${fields.due ? at(fields.due) : null}, ${fields.handled ? at(fields.handled) : null},
                ${fields.satisfaction ?? null}, ${fields.ratedAt ? at(fields.ratedAt) : null})
        returning id`;
      ids[key] = Number(row!.id);
    };
    await incident('onTime', { reported: '2026-05-05T09:00:00', due: '2026-05-10T17:00:00', handled: '2026-05-09T10:00:00', satisfaction: 'satisfied', ratedAt: '2026-05-11T10:00:00' });
    await incident('late', { reported: '2026-05-06T09:00:00', due: '2026-05-12T17:00:00', handled: '2026-05-13T10:00:00', satisfaction: 'basically_satisfied', ratedAt: '2026-05-14T10:00:00' });
    await incident('open', { status: 'dispatched', reported: '2026-05-15T09:00:00', due: '2026-05-20T17:00:00' });
    await incident('nextMonth', { reported: '2026-05-28T09:00:00', due: '2026-06-02T17:00:00', handled: '2026-06-01T10:00:00' });
    await incident('rejected', { status: 'rejected', reported: '2026-05-02T09:00:00', due: '2026-05-08T17:00:00' });
    // the second worker's emergency case, handled late: a veto
    await incident('emergency', { category: '0501', grid: gridB, worker: secondWorkerId, reported: '2026-05-03T09:00:00', due: '2026-05-03T17:00:00', handled: '2026-05-04T09:00:00' });
    // patrol reports in grid A (one rejected: not counted), one in grid B, one in April
    await incident('patrol1', { source: 'patrol', worker: null, reported: '2026-05-07T10:00:00' });
    await incident('patrol2', { source: 'patrol', worker: null, reported: '2026-05-21T10:00:00' });
    await incident('patrolRejected', { source: 'patrol', status: 'rejected', worker: null, reported: '2026-05-22T10:00:00' });
    await incident('patrolB', { source: 'patrol', grid: gridB, worker: null, reported: '2026-05-08T10:00:00' });
    await incident('patrolApril', { source: 'patrol', worker: null, reported: '2026-04-28T10:00:00' });
    for (const when of ['2026-05-09T15:00:00', '2026-05-10T09:00:00', '2026-04-20T09:00:00']) {
      await sql`insert into incident_events (incident_id, at, from_status, to_status) values (${ids.onTime!}, ${at(when)}, 'handled', 'rework')`;
    }
  });
  afterAll(async () => {
    await database.close();
  });

  const call = async (role: Role, method: string, path: string, body?: unknown) => {
    const headers = { ...(await sessionFor(database.sql, world.users[role])), 'Content-Type': 'application/json' };
    return getJson(app, path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  };
  const rowOf = (body: any, subject: number) => body.rows.find((row: any) => row.subject.id === subject);
  const itemOf = (row: any, indicator: string) => row.items.find((item: any) => item.indicator === indicator);
  const countAdjustments = async () => Number((await database.sql`select count(*)::int as n from assessment_adjustments`)[0]!.n);

  /** The worker's May score, recomputed from the raw rows with the test's own SQL and the default scheme's rules. */
  async function recomputeMay(workerId: number) {
    const { sql } = database;
    const start = at('2026-05-01T00:00:00');
    const end = at('2026-06-01T00:00:00');
    const [cases] = await sql`
      select count(*)::int as due, count(*) filter (where handled_at <= due_at)::int as on_time,
             count(*) filter (where (handled_at is null or handled_at > due_at) and category_code like '05%')::int as emergency_overdue
        from incidents where assigned_worker_id = ${workerId} and status <> 'rejected' and due_at >= ${start} and due_at < ${end}`;
    const [rework] = await sql`
      select count(*)::int as n from incident_events e join incidents i on i.id = e.incident_id
       where i.assigned_worker_id = ${workerId} and e.to_status = 'rework' and e.at >= ${start} and e.at < ${end}`;
    const [grid] = await sql`
      select a.grid_id, ST_Area(v.geometry::geography) / 1e6 as area,
             (select count(*)::int from households h where h.grid_id = a.grid_id) as households,
             (select count(*)::int from households h where h.grid_id = a.grid_id and h.info_checked_on >= '2025-12-03') as checked
        from grid_assignments a join grid_versions v on v.grid_id = a.grid_id and v.valid_to is null where a.worker_id = ${workerId}`;
    const [patrol] = await sql`
      select count(*)::int as n from incidents where source = 'patrol' and status <> 'rejected' and grid_id = ${grid!.gridId}
         and reported_at >= ${start} and reported_at < ${end}`;
    const [ratings] = await sql`
      select count(*)::int as n, count(*) filter (where satisfaction = 'satisfied')::int as satisfied,
             count(*) filter (where satisfaction = 'basically_satisfied')::int as basically
        from incidents where assigned_worker_id = ${workerId} and satisfaction_rated_at >= ${start} and satisfaction_rated_at < ${end}`;
    const round = (value: number) => Math.round(value * 100) / 100;
    const area = Math.round(Number(grid!.area) * 1000) / 1000;
    const expectedPatrols = 4 + grid!.households / 100 + area * 6;
    const points = {
      on_time: round(cases!.due === 0 ? 30 : (30 * cases!.onTime) / cases!.due),
      patrol: round(25 * Math.min(1, patrol!.n / expectedPatrols)),
      satisfaction: round(ratings!.n === 0 ? 15 : (15 * (ratings!.satisfied + 0.6 * ratings!.basically)) / ratings!.n),
      household_info: round(grid!.households === 0 ? 15 : (15 * grid!.checked) / grid!.households),
      leadership: 0,
      overdue: -round(Math.min(10, 0.5 * (cases!.due - cases!.onTime))) || 0,
      rework: -round(Math.min(5, 0.5 * rework!.n)) || 0,
      emergency_veto: 0,
      award_bonus: 0,
      adjustment_deduction: 0,
    };
    return { points, vetoed: cases!.emergencyOverdue > 0, total: round(Object.values(points).reduce((sum, value) => sum + value, 0)) };
  }

  it('scores every worker of the month from the records; the items add up and match a recomputation from raw rows', async () => {
    const { status, body } = await call('leader', 'GET', '/api/assessment/scores?period=2026-05&level=worker');
    expect(status).toBe(200);
    expect(body.period).toMatchObject({ code: '2026-05', kind: 'month', from: '2026-05-01', to: '2026-06-01', status: 'draft', closed: false, previous: '2026-04' });
    const row = rowOf(body, world.workerId);
    const expected = await recomputeMay(world.workerId);
    expect(Object.fromEntries(row.items.map((item: any) => [item.indicator, item.points]))).toEqual(expected.points);
    expect(row.total).toBe(expected.total);
    expect(Math.round(row.items.reduce((sum: number, item: any) => sum + item.points, 0) * 100) / 100).toBe(row.total);
    expect(itemOf(row, 'on_time').measures).toEqual({ cases_on_time: 1, cases_due: 3 });
    expect(itemOf(row, 'rework').measures).toEqual({ rework: 2 });
    expect(itemOf(row, 'patrol').measures.patrol_reports).toBe(2);
    expect(itemOf(row, 'leadership').pending).toBe(true);
    // the second worker's overdue emergency case vetoes them: ranked last whatever their points
    const second = rowOf(body, secondWorkerId);
    expect(second.vetoed).toBe(true);
    expect(second.rank).toBe(body.rows.length);
    expect(row.previousTotal).not.toBeNull();
  });

  it('leads from an item to the rows it counted', async () => {
    const onTime = rowOf((await call('leader', 'GET', '/api/assessment/scores?period=2026-05')).body, world.workerId);
    const { status, body } = await getJson(app, itemOf(onTime, 'on_time').source.href, { headers: await sessionFor(database.sql, world.users.leader) });
    expect(status).toBe(200);
    expect(Object.fromEntries(body.rows.map((row: any) => [row.id, row.counted]))).toEqual({
      [ids.onTime!]: 'on_time', [ids.late!]: 'overdue', [ids.open!]: 'overdue',
    });
    const patrol = await call('leader', 'GET', `/api/assessment/sources?period=2026-05&level=worker&subject=${world.workerId}&indicator=patrol`);
    expect(patrol.body.rows.map((row: any) => row.id).sort()).toEqual([ids.patrol1, ids.patrol2].sort());
    const households = await call('leader', 'GET', `/api/assessment/sources?period=2026-05&level=worker&subject=${world.workerId}&indicator=household_info`);
    expect(households.body.rows.filter((row: any) => row.counted === 'household_checked')).toHaveLength(3);
    expect(households.body.rows).toHaveLength(6);
  });

  it('a grid worker sees only their own scorecard', async () => {
    const { status, body } = await call('worker', 'GET', '/api/assessment/scores?period=2026-05&level=worker');
    expect(status).toBe(200);
    expect(body.rows.map((row: any) => row.subject.id)).toEqual([world.workerId]);
    const other = await call('worker', 'GET', `/api/assessment/sources?period=2026-05&level=worker&subject=${secondWorkerId}&indicator=on_time`);
    expect(other.status).toBe(403);
  });

  it('refuses bad adjustments with 422 naming the field, writing nothing', async () => {
    const before = await countAdjustments();
    for (const [body, field] of [
      [{ kind: 'deduction', points: 2 }, 'reason'],
      [{ kind: 'deduction', points: 2, reason: '   ' }, 'reason'],
      [{ kind: 'deduction', points: 6, reason: '台账弄虚作假' }, 'points'],
      [{ kind: 'deduction', points: 0.5, reason: '台账弄虚作假' }, 'points'],
      [{ kind: 'bonus', points: 1.2 }, 'points'],
      [{ kind: 'bonus', points: 3 }, 'points'],
      [{ kind: 'bonus', points: 1, period: '2099-01' }, 'period'],
      [{ kind: 'bonus', points: 1, period: '2026-13' }, 'period'],
      [{ kind: 'bonus', points: 1, period: '0000' }, 'period'],
      [{ kind: 'bonus', points: 1, period: '2026-Q5' }, 'period'],
      [{ kind: 'bonus', points: 1, subject: 999999 }, 'subject'],
    ] as const) {
      const response = await call('leader', 'POST', '/api/assessment/adjustments', { subject: world.workerId, period: '2026-05', ...body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.body.error.details.fields.map((entry: any) => entry.field)).toContain(field);
      expect(response.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(await countAdjustments()).toBe(before);
    for (const period of ['0000', '1999-01', 'Q3-2026', '2026-00']) {
      expect((await call('leader', 'GET', `/api/assessment/scores?period=${period}&level=worker`)).status, period).toBe(422);
    }
    const future = await call('leader', 'GET', '/api/assessment/scores?period=2099-01&level=worker');
    expect(future.status).toBe(422);
    expect(future.body.error.details.fields[0].field).toBe('period');
  });

  it('a bonus and a deduction flow into the total and the rank; the same achievement counts once, at its highest level', async () => {
    const before = rowOf((await call('leader', 'GET', '/api/assessment/scores?period=2026-05')).body, world.workerId);
    const bonus = await call('leader', 'POST', '/api/assessment/adjustments', {
      subject: world.workerId, period: '2026-05', kind: 'bonus', points: 1.5, achievement: '县级文明网格', reason: '获县级表彰',
    });
    expect(bonus.status).toBe(201);
    await call('leader', 'POST', '/api/assessment/adjustments', { subject: world.workerId, period: '2026-05', kind: 'bonus', points: 1, achievement: '县级文明网格' });
    const deduction = await call('admin', 'POST', '/api/assessment/adjustments', {
      subject: world.workerId, period: '2026-05', kind: 'deduction', points: 1, reason: '巡查台账未按时更新',
    });
    expect(deduction.status).toBe(201);
    const after = rowOf((await call('leader', 'GET', '/api/assessment/scores?period=2026-05')).body, world.workerId);
    expect(itemOf(after, 'award_bonus').points).toBe(1.5);
    expect(itemOf(after, 'adjustment_deduction').points).toBe(-1);
    expect(after.total).toBe(Math.round((before.total + 0.5) * 100) / 100);
    const audit = await database.sql`select action from audit_log where object_type = 'assessment_adjustment' order by id`;
    expect(audit.map((entry) => entry.action)).toEqual(['assessment.adjustment.bonus', 'assessment.adjustment.bonus', 'assessment.adjustment.deduction']);
  });

  it('the assessed object once; a reviewer upholds and the deduction no longer counts', async () => {
    const created = await call('leader', 'POST', '/api/assessment/adjustments', {
      subject: world.workerId, period: '2026-04', kind: 'deduction', points: 2, reason: '未按时上报巡查',
    });
    const id = created.body.id;
    expect((await call('dispatcher', 'POST', `/api/assessment/adjustments/${id}/objection`, { reason: '非本人' })).status).toBe(403);
    const objection = await call('worker', 'POST', `/api/assessment/adjustments/${id}/objection`, { reason: '当日在处置突发事件，已报备' });
    expect(objection.status).toBe(200);
    expect(objection.body.objection).toMatchObject({ decision: null });
    const again = await call('worker', 'POST', `/api/assessment/adjustments/${id}/objection`, { reason: '再次申诉' });
    expect(again.status).toBe(409);
    const review = await call('leader', 'POST', `/api/assessment/adjustments/${id}/review`, { decision: 'upheld', note: '情况属实' });
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ status: 'withdrawn', objection: { decision: 'upheld' } });
    const april = rowOf((await call('leader', 'GET', '/api/assessment/scores?period=2026-04')).body, world.workerId);
    expect(itemOf(april, 'adjustment_deduction').points).toBe(0);
    expect((await call('leader', 'POST', `/api/assessment/adjustments/${id}/review`, { decision: 'rejected' })).status).toBe(409);
  });

  it('a leader enters the manual indicator with a comment, within its weight', async () => {
    const refused = await call('leader', 'PUT', '/api/assessment/manual-scores', {
      period: '2026-05', level: 'worker', subject: world.workerId, indicator: 'leadership', points: 16, comment: '工作扎实',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fields[0].field).toBe('points');
    const entered = await call('leader', 'PUT', '/api/assessment/manual-scores', {
      period: '2026-05', level: 'worker', subject: world.workerId, indicator: 'leadership', points: 12, comment: '工作扎实',
    });
    expect(entered.status).toBe(200);
    const row = rowOf((await call('leader', 'GET', '/api/assessment/scores?period=2026-05')).body, world.workerId);
    expect(itemOf(row, 'leadership')).toMatchObject({ points: 12, pending: false, comment: '工作扎实' });
  });

  it('only a leader signs off; a signed-off month is frozen and refuses adjustments until an administrator reopens it', async () => {
    expect((await call('admin', 'POST', '/api/assessment/periods/2026-05/sign-off', {})).status).toBe(403);
    expect((await call('auditor', 'POST', '/api/assessment/periods/2026-05/sign-off', {})).status).toBe(403);
    const notEnded = await call('leader', 'POST', '/api/assessment/periods/2099-01/sign-off', {});
    expect(notEnded.status).toBe(422);
    const year = await call('leader', 'POST', '/api/assessment/periods/2026/sign-off', {});
    expect(year.status).toBe(422);
    expect(year.body.error.details.fields[0]).toMatchObject({ field: 'period', code: 'months_not_signed_off' });

    const draft = rowOf((await call('leader', 'GET', '/api/assessment/scores?period=2026-05')).body, world.workerId);
    const signed = await call('leader', 'POST', '/api/assessment/periods/2026-05/sign-off', { comment: '五月讲评' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ status: 'signed_off', closed: true, schemeVersion: 1 });
    expect((await call('leader', 'POST', '/api/assessment/periods/2026-05/sign-off', {})).status).toBe(409);

    // a later record does not change the frozen month
    await database.sql`update incidents set handled_at = due_at - interval '1 hour' where id = ${ids.late!}`;
    const frozen = await call('leader', 'GET', '/api/assessment/scores?period=2026-05');
    expect(frozen.body.period.status).toBe('signed_off');
    expect(rowOf(frozen.body, world.workerId).total).toBe(draft.total);
    // the frozen items keep their measures as scored (snake_case names survive the round trip through jsonb)
    expect(itemOf(rowOf(frozen.body, world.workerId), 'on_time').measures).toEqual({ cases_on_time: 1, cases_due: 3 });
    expect(rowOf(frozen.body, world.workerId).items).toEqual(draft.items);
    const stored = (await call('leader', 'GET', '/api/assessment/scheme?year=2026')).body;
    expect(stored).toMatchObject({ version: 1, builtIn: false });
    expect(stored.definition.levels.worker.indicators.map((entry: any) => entry.code)).toContain('on_time');

    const before = await countAdjustments();
    const closed = await call('leader', 'POST', '/api/assessment/adjustments', { subject: world.workerId, period: '2026-05', kind: 'bonus', points: 1 });
    expect(closed.status).toBe(422);
    expect(closed.body.error.details.fields).toEqual([expect.objectContaining({ field: 'period', code: 'period_closed' })]);
    expect(await countAdjustments()).toBe(before);
    expect((await call('leader', 'PUT', '/api/assessment/manual-scores', {
      period: '2026-05', level: 'worker', subject: world.workerId, indicator: 'leadership', points: 10, comment: '改分',
    })).status).toBe(422);

    expect((await call('leader', 'POST', '/api/assessment/periods/2026-05/reopen', { reason: '数据有误' })).status).toBe(403);
    const reopened = await call('admin', 'POST', '/api/assessment/periods/2026-05/reopen', { reason: '案件处置时间录入有误，重新核算' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'draft', closed: false });
    expect((await call('admin', 'POST', '/api/assessment/periods/2026-05/reopen', { reason: '再次' })).status).toBe(409);
    const live = rowOf((await call('leader', 'GET', '/api/assessment/scores?period=2026-05')).body, world.workerId);
    expect(itemOf(live, 'on_time').measures).toEqual({ cases_on_time: 2, cases_due: 3 });
    const audit = await database.sql`select action, object_id from audit_log where object_type = 'assessment_period' order by id`;
    expect(audit.map((entry) => `${entry.action} ${entry.objectId}`)).toEqual(['assessment.period.sign_off 2026-05', 'assessment.period.reopen 2026-05']);
  });

  it('scores communities and stations, and quarters and years over their months', async () => {
    for (const query of ['period=2026-Q2&level=community', 'period=2026&level=station', 'period=2026-Q2&level=worker']) {
      const { status, body } = await call('leader', 'GET', `/api/assessment/scores?${query}`);
      expect(status, query).toBe(200);
      expect(body.rows.length).toBeGreaterThan(0);
      for (const row of body.rows) {
        expect(Math.round(row.items.reduce((sum: number, item: any) => sum + item.points, 0) * 100) / 100).toBe(row.total);
      }
    }
    const quarter = rowOf((await call('leader', 'GET', '/api/assessment/scores?period=2026-Q2&level=worker')).body, world.workerId);
    // the quarter counts April's rework event too, and the May bonus (adjustments of its months)
    expect(itemOf(quarter, 'rework').measures).toEqual({ rework: 3 });
    expect(itemOf(quarter, 'award_bonus').points).toBe(1.5);
    const year = await call('leader', 'GET', '/api/assessment/scores?period=2026&level=community');
    expect(year.body.period.closeBy).toBe('2026-12-15');
    expect(year.body.rows[0].rewardYuan).not.toBeNull();
  });

  it('refuses a scheme whose weights do not add up or whose formula names an unknown measure, storing nothing', async () => {
    const scheme = (await call('admin', 'GET', '/api/assessment/scheme?year=2027')).body;
    expect(scheme.builtIn).toBe(true);
    const broken = structuredClone(scheme.definition);
    broken.levels.worker.indicators[0].weight = 40;
    broken.levels.community.indicators[0].formula = 'weight * ratio(cases_on_time, cases_due_soon, 1)';
    const refused = await call('admin', 'POST', '/api/assessment/schemes', { year: 2027, definition: broken });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fields.map((entry: any) => `${entry.field} ${entry.code}`)).toEqual([
      'definition.levels.worker.indicators weights_do_not_sum',
      'definition.levels.community.indicators.0.formula formula_unknown_name',
    ]);
    expect((await database.sql`select count(*)::int as n from assessment_schemes where year = 2027`)[0]!.n).toBe(0);
    expect((await call('leader', 'POST', '/api/assessment/schemes', { year: 2027, definition: scheme.definition })).status).toBe(403);
    const saved = await call('admin', 'POST', '/api/assessment/schemes', { year: 2027, definition: scheme.definition, note: '沿用默认方案' });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ year: 2027, version: 1, builtIn: false });
  });

  it('exports the period\u2019s 考核台账 as a workbook with formulas neutralised, audited; evidence must be uploaded photos', async () => {
    const unknownPhoto = await call('leader', 'POST', '/api/assessment/adjustments', {
      subject: world.workerId, period: '2026-03', kind: 'deduction', points: 1, reason: '台账缺失', evidencePhotos: ['0123456789abcdef0123456789abcdef.jpg'],
    });
    expect(unknownPhoto.status).toBe(422);
    expect(unknownPhoto.body.error.details.fields[0].field).toBe('evidencePhotos');
    const created = await call('leader', 'POST', '/api/assessment/adjustments', {
      subject: world.workerId, period: '2026-03', kind: 'deduction', points: 1, reason: '=HYPERLINK("http://example.com","台账")',
    });
    expect(created.status).toBe(201);
    expect((await call('worker', 'GET', '/api/assessment/ledger.xlsx?period=2026-03')).status).toBe(403);
    const response = await app.request('/api/assessment/ledger.xlsx?period=2026-03', { headers: await sessionFor(database.sql, world.users.leader) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['网格员', '社区', '城管工作站', '加减分']);
    const workers = workbook.getWorksheet('网格员')!;
    expect(workers.rowCount).toBe(3 + 2);
    expect((workers.getRow(3).values as unknown[]).filter((value) => typeof value === 'string').join()).not.toMatch(/[A-Za-z]/);
    const adjustments = workbook.getWorksheet('加减分')!;
    expect(adjustments.getRow(2).values).toEqual(expect.arrayContaining(['网格员', '扣分', '有效']));
    const english = new ExcelJS.Workbook();
    await english.xlsx.load(await (await app.request('/api/assessment/ledger.xlsx?period=2026-03&lang=en', { headers: await sessionFor(database.sql, world.users.leader) })).arrayBuffer());
    expect(english.worksheets.map((sheet) => sheet.name)).toEqual(['Workers', 'Communities', 'Stations', 'Adjustments']);
    const reasons = adjustments.getColumn(6).values.filter((value) => typeof value === 'string');
    expect(reasons).toContain('\'=HYPERLINK("http://example.com","台账")');
    const [audit] = await database.sql`select action, object_id from audit_log where action = 'assessment.ledger.export' order by id desc limit 1`;
    expect(audit).toMatchObject({ objectId: '2026-03' });
  });
});
