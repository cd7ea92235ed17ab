import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { publishDuePlans } from '../../server/plans/plan-lifecycle.ts';
import { createPlanFromImportedGrids } from '../../server/plans/import-grids-into-plan.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import {
  buildEditableCommunity,
  currentGrids,
  expectLayoutInvariants,
  plannerHeaders,
  post,
  rectangle,
  snapshot,
  type EditableCommunity,
} from '../grids/grid-editing-fixture.ts';

describe('draft plans', () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;
  let next = 0;
  /** each test plans its own community so tests stay independent */
  const community = async (options: { columns?: number; rows?: number } = {}) =>
    buildEditableCommunity(database.sql, { origin: [116.0 + 0.05 * next++, 30.0], ...options });
  const get = (path: string) => getJson(app, path, { headers });
  const openPlan = async (built: EditableCommunity, name = '测试方案') => {
    const opened = await post(app, headers, '/api/plans', { name, communityIds: [built.communityId] });
    expect(opened.status).toBe(201);
    return opened.body.plan.id as number;
  };
  /** a vertical line through grid `index` at `fraction` of its width */
  const splitLine = (grid: { bbox: [number, number, number, number] }, fraction = 0.7) => {
    const [minLng, minLat, maxLng, maxLat] = grid.bbox;
    const x = minLng + (maxLng - minLng) * fraction;
    return { type: 'LineString', coordinates: [[x, maxLat + 0.001], [x, minLat - 0.001]] };
  };
  const planGrid = (detail: any, gridId: number) => detail.grids.find((grid: any) => grid.gridId === gridId);
  const expectInvariants = (built: EditableCommunity, communityId = built.communityId, households = built.householdCount) =>
    expectLayoutInvariants(database.sql, communityId, households);

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    ({ headers } = await plannerHeaders(database.sql, sessionFor));
  });
  afterAll(async () => {
    await database.close();
  });

  it('keeps edits in the plan: the live layout, households and edit history do not change', async () => {
    const built = await community();
    const planId = await openPlan(built);
    const before = await snapshot(database.sql);
    const [first] = await currentGrids(database.sql, built.communityId);

    const split = await post(app, headers, `/api/plans/${planId}/edits/split`, { versionId: first!.versionId, line: splitLine(first!) });
    expect(split.status).toBe(200);
    expect(split.body.planStep).toBe(1);
    expect(split.body.grids).toHaveLength(2);
    expect(split.body.grids.find((grid: any) => grid.status === 'created').vacant).toBe(true);
    expect(await snapshot(database.sql)).toBe(before);

    const detail = await get(`/api/plans/${planId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.grids).toHaveLength(7);
    expect(detail.body.problems).toEqual([]);
    expect(detail.body.grids.filter((grid: any) => grid.isNewGrid)).toHaveLength(1);
    expect(detail.body.grids.reduce((sum: number, grid: any) => sum + grid.households, 0)).toBe(built.householdCount);
    expect(planGrid(detail.body, first!.gridId).changed).toBe(true);

    // the plan's version ids stay valid across requests: a second edit builds on the first
    const pieces = split.body.grids.map((grid: any) => grid.versionId);
    const merge = await post(app, headers, `/api/plans/${planId}/edits/merge`, { versionIds: pieces });
    expect(merge.status).toBe(200);
    expect(merge.body.grids).toHaveLength(1);
    expect(await snapshot(database.sql)).toBe(before);

    const live = await getJson(app, `/api/grids?bbox=${built.origin[0] - 0.01},${built.origin[1] - 0.01},${built.origin[0] + 0.03},${built.origin[1] + 0.03}`);
    expect(live.body.features.map((feature: any) => feature.properties.versionId ?? feature.id).length).toBe(6);
  });

  it('undoes a plan step by restoring the layout before it', async () => {
    const built = await community();
    const planId = await openPlan(built);
    const [first] = await currentGrids(database.sql, built.communityId);
    await post(app, headers, `/api/plans/${planId}/edits/split`, { versionId: first!.versionId, line: splitLine(first!) });
    expect((await get(`/api/plans/${planId}`)).body.grids).toHaveLength(7);
    const undo = await post(app, headers, `/api/plans/${planId}/undo`, {});
    expect(undo.status).toBe(200);
    const detail = await get(`/api/plans/${planId}`);
    expect(detail.body.grids).toHaveLength(6);
    expect(detail.body.grids.every((grid: any) => !grid.changed)).toBe(true);
    expect(detail.body.canUndo).toBe(false);
    const again = await post(app, headers, `/api/plans/${planId}/undo`, {});
    expect(again.status).toBe(409);
  });

  it('compares the plan with the live layout: grids, households, cases and workers affected', async () => {
    const built = await community();
    const planId = await openPlan(built);
    const [first] = await currentGrids(database.sql, built.communityId);
    await post(app, headers, `/api/plans/${planId}/edits/split`, { versionId: first!.versionId, line: splitLine(first!, 0.5) });
    // heads' names are stored sealed (0026); the report opens them only to mask them
    await database.sql`update households set head_name = ${testDataKey.seal('钱多多')} where grid_id = ${first!.gridId}`;
    const report = await get(`/api/plans/${planId}/compare`);
    expect(report.status).toBe(200);
    expect(report.body.summary).toMatchObject({ gridsBefore: 6, gridsAfter: 7, added: 1, removed: 0, changed: 1, unchanged: 5 });
    expect(report.body.summary.householdsMoving).toBe(8);
    expect(report.body.households).toHaveLength(8);
    expect(report.body.households[0].address).toContain('编辑测试小区');
    expect(report.body.households.map((household: { headName: string }) => household.headName)).toEqual(Array(8).fill('钱**'));
    expect(report.body.householdMoves).toEqual([{ fromCode: first!.code, toCode: `${built.communityCode}007`, count: 8 }]);
    // the first grid has the worker: their grid changes
    expect(report.body.workers).toEqual([
      expect.objectContaining({ workerId: built.workerId, gridCode: first!.code, change: 'grid_changed', householdsBefore: 16, householdsAfter: 8 }),
    ]);
    expect(report.body.after.features).toHaveLength(7);

    const workbook = await app.request(`/api/plans/${planId}/compare.xlsx`, { headers });
    expect(workbook.status).toBe(200);
    expect(workbook.headers.get('content-type')).toContain('spreadsheetml');
    // the leaders' workbook speaks the reader's language: no English word on a zh-CN sheet's labels
    const zh = new ExcelJS.Workbook();
    await zh.xlsx.load(await workbook.arrayBuffer());
    expect(zh.worksheets.map((sheet) => sheet.name)).toEqual(['概览', '网格变化', '住户变动', '在办案件', '网格员', '规则提示']);
    for (const sheet of zh.worksheets) expect((sheet.getRow(1).values as unknown[]).filter((value) => typeof value === 'string').join()).not.toMatch(/[A-Za-z]/);
    expect(zh.getWorksheet('网格员')!.getRow(2).getCell(3).value).toBe('网格范围调整');
    const overview = Object.fromEntries(zh.getWorksheet('概览')!.getSheetValues().slice(2).map((row) => [(row as unknown[])[1], (row as unknown[])[2]]));
    expect(overview['生成时间']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/); // the zone's local time, not an ISO instant
    const english = await app.request(`/api/plans/${planId}/compare.xlsx?lang=en`, { headers });
    const en = new ExcelJS.Workbook();
    await en.xlsx.load(await english.arrayBuffer());
    expect(en.worksheets.map((sheet) => sheet.name)).toEqual(['Overview', 'Grids', 'Households', 'Open cases', 'Workers', 'Warnings']);
    expect(en.getWorksheet('Workers')!.getRow(2).getCell(3).value).toBe('grid reshaped');
    expect((await app.request(`/api/plans/${planId}/compare.xlsx?lang=fr`, { headers })).status).toBe(400);
    const [audit] = await database.sql`select action from audit_log where object_type = 'plan' and object_id = ${String(planId)} order by id desc limit 1`;
    expect(audit!.action).toBe('plan.export');
  });

  it('publishes every version of the plan together; the past layout stays readable', async () => {
    const built = await community();
    const planId = await openPlan(built, '二〇二七年调整');
    const grids = await currentGrids(database.sql, built.communityId);
    const split = await post(app, headers, `/api/plans/${planId}/edits/split`, { versionId: grids[1]!.versionId, line: splitLine(grids[1]!) });
    const merge = await post(app, headers, `/api/plans/${planId}/edits/merge`, { versionIds: [grids[3]!.versionId, grids[4]!.versionId] });
    expect(merge.status).toBe(200);
    const beforePublish = new Date();

    const published = await post(app, headers, `/api/plans/${planId}/publish`, { note: '街道党工委会议通过' });
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    await expectInvariants(built);
    const live = await currentGrids(database.sql, built.communityId);
    expect(live).toHaveLength(6); // 6 + 1 (split) − 1 (merge)
    const planVersionIds = [...split.body.grids, ...merge.body.grids].map((grid: any) => grid.versionId).sort();
    expect(planVersionIds.every((id: number) => live.some((grid) => grid.versionId === id))).toBe(true);
    const [version] = await database.sql`select plan_id, change_note, changed_by from grid_versions where id = ${planVersionIds[0]}`;
    expect(version).toMatchObject({ planId, changeNote: '二〇二七年调整: 街道党工委会议通过' });
    const edits = await database.sql`select operation, plan_id from grid_edits where community_id = ${built.communityId}`;
    expect(edits).toEqual([{ operation: 'publish', planId }]);
    // the merged-away grid had no worker; the new grid is vacant; the worker of grid 0 kept their grid
    const assignments = await database.sql`select grid_id from grid_assignments where worker_id = ${built.workerId} and ended_at is null`;
    expect(assignments).toEqual([{ gridId: built.gridIds[0] }]);

    const yesterday = new Date(beforePublish.getTime() - 1000).toISOString();
    const bbox = `${built.origin[0] - 0.01},${built.origin[1] - 0.01},${built.origin[0] + 0.03},${built.origin[1] + 0.03}`;
    const past = await getJson(app, `/api/grids?bbox=${bbox}&at=${encodeURIComponent(yesterday)}`);
    expect(past.body.features).toHaveLength(6);
    expect(past.body.features.map((feature: any) => feature.properties.code).sort()).toEqual(grids.map((grid) => grid.code).sort());

    const detail = await get(`/api/plans/${planId}`);
    expect(detail.body.plan.status).toBe('published');
    const again = await post(app, headers, `/api/plans/${planId}/publish`, {});
    expect(again.status).toBe(409);
  });

  it('refuses to edit or publish a plan the live layout moved away from; rebase takes untouched grids over', async () => {
    const built = await community();
    const planId = await openPlan(built);
    const grids = await currentGrids(database.sql, built.communityId);
    await post(app, headers, `/api/plans/${planId}/edits/split`, { versionId: grids[0]!.versionId, line: splitLine(grids[0]!) });
    // someone edits the live layout: a grid the plan left alone
    const liveSplit = await post(app, headers, '/api/grid-edits/split', { versionId: grids[5]!.versionId, line: splitLine(grids[5]!) });
    expect(liveSplit.status).toBe(200);

    const before = await snapshot(database.sql);
    const publish = await post(app, headers, `/api/plans/${planId}/publish`, {});
    expect(publish.status).toBe(409);
    expect(publish.body.error.code).toBe('plan_conflict');
    expect(publish.body.error.details.changedGrids.map((change: any) => change.code).sort()).toEqual([grids[5]!.code, `${built.communityCode}007`].sort());
    const edit = await post(app, headers, `/api/plans/${planId}/edits/merge`, { versionIds: [grids[1]!.versionId, grids[2]!.versionId] });
    expect(edit.status).toBe(409);
    expect(await snapshot(database.sql)).toBe(before);
    const listed = await get('/api/plans');
    expect(listed.body.plans.find((plan: any) => plan.id === planId).stale).toBe(true);

    const rebase = await post(app, headers, `/api/plans/${planId}/rebase`, {});
    expect(rebase.status).toBe(200);
    const published = await post(app, headers, `/api/plans/${planId}/publish`, {});
    expect(published.status).toBe(200);
    expect(await currentGrids(database.sql, built.communityId)).toHaveLength(8);
    await expectInvariants(built);
  });

  it('refuses a rebase when the live layout changed a grid the plan changed too', async () => {
    const built = await community();
    const planId = await openPlan(built);
    const grids = await currentGrids(database.sql, built.communityId);
    await post(app, headers, `/api/plans/${planId}/edits/split`, { versionId: grids[0]!.versionId, line: splitLine(grids[0]!) });
    await post(app, headers, '/api/grid-edits/split', { versionId: grids[0]!.versionId, line: splitLine(grids[0]!, 0.4) });
    const rebase = await post(app, headers, `/api/plans/${planId}/rebase`, {});
    expect(rebase.status).toBe(409);
    expect(rebase.body.error.code).toBe('plan_conflict');
    const discard = await post(app, headers, `/api/plans/${planId}/discard`, {});
    expect(discard.status).toBe(200);
    expect((await get(`/api/plans/${planId}`)).body.plan.status).toBe('discarded');
  });

  it('refuses an empty plan, an effective date too far back, and a malformed date — changing nothing', async () => {
    const built = await community();
    const planId = await openPlan(built);
    const before = await snapshot(database.sql);
    const empty = await post(app, headers, `/api/plans/${planId}/publish`, {});
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('plan_empty');
    expect(empty.body.error.message).toContain('没有任何改动');
    const [first] = await currentGrids(database.sql, built.communityId);
    await post(app, headers, `/api/plans/${planId}/edits/split`, { versionId: first!.versionId, line: splitLine(first!) });
    const old = await post(app, headers, `/api/plans/${planId}/publish`, { effectiveAt: '2020-01-01' });
    expect(old.status).toBe(400);
    expect(old.body.error.details.fields[0].field).toBe('effectiveAt');
    const malformed = await post(app, headers, `/api/plans/${planId}/publish`, { effectiveAt: 'next tuesday' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fields[0].field).toBe('effectiveAt');
    const broken = await post(app, headers, `/api/plans/${planId}/publish`, '{"effectiveAt": ');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_request');
    const unknown = await post(app, headers, '/api/plans', { name: 'x', communityIds: [999999] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields[0].field).toBe('communityIds');
    expect(await snapshot(database.sql)).toBe(before);
  });

  it('schedules a plan for a later date and publishes it when the date comes', async () => {
    const built = await community();
    const planId = await openPlan(built);
    const [first] = await currentGrids(database.sql, built.communityId);
    await post(app, headers, `/api/plans/${planId}/edits/split`, { versionId: first!.versionId, line: splitLine(first!) });
    const effectiveAt = new Date(Date.now() + 3 * 86_400_000);
    const scheduled = await post(app, headers, `/api/plans/${planId}/publish`, { effectiveAt: effectiveAt.toISOString() });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.status).toBe('scheduled');
    expect(await currentGrids(database.sql, built.communityId)).toHaveLength(6);
    expect((await publishDuePlans(database.sql, new Date())).published).not.toContain(planId);
    const due = await publishDuePlans(database.sql, new Date(effectiveAt.getTime() + 1000));
    expect(due.published).toContain(planId);
    const live = await database.sql`select valid_from from grid_versions where community_id = ${built.communityId} and valid_to is null and plan_id = ${planId}`;
    expect(live).toHaveLength(2);
    expect(live.every((row) => (row.validFrom as Date).getTime() === effectiveAt.getTime())).toBe(true);
  });

  it('creates a new community out of grids of one community, keeping grids and workers', async () => {
    const built = await community();
    const planId = await openPlan(built);
    const grids = await currentGrids(database.sql, built.communityId);
    const created = await post(app, headers, `/api/plans/${planId}/communities`, {
      name: '北城世纪城社区', versionIds: [grids[0]!.versionId, grids[3]!.versionId], serviceHallAddress: '北城世纪城 1 栋',
    });
    expect(created.status).toBe(200);
    expect(created.body.code).toBe(built.communityCode.slice(0, 9) + '002');
    expect(created.body.grids.map((grid: any) => grid.code)).toEqual([`${created.body.code}001`, `${created.body.code}002`]);
    expect((await database.sql`select count(*)::int as n from communities where name = '北城世纪城社区'`)[0]!.n).toBe(0);

    const report = await get(`/api/plans/${planId}/compare`);
    expect(report.body.communities.find((entry: any) => entry.isNew)).toMatchObject({ name: '北城世纪城社区', gridsAfter: 2, householdsAfter: 32 });
    expect(report.body.workers).toEqual([expect.objectContaining({ workerId: built.workerId, change: 'grid_moved_to_community' })]);

    const published = await post(app, headers, `/api/plans/${planId}/publish`, {});
    expect(published.status).toBe(200);
    const [community2] = await database.sql`select id, code, service_hall_address from communities where name = '北城世纪城社区'`;
    expect(community2).toMatchObject({ code: created.body.code, serviceHallAddress: '北城世纪城 1 栋' });
    await expectInvariants(built, built.communityId, built.householdCount - 32);
    await expectInvariants(built, community2!.id, 32);
    const [worker] = await database.sql`select grid_id from grid_assignments where worker_id = ${built.workerId} and ended_at is null`;
    expect(worker!.gridId).toBe(built.gridIds[0]);
    const buildings = await database.sql`select count(*)::int as n from buildings where community_id = ${community2!.id}`;
    expect(buildings[0]!.n).toBe(2);
  });

  it('rolls a published plan back by publishing the previous layout as new versions', async () => {
    const built = await community();
    const original = await currentGrids(database.sql, built.communityId);
    const shapes = await database.sql`select grid_id, ST_AsText(geometry) as wkt from grid_versions where community_id = ${built.communityId} and valid_to is null order by grid_id`;
    const planId = await openPlan(built);
    await post(app, headers, `/api/plans/${planId}/edits/merge`, { versionIds: [original[0]!.versionId, original[1]!.versionId] });
    expect((await post(app, headers, `/api/plans/${planId}/publish`, {})).status).toBe(200);
    expect(await currentGrids(database.sql, built.communityId)).toHaveLength(5);

    const rollback = await post(app, headers, `/api/plans/${planId}/rollback`, {});
    expect(rollback.status).toBe(200);
    const rollbackId = rollback.body.plan.id;
    expect(rollback.body.plan.rollsBackPlanId).toBe(planId);
    expect(rollback.body.problems).toEqual([]);
    expect((await post(app, headers, `/api/plans/${rollbackId}/publish`, {})).status).toBe(200);
    const restored = await database.sql`select grid_id, ST_AsText(geometry) as wkt from grid_versions where community_id = ${built.communityId} and valid_to is null order by grid_id`;
    expect(restored).toEqual(shapes);
    const versionCount = await database.sql`select count(*)::int as n from grid_versions where grid_id = ${built.gridIds[0]!}`;
    expect(versionCount[0]!.n).toBe(3); // original, merged, restored: history is never rewritten
    await expectInvariants(built);
  });

  it('turns imported grids into a plan; overlaps are listed and publishing refuses them', async () => {
    const built = await community({ columns: 2, rows: 1 });
    const [west, south] = built.origin;
    const size = built.cellSize;
    const { planId } = await database.sql.begin((transaction) =>
      createPlanFromImportedGrids(transaction, {
        communityId: built.communityId,
        planName: '测绘院边界导入',
        userId: null,
        grids: [
          { name: '西片网格', code: `${built.communityCode}001`, geometry: rectangle(west, south, west + size * 1.2, south + size) },
          { name: '东片网格', geometry: rectangle(west + size, south, west + size * 2.5, south + size) },
        ],
      }),
    );
    const detail = await get(`/api/plans/${planId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.grids.map((grid: any) => grid.name).sort()).toEqual(['东片网格', '西片网格']);
    expect(detail.body.problems.map((problem: any) => problem.code)).toEqual(['overlap']);
    expect(planGrid(detail.body, built.gridIds[0]!).name).toBe('西片网格');
    const before = await snapshot(database.sql);
    const publish = await post(app, headers, `/api/plans/${planId}/publish`, {});
    expect(publish.status).toBe(422);
    expect(publish.body.error.details.problems[0].code).toBe('overlap');
    expect(await snapshot(database.sql)).toBe(before);

    const clean = await database.sql.begin((transaction) =>
      createPlanFromImportedGrids(transaction, {
        communityId: built.communityId,
        planName: '测绘院边界导入（修正）',
        userId: null,
        grids: [
          { name: '西片网格', code: `${built.communityCode}001`, geometry: rectangle(west, south, west + size * 1.2, south + size) },
          { name: '东片网格', geometry: rectangle(west + size * 1.2, south, west + size * 2.5, south + size) },
        ],
      }),
    );
    expect((await post(app, headers, `/api/plans/${clean.planId}/publish`, {})).status).toBe(200);
    const live = await currentGrids(database.sql, built.communityId);
    expect(live.map((grid) => grid.code)).toEqual([`${built.communityCode}001`, `${built.communityCode}003`]);
    await expectInvariants(built);
  });

  it('lets auditors read plans but not change them', async () => {
    const built = await community({ columns: 2, rows: 1 });
    const planId = await openPlan(built);
    const [auditor] = await database.sql`insert into users (username, display_name, role) values ('plan-auditor', '审计员', 'auditor') returning id`;
    const auditorHeaders = await sessionFor(database.sql, auditor!.id);
    expect((await getJson(app, `/api/plans/${planId}`, { headers: auditorHeaders })).status).toBe(200);
    expect((await post(app, auditorHeaders, `/api/plans/${planId}/discard`, {})).status).toBe(403);
  });
});
