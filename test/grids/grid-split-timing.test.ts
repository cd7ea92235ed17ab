import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';
import { buildEditableCommunity, currentGrids, measureInvariants, plannerHeaders, post } from './grid-editing-fixture.ts';

/**
 * Issue 5 asks for the server time of a split of a grid with about 2,000 households on both
 * databases. One 1 km² grid with a 45 × 45 lattice (2,025 households), split down the middle
 * through the API, preview and write; the times are printed for the record.
 */
describe('split of a grid with ~2,000 households', () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    ({ headers } = await plannerHeaders(database.sql, sessionFor));
  });
  afterAll(async () => {
    await database.close();
  });

  it('splits it, conserving households, and reports the time', async () => {
    const built = await buildEditableCommunity(database.sql, { origin: [117.1, 31.1], columns: 2, rows: 1, cellSize: 0.01, householdsPerSide: 45 });
    const grid = (await currentGrids(database.sql, built.communityId))[0]!;
    const [minLng, minLat, maxLng, maxLat] = grid.bbox;
    const middle = minLng + (maxLng - minLng) * 0.52;
    const body = { versionId: grid.versionId, line: { type: 'LineString', coordinates: [[middle, maxLat + 0.001], [middle, minLat - 0.001]] } };
    const timed = async (path: string) => {
      const started = performance.now();
      const response = await post(app, headers, path, body);
      return { response, milliseconds: performance.now() - started };
    };
    const preview = await timed('/api/grid-edits/split/preview');
    expect(preview.response.status).toBe(200);
    const split = await timed('/api/grid-edits/split');
    expect(split.response.status).toBe(200);
    const counts = split.response.body.grids.map((g: any) => g.households);
    expect(counts.reduce((a: number, b: number) => a + b, 0)).toBe(2025);
    expect(split.response.body.householdsMoved).toBeGreaterThan(900);
    expect((await measureInvariants(database.sql, built.communityId)).householdsOutsideTheirGrid).toBe(0);
    console.log(
      `[grid split timing] ${databaseMode}: 2,025 households → ${counts.join(' + ')}; ` +
        `preview ${preview.milliseconds.toFixed(0)} ms, split ${split.milliseconds.toFixed(0)} ms (in-process API call, server time)`,
    );
  });
});
