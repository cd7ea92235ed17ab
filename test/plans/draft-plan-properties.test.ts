import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { buildEditableCommunity, currentGrids, expectLayoutInvariants, plannerHeaders, post, snapshot } from '../grids/grid-editing-fixture.ts';

type Step = { kind: 'split'; grid: number; at: number; vertical: boolean } | { kind: 'merge'; grid: number } | { kind: 'undo' };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('split' as const), grid: fraction, at: fc.double({ min: 0.2, max: 0.8, noNaN: true }), vertical: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('merge' as const), grid: fraction }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'undo' as const }) },
);

/**
 * Any sequence of plan steps — splits, merges of neighbours, undos — leaves the live layout exactly
 * as it was until publication; publishing then yields a layout with the invariants of the live
 * editor: no overlap, no gap, households conserved and in the grid containing them.
 */
describe('draft plans keep the live layout untouched and publish valid layouts (property)', () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;
  let run = 0;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    ({ headers } = await plannerHeaders(database.sql, sessionFor));
  });
  afterAll(async () => {
    await database.close();
  });

  it('holds for random step sequences', async () => {
    let madeEdits = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
        const built = await buildEditableCommunity(database.sql, { origin: [115.0 + 0.05 * run++, 29.0], columns: 3, rows: 2 });
        const opened = await post(app, headers, '/api/plans', { name: `性质测试 ${run}`, communityIds: [built.communityId] });
        const planId = opened.body.plan.id;
        const before = await snapshot(database.sql);
        for (const current of steps) {
          const detail = (await getJson(app, `/api/plans/${planId}`, { headers })).body;
          const grids = detail.grids as { versionId: number; bbox: [number, number, number, number] }[];
          if (current.kind === 'undo') {
            await post(app, headers, `/api/plans/${planId}/undo`, {});
            continue;
          }
          const index = Math.floor(current.grid * grids.length);
          const grid = grids[index]!;
          if (current.kind === 'split') {
            const [minLng, minLat, maxLng, maxLat] = grid.bbox;
            const line = current.vertical
              ? [[minLng + (maxLng - minLng) * current.at, maxLat + 0.001], [minLng + (maxLng - minLng) * current.at, minLat - 0.001]]
              : [[minLng - 0.001, minLat + (maxLat - minLat) * current.at], [maxLng + 0.001, minLat + (maxLat - minLat) * current.at]];
            const result = await post(app, headers, `/api/plans/${planId}/edits/split`, { versionId: grid.versionId, line: { type: 'LineString', coordinates: line } });
            expect([200, 422]).toContain(result.status);
            if (result.status === 200) madeEdits++;
          } else {
            // a neighbour: the grid whose bbox touches this one's east or south edge
            const neighbour = grids.find((other) => other !== grid && (Math.abs(other.bbox[0] - grid.bbox[2]) < 1e-9 || Math.abs(other.bbox[3] - grid.bbox[1]) < 1e-9));
            if (!neighbour) continue;
            const result = await post(app, headers, `/api/plans/${planId}/edits/merge`, { versionIds: [grid.versionId, neighbour.versionId] });
            expect([200, 422]).toContain(result.status);
            if (result.status === 200) madeEdits++;
          }
        }
        expect(await snapshot(database.sql)).toBe(before);
        const detail = (await getJson(app, `/api/plans/${planId}`, { headers })).body;
        expect(detail.problems).toEqual([]);
        const publish = await post(app, headers, `/api/plans/${planId}/publish`, {});
        const unchanged = detail.grids.every((grid: { changed: boolean }) => !grid.changed);
        expect(publish.status).toBe(unchanged ? 422 : 200);
        await expectLayoutInvariants(database.sql, built.communityId, built.householdCount);
        if (publish.status === 200) expect((await currentGrids(database.sql, built.communityId)).length).toBe(detail.grids.length);
      }),
      { numRuns: 8, seed: 20260615 },
    );
    // the invariants prove nothing if every edit was refused: enough of them must have been made
    expect(madeEdits).toBeGreaterThanOrEqual(4);
  }, 300_000); // eight whole plans, each published: minutes on a loaded machine
});
