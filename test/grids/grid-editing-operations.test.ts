import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import {
  buildEditableCommunity,
  currentGrids,
  expectLayoutInvariants,
  measureInvariants,
  plannerHeaders,
  post,
  rectangle,
  snapshot,
  type EditableCommunity,
} from './grid-editing-fixture.ts';

describe('grid editing operations', () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;
  let next = 0;
  /** each test edits its own community so tests stay independent */
  const community = async (options: { columns?: number; rows?: number } = {}) =>
    buildEditableCommunity(database.sql, { origin: [117.0 + 0.05 * next++, 31.0], ...options });
  const version = async (built: EditableCommunity, index: number) =>
    (await currentGrids(database.sql, built.communityId)).find((grid) => grid.gridId === built.gridIds[index])!;
  const expectInvariants = (built: EditableCommunity) => expectLayoutInvariants(database.sql, built.communityId, built.householdCount);

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    ({ headers } = await plannerHeaders(database.sql, sessionFor));
  });
  afterAll(async () => {
    await database.close();
  });

  it('splits a grid along a line: the larger piece keeps the code and worker, the other is a new vacant grid', async () => {
    const built = await community();
    const { sql } = database;
    const grid = await version(built, 0);
    const [minLng, minLat, maxLng, maxLat] = grid.bbox;
    const x = minLng + (maxLng - minLng) * 0.7;
    const line = { type: 'LineString', coordinates: [[x, maxLat + 0.001], [x, minLat - 0.001]] };

    const preview = await post(app, headers, '/api/grid-edits/split/preview', { versionId: grid.versionId, line });
    expect(preview.status).toBe(200);
    expect(preview.body.preview).toBe(true);
    expect(preview.body.editId).toBeNull();
    expect(preview.body.grids).toHaveLength(2);
    expect(preview.body.grids.reduce((sum: number, g: any) => sum + g.households, 0)).toBe(16);
    expect(preview.body.grids.map((g: any) => g.households).sort((a: number, b: number) => a - b)).toEqual([4, 12]);
    expect(preview.body.community.households).toBe(built.householdCount);
    expect(preview.body.warnings.map((w: any) => w.code)).toEqual(
      expect.arrayContaining(['grid_households_below_target', 'grid_vacant', 'station_staff_required']),
    );
    expect((await currentGrids(sql, built.communityId)).find((g) => g.gridId === grid.gridId)!.versionId).toBe(grid.versionId);

    const done = await post(app, headers, '/api/grid-edits/split', { versionId: grid.versionId, line, changeNote: '沿道路拆分' });
    expect(done.status).toBe(200);
    expect(done.body.editId).toEqual(expect.any(Number));
    const kept = done.body.grids.find((g: any) => g.status === 'changed');
    const created = done.body.grids.find((g: any) => g.status === 'created');
    expect(kept).toMatchObject({ gridId: grid.gridId, code: grid.code, households: 12, vacant: false });
    expect(created).toMatchObject({ code: `${built.communityCode}007`, households: 4, vacant: true, name: '编辑测试社区第07网格' });
    const [old] = await sql`select valid_to, changed_by from grid_versions where id = ${grid.versionId}`;
    const [fresh] = await sql`select valid_from, change_note from grid_versions where id = ${kept.versionId}`;
    expect(old!.validTo).toEqual(fresh!.validFrom);
    expect(fresh!.changeNote).toBe('沿道路拆分');
    const [audit] = await sql`select action, object_id, result from audit_log where action = 'grid.split' order by id desc limit 1`;
    expect(audit).toMatchObject({ action: 'grid.split', objectId: String(done.body.editId), result: 'ok' });
    await expectInvariants(built);

    // undo: the old shape comes back as a new version; then redo
    const undone = await post(app, headers, `/api/grid-edits/${done.body.editId}/undo`, {});
    expect(undone.status).toBe(200);
    expect(undone.body.removedGrids.map((g: any) => g.code)).toEqual([`${built.communityCode}007`]);
    const [same] = await sql`
      select ST_HausdorffDistance(a.geometry, b.geometry) < 1e-8 as equal, b.valid_to is null as current, b.id <> a.id as new_version
        from grid_versions a join grid_versions b on b.grid_id = a.grid_id and b.valid_to is null where a.id = ${grid.versionId}`;
    expect(same).toMatchObject({ equal: true, current: true, newVersion: true });
    await expectInvariants(built);
    const again = await post(app, headers, `/api/grid-edits/${done.body.editId}/undo`, {});
    expect(again.status).toBe(409);
    const redone = await post(app, headers, `/api/grid-edits/${undone.body.editId}/undo`, {});
    expect(redone.status).toBe(200);
    expect(redone.body.grids.map((g: any) => g.code).sort()).toEqual([grid.code, `${built.communityCode}007`]);
    await expectInvariants(built);
  });

  it('merges neighbours: the first keeps its identity, the others cease and their workers are released', async () => {
    const built = await community();
    const { sql } = database;
    const [first, second] = [await version(built, 1), await version(built, 0)];
    const merged = await post(app, headers, '/api/grid-edits/merge', { versionIds: [first.versionId, second.versionId] });
    expect(merged.status).toBe(200);
    expect(merged.body.grids).toHaveLength(1);
    expect(merged.body.grids[0]).toMatchObject({ gridId: first.gridId, code: first.code, households: 32, partCount: 1 });
    expect(merged.body.removedGrids).toEqual([expect.objectContaining({ gridId: second.gridId, code: second.code })]);
    const [assignment] = await sql`select ended_at from grid_assignments where worker_id = ${built.workerId}`;
    expect(assignment!.endedAt).not.toBeNull();
    await expectInvariants(built);
    // undo brings the absorbed grid back with its code and its (still free) worker
    const undone = await post(app, headers, `/api/grid-edits/${merged.body.editId}/undo`, {});
    expect(undone.status).toBe(200);
    const [restored] = await sql`select count(*)::int as n from grid_assignments where worker_id = ${built.workerId} and grid_id = ${second.gridId} and ended_at is null`;
    expect(restored!.n).toBe(1);
    expect((await currentGrids(sql, built.communityId)).map((g) => g.code)).toContain(second.code);
    await expectInvariants(built);
  });

  it('reshapes: area taken from a neighbour leaves it, area given up goes to the named receiver', async () => {
    const built = await community();
    const [west, east] = [await version(built, 0), await version(built, 1)];
    const [minLng, minLat, maxLng, maxLat] = west.bbox;
    const step = (maxLng - minLng) * 0.3;
    // grow east into the neighbour
    const grown = await post(app, headers, '/api/grid-edits/reshape', {
      versionId: west.versionId, geometry: rectangle(minLng, minLat, maxLng + step, maxLat), basedOnVersionIds: [east.versionId],
    });
    expect(grown.status).toBe(200);
    const eastAfter = grown.body.grids.find((g: any) => g.gridId === east.gridId);
    expect(eastAfter.households).toBe(16 - 4);
    expect(grown.body.grids.find((g: any) => g.gridId === west.gridId).households).toBe(16 + 4);
    await expectInvariants(built);
    // shrink back: without a receiver refused, with one accepted
    const westNow = await version(built, 0);
    const eastNow = await version(built, 1);
    const shrink = { versionId: westNow.versionId, geometry: rectangle(minLng, minLat, maxLng, maxLat) };
    const refused = await post(app, headers, '/api/grid-edits/reshape', shrink);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.field).toBe('receiverVersionId');
    expect(refused.body.error.details.geometry.type).toMatch(/Polygon/);
    const shrunk = await post(app, headers, '/api/grid-edits/reshape', { ...shrink, receiverVersionId: eastNow.versionId });
    expect(shrunk.status).toBe(200);
    expect(shrunk.body.grids.find((g: any) => g.gridId === east.gridId).households).toBe(16);
    await expectInvariants(built);
  });

  it('fills an uncovered part of a community, as a new grid or into a named grid', async () => {
    const built = await community({ columns: 2, rows: 1 });
    const { sql } = database;
    const [minLng, minLat, maxLng, maxLat] = (await version(built, 1)).bbox;
    // the community grows east by half a cell: that strip is in no grid
    await sql`update communities set boundary = ST_Multi(ST_Union(boundary, ST_MakeEnvelope(${maxLng}, ${minLat}, ${maxLng + 0.0025}, ${maxLat}, 4326)))
               where id = ${built.communityId}`;
    const nothing = await post(app, headers, '/api/grid-edits/fill', { communityId: built.communityId, geometry: rectangle(minLng, minLat, maxLng - 0.001, maxLat) });
    expect(nothing.status).toBe(422);
    // drawn roughly, beyond the community and over the neighbour: clipped to the strip
    const drawn = rectangle(maxLng - 0.001, minLat - 0.001, maxLng + 0.004, maxLat + 0.001);
    const preview = await post(app, headers, '/api/grid-edits/fill/preview', { communityId: built.communityId, geometry: drawn, intoVersionId: (await version(built, 1)).versionId });
    expect(preview.status).toBe(200);
    expect(preview.body.grids[0].areaSquareMetres).toBeGreaterThan(1.4 * preview.body.before[0].areaSquareMetres);
    const filled = await post(app, headers, '/api/grid-edits/fill', { communityId: built.communityId, geometry: drawn, name: '新网格' });
    expect(filled.status).toBe(200);
    expect(filled.body.grids[0]).toMatchObject({ status: 'created', name: '新网格', code: `${built.communityCode}003`, households: 0 });
    const report = await measureInvariants(sql, built.communityId);
    expect(report.uncoveredSquareMetres).toBeLessThan(1);
    expect(report.overlaps).toEqual([]);
  });

  it('moves a block of buildings to a neighbouring grid, and refuses a block that is not in the grid', async () => {
    const built = await community({ columns: 2, rows: 1 });
    const { sql } = database;
    const [west, east] = [await version(built, 0), await version(built, 1)];
    const [minLng, minLat, maxLng, maxLat] = west.bbox;
    const width = maxLng - minLng;
    // a block along the shared edge covering the eastern quarter of the west grid
    const [block] = await sql`
      insert into basemap_features (layer, class, name, geometry)
      values ('block', 'residential', '测试街坊', ST_MakeEnvelope(${maxLng - width / 4}, ${minLat}, ${maxLng}, ${maxLat}, 4326)) returning id`;
    const moved = await post(app, headers, '/api/grid-edits/move-block', { blockId: block!.id, fromVersionId: west.versionId, toVersionId: east.versionId });
    expect(moved.status).toBe(200);
    expect(moved.body.grids.find((g: any) => g.gridId === east.gridId).households).toBe(20);
    expect(moved.body.grids.find((g: any) => g.gridId === west.gridId).households).toBe(12);
    await expectInvariants(built);
    const before = await snapshot(sql);
    const again = await post(app, headers, '/api/grid-edits/move-block', {
      blockId: block!.id, fromVersionId: (await version(built, 0)).versionId, toVersionId: (await version(built, 1)).versionId,
    });
    expect(again.status).toBe(422);
    expect(await snapshot(sql)).toBe(before);
  });

  it('answers 409 with what changed when an edit is based on a version that is no longer current', async () => {
    const built = await community();
    const grid = await version(built, 2);
    const [minLng, minLat, maxLng, maxLat] = grid.bbox;
    const line = (fraction: number) => ({
      type: 'LineString', coordinates: [[minLng + (maxLng - minLng) * fraction, maxLat + 0.001], [minLng + (maxLng - minLng) * fraction, minLat - 0.001]],
    });
    const first = await post(app, headers, '/api/grid-edits/split', { versionId: grid.versionId, line: line(0.5) });
    expect(first.status).toBe(200);
    const before = await snapshot(database.sql);
    const second = await post(app, headers, '/api/grid-edits/split', { versionId: grid.versionId, line: line(0.25) });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('grids_changed_since_loaded');
    expect(second.body.error.details.changed).toEqual([
      { gridId: grid.gridId, basedOnVersionId: grid.versionId, currentVersionId: first.body.grids.find((g: any) => g.status === 'changed').versionId },
    ]);
    expect(await snapshot(database.sql)).toBe(before);
  });

  it('runs concurrent edits of one grid one after the other: one wins, the other gets 409', async () => {
    const built = await community();
    const grid = await version(built, 3);
    const [minLng, minLat, maxLng, maxLat] = grid.bbox;
    const split = (fraction: number) =>
      post(app, headers, '/api/grid-edits/split', {
        versionId: grid.versionId,
        line: { type: 'LineString', coordinates: [[minLng + (maxLng - minLng) * fraction, maxLat + 0.001], [minLng + (maxLng - minLng) * fraction, minLat - 0.001]] },
      });
    const statuses = (await Promise.all([split(0.4), split(0.6)])).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409]);
    await expectInvariants(built);
  });

  it('lists the grids of a community with figures and warnings, and the edit history', async () => {
    const built = await community();
    const figures = await getJson(app, `/api/communities/${built.communityId}/grid-figures`, { headers });
    expect(figures.status).toBe(200);
    expect(figures.body.grids).toHaveLength(6);
    expect(figures.body.grids[0]).toMatchObject({ households: 16, buildings: 1, vacant: false, householdDeviation: 16 - 300 });
    expect(figures.body.grids[0].bbox).toHaveLength(4);
    expect(figures.body.community).toMatchObject({ households: 96, gridCount: 6, vacantGridCount: 5, stationStaffRequired: 3 });
    expect((await getJson(app, '/api/communities/999999/grid-figures', { headers })).status).toBe(404);
    const edits = await getJson(app, '/api/grid-edits?limit=5', { headers });
    expect(edits.status).toBe(200);
    expect(Array.isArray(edits.body.edits)).toBe(true);
    const openapi = await getJson(app, '/api/openapi.json');
    for (const path of ['/api/grid-edits/split', '/api/grid-edits/split/preview', '/api/grid-edits/move-block', '/api/grid-edits/{id}/undo', '/api/communities/{id}/grid-figures']) {
      expect(openapi.body.paths[path], path).toBeDefined();
    }
  });
});
