import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { buildEditableCommunity, currentGrids, plannerHeaders, post, rectangle, snapshot, type EditableCommunity } from './grid-editing-fixture.ts';

/**
 * Each refusal answers the right 4xx and changes nothing: grid versions, households, incidents,
 * assignments and the edit log are byte-for-byte the same afterwards.
 */
describe('grid editing refusals', () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;
  let built: EditableCommunity;
  let neighbourCommunity: EditableCommunity;
  let staleVersionId: number;
  let staleEditId: number;

  const grid = async (index: number) => (await currentGrids(database.sql, built.communityId)).find((g) => g.gridId === built.gridIds[index])!;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    ({ headers } = await plannerHeaders(database.sql, sessionFor));
    built = await buildEditableCommunity(database.sql, { origin: [117.0, 31.0] });
    // a second community directly east
    neighbourCommunity = await buildEditableCommunity(database.sql, { origin: [117.015, 31.0], columns: 1, rows: 2 });
    // grid 5 is split, so its first version is stale; the split is then changed again, so it cannot be undone
    const target = await grid(5);
    const [minLng, minLat, maxLng, maxLat] = target.bbox;
    const middle = (minLng + maxLng) / 2;
    const split = await post(app, headers, '/api/grid-edits/split', {
      versionId: target.versionId, line: { type: 'LineString', coordinates: [[middle, maxLat + 0.001], [middle, minLat - 0.001]] },
    });
    expect(split.status).toBe(200);
    staleVersionId = target.versionId;
    staleEditId = split.body.editId;
    const kept = split.body.grids.find((g: any) => g.status === 'changed');
    const created = split.body.grids.find((g: any) => g.status === 'created');
    const merged = await post(app, headers, '/api/grid-edits/merge', { versionIds: [kept.versionId, created.versionId] });
    expect(merged.status).toBe(200);
  });
  afterAll(async () => {
    await database.close();
  });

  type Case = [string, string, () => Promise<unknown> | unknown, number, string];
  const line = (coordinates: number[][]) => ({ type: 'LineString', coordinates });
  const cases: Case[] = [
    ['a line that misses the grid', 'split', async () => ({ versionId: (await grid(0)).versionId, line: line([[116.9, 30.9], [116.91, 30.91]]) }), 422, 'line_does_not_cross_grid'],
    ['a line that ends inside the grid', 'split', async () => {
      const [minLng, minLat, maxLng, maxLat] = (await grid(0)).bbox;
      return { versionId: (await grid(0)).versionId, line: line([[(minLng + maxLng) / 2, maxLat + 0.001], [(minLng + maxLng) / 2, (minLat + maxLat) / 2]]) };
    }, 422, 'line_does_not_cross_grid'],
    ['a split leaving a piece below the minimum area', 'split', async () => {
      const [minLng, minLat, , maxLat] = (await grid(0)).bbox;
      return { versionId: (await grid(0)).versionId, line: line([[minLng + 0.00001, maxLat + 0.001], [minLng + 0.00001, minLat - 0.001]]) };
    }, 422, 'split_piece_too_small'],
    ['a merge of grids that are not neighbours', 'merge', async () => ({ versionIds: [(await grid(0)).versionId, (await grid(2)).versionId] }), 422, 'grids_not_adjacent'],
    ['a merge of grids of two communities', 'merge', async () => ({
      versionIds: [(await grid(2)).versionId, (await currentGrids(database.sql, neighbourCommunity.communityId))[0]!.versionId],
    }), 422, 'grids_in_different_communities'],
    ['a merge naming one grid', 'merge', async () => ({ versionIds: [(await grid(0)).versionId] }), 400, 'invalid_request'],
    ['a reshape that would cut into another community', 'reshape', async () => {
      const [minLng, minLat, maxLng, maxLat] = (await grid(2)).bbox;
      return { versionId: (await grid(2)).versionId, geometry: rectangle(minLng, minLat, maxLng + 0.002, maxLat) };
    }, 422, 'outline_outside_community'],
    ['a reshape with a self-intersecting ring', 'reshape', async () => {
      const [minLng, minLat, maxLng, maxLat] = (await grid(0)).bbox;
      return { versionId: (await grid(0)).versionId, geometry: { type: 'Polygon', coordinates: [[[minLng, minLat], [maxLng, maxLat], [maxLng, minLat], [minLng, maxLat], [minLng, minLat]]] } };
    }, 422, 'geometry_invalid'],
    ['a reshape that swallows a neighbour', 'reshape', async () => {
      const [minLng, minLat] = (await grid(3)).bbox;
      const [, , maxLng, maxLat] = (await grid(1)).bbox;
      return { versionId: (await grid(0)).versionId, geometry: rectangle(minLng, minLat, maxLng, maxLat), receiverVersionId: (await grid(1)).versionId };
    }, 422, 'outline_covers_grid'],
    ['a ring that is not closed', 'reshape', async () => ({
      versionId: (await grid(0)).versionId, geometry: { type: 'Polygon', coordinates: [[[117, 31], [117.001, 31], [117.001, 31.001], [117, 31.001]]] },
    }), 400, 'invalid_request'],
    ['coordinates out of range', 'reshape', async () => ({ versionId: (await grid(0)).versionId, geometry: rectangle(117, 31, 1170, 31.001) }), 400, 'invalid_request'],
    ['NaN coordinates (not JSON)', 'reshape', async () =>
      `{"versionId":${(await grid(0)).versionId},"geometry":{"type":"Polygon","coordinates":[[[NaN,31],[117.001,31],[117.001,31.001],[117,31]]]}}`, 400, 'invalid_request'],
    ['infinite coordinates (1e999)', 'reshape', async () =>
      `{"versionId":${(await grid(0)).versionId},"geometry":{"type":"Polygon","coordinates":[[[1e999,31],[117.001,31],[117.001,31.001],[1e999,31]]]}}`, 400, 'invalid_request'],
    ['a 100,000-vertex polygon', 'reshape', async () => {
      const ring: number[][] = [];
      for (let index = 0; index < 100_000; index++) {
        const angle = (2 * Math.PI * index) / 100_000;
        ring.push([Number((117.0075 + 0.002 * Math.cos(angle)).toFixed(6)), Number((31.0075 + 0.002 * Math.sin(angle)).toFixed(6))]);
      }
      ring.push(ring[0]!);
      return { versionId: (await grid(0)).versionId, geometry: { type: 'Polygon', coordinates: [ring] } };
    }, 400, 'invalid_request'],
    ['a stale versionId', 'split', async () => ({ versionId: staleVersionId, line: line([[117.0, 31.0], [117.02, 31.01]]) }), 409, 'grids_changed_since_loaded'],
    ['an unknown versionId', 'merge', async () => ({ versionIds: [999999990, 999999991] }), 404, 'versions_not_found'],
    ['a fill over covered ground only', 'fill', async () => ({ communityId: built.communityId, geometry: rectangle(117.001, 31.001, 117.002, 31.002) }), 422, 'fill_covers_nothing'],
    ['a move of a block that does not exist', 'move-block', async () => ({ blockId: 99999999, fromVersionId: (await grid(0)).versionId, toVersionId: (await grid(1)).versionId }), 404, 'not_found'],
    ['an undo of an edit whose grids changed since', `undo`, () => ({}), 409, 'undo_blocked'],
    ['an empty body', 'split', () => ({}), 400, 'invalid_request'],
  ];

  it.each(cases)('refuses %s', async (_label, operation, body, status, code) => {
    const before = await snapshot(database.sql);
    const path = operation === 'undo' ? `/api/grid-edits/${staleEditId}/undo` : `/api/grid-edits/${operation}`;
    const payload = await body();
    const response = await post(app, headers, path, payload);
    if (status === 400 && response.status === 413) {
      // a body over the size limit is refused before parsing: also a refusal that names the problem
      expect(response.body.error.code).toBe('payload_too_large');
    } else {
      expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
      expect(response.body.error.code).toBe(code);
    }
    if (response.status === 422) expect(response.body.error.details).toHaveProperty('geometry');
    if (status === 400 && typeof payload !== 'string' && response.status === 400 && operation === 'reshape') {
      expect(response.body.error.details.fields.map((problem: { field: string }) => problem.field).join(' ')).toContain('geometry');
    }
    expect(await snapshot(database.sql)).toBe(before);
    // the preview refuses the same way
    if (operation !== 'undo') {
      const preview = await post(app, headers, `${path}/preview`, payload);
      expect([status, 413]).toContain(preview.status);
    }
  });

  it('answers a refused split with a stable code and a message in the language asked for', async () => {
    const target = await grid(0);
    const body = { versionId: target.versionId, line: line([[116.9, 30.9], [116.91, 30.91]]) };
    const chinese = await post(app, { ...headers, 'Accept-Language': 'zh-CN,zh;q=0.9' }, '/api/grid-edits/split', body);
    expect(chinese.status).toBe(422);
    expect(chinese.body.error.code).toBe('line_does_not_cross_grid');
    expect(chinese.body.error.message).toBe(`分割线没有穿过网格 ${target.code}：请从网格的一条边画到另一条边`);
    expect(chinese.body.error.message).not.toMatch(/[A-Za-z]{3,}/);
    const english = await post(app, { ...headers, 'Accept-Language': 'en' }, '/api/grid-edits/split', body);
    expect(english.body.error.code).toBe('line_does_not_cross_grid');
    expect(english.body.error.message).toBe(`The line does not cut across grid ${target.code}: draw it from one edge of the grid to another`);
  });

  it('refuses writes to roles other than planner and admin', async () => {
    const [dispatcher] = await database.sql`insert into users (username, display_name, role) values ('dispatcher-grids', '调度', 'dispatcher') returning id`;
    const dispatcherHeaders = await sessionFor(database.sql, dispatcher!.id);
    const response = await post(app, dispatcherHeaders, '/api/grid-edits/merge', { versionIds: [(await grid(0)).versionId, (await grid(1)).versionId] });
    expect(response.status).toBe(403);
    const anonymous = await post(app, {}, '/api/grid-edits/merge/preview', { versionIds: [1, 2] });
    expect(anonymous.status).toBe(401);
  });
});
