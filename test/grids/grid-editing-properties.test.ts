import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { buildEditableCommunity, currentGrids, measureInvariants, plannerHeaders, post, snapshot, type EditableCommunity } from './grid-editing-fixture.ts';

type Step =
  | { kind: 'split'; grid: number; x: number; y: number; angle: number }
  | { kind: 'merge'; grid: number; neighbour: number }
  | { kind: 'reshape'; grid: number; side: number; amount: number; grow: boolean }
  | { kind: 'undo' };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('split' as const), grid: fraction, x: fraction, y: fraction, angle: fraction }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('merge' as const), grid: fraction, neighbour: fraction }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('reshape' as const), grid: fraction, side: fraction, amount: fraction, grow: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'undo' as const }) },
);

/**
 * Any sequence of random edits — splits along random lines, merges of neighbours, reshapes that
 * push or pull one side of a grid, undos — keeps the layout's invariants: no overlap, no gap,
 * households conserved and each in the grid containing it, one current version per grid, no open
 * incident in a ceased grid. An edit the server refuses must change nothing.
 */
describe('grid editing keeps the layout invariants (property)', () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;
  let run = 0;
  const tally: Record<string, number> = {};

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    ({ headers } = await plannerHeaders(database.sql, sessionFor));
  });
  afterAll(async () => {
    console.log('[grid property] outcomes:', JSON.stringify(tally));
    await database.close();
  });

  const requestFor = async (built: EditableCommunity, current: Step): Promise<{ path: string; body: unknown } | undefined> => {
    const { sql } = database;
    const grids = await currentGrids(sql, built.communityId);
    if (current.kind === 'undo') {
      const [last] = await sql`select id from grid_edits where community_id = ${built.communityId} order by id desc limit 1`;
      return last ? { path: `/api/grid-edits/${last.id}/undo`, body: {} } : undefined;
    }
    const grid = grids[Math.floor(current.grid * grids.length)]!;
    const [minLng, minLat, maxLng, maxLat] = grid.bbox;
    const width = maxLng - minLng;
    const height = maxLat - minLat;
    if (current.kind === 'split') {
      // a line through a random point of the middle of the grid's box, at a random angle, long enough to cross it
      const centre = [minLng + width * (0.3 + 0.4 * current.x), minLat + height * (0.3 + 0.4 * current.y)];
      const reach = (width + height) * 1.5;
      const angle = current.angle * Math.PI;
      const line = [
        [centre[0]! - Math.cos(angle) * reach, centre[1]! - Math.sin(angle) * reach],
        [centre[0]! + Math.cos(angle) * reach, centre[1]! + Math.sin(angle) * reach],
      ];
      return { path: '/api/grid-edits/split', body: { versionId: grid.versionId, line: { type: 'LineString', coordinates: line } } };
    }
    if (current.kind === 'merge') {
      const neighbours = await sql<{ versionId: number }[]>`
        select b.id as version_id from grid_versions a join grid_versions b
          on b.community_id = a.community_id and b.valid_to is null and b.grid_id <> a.grid_id
         where a.id = ${grid.versionId} and ST_DWithin(a.geometry, b.geometry, 1e-7) order by b.code`;
      if (neighbours.length === 0) return undefined;
      const neighbour = neighbours[Math.floor(current.neighbour * neighbours.length)]!;
      return { path: '/api/grid-edits/merge', body: { versionIds: [grid.versionId, neighbour.versionId] } };
    }
    // reshape: push (grow) or pull (shrink) one side of the grid by up to 40 % of its box
    const side = Math.floor(current.side * 4);
    const depth = (side % 2 === 0 ? width : height) * (0.05 + 0.35 * current.amount);
    const strip: [number, number, number, number] =
      side === 0 ? [maxLng - depth, minLat - 1e-4, maxLng + depth, maxLat + 1e-4]
      : side === 1 ? [minLng - 1e-4, maxLat - depth, maxLng + 1e-4, maxLat + depth]
      : side === 2 ? [minLng - depth, minLat - 1e-4, minLng + depth, maxLat + 1e-4]
      : [minLng - 1e-4, minLat - depth, maxLng + 1e-4, minLat + depth];
    const envelope = sql`ST_MakeEnvelope(${strip[0]}, ${strip[1]}, ${strip[2]}, ${strip[3]}, 4326)`;
    const [shape] = await sql<{ geometry: GeoJSON.Geometry; receiverVersionId: number | null }[]>`
      select ST_AsGeoJSON(${current.grow ? sql`ST_Intersection(ST_Union(a.geometry, ${envelope}), c.boundary)` : sql`ST_Difference(a.geometry, ${envelope})`}, 9)::json as geometry,
             (select b.id from grid_versions b
               where b.community_id = a.community_id and b.valid_to is null and b.grid_id <> a.grid_id
                 and ST_DWithin(b.geometry, ST_Intersection(a.geometry, ${envelope}), 1e-7)
               order by ST_Length(ST_Intersection(ST_Boundary(b.geometry), ST_Buffer(ST_Intersection(a.geometry, ${envelope}), 1e-7))) desc
               limit 1) as receiver_version_id
        from grid_versions a join communities c on c.id = a.community_id where a.id = ${grid.versionId}`;
    if (!shape?.geometry || !/Polygon/.test(shape.geometry.type)) return undefined;
    return {
      path: '/api/grid-edits/reshape',
      body: { versionId: grid.versionId, geometry: shape.geometry, ...(current.grow || shape.receiverVersionId === null ? {} : { receiverVersionId: shape.receiverVersionId }) },
    };
  };

  it('holds after every step of random edit sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 2, maxLength: 5 }), async (steps) => {
        const built = await buildEditableCommunity(database.sql, { origin: [116.0 + 0.02 * run, 30.0 + 0.02 * (run % 7)], columns: 3, rows: 2 });
        run++;
        for (const current of steps) {
          const request = await requestFor(built, current);
          if (!request) continue;
          const before = await snapshot(database.sql);
          const response = await post(app, headers, request.path, request.body);
          const outcome = `${current.kind} ${response.status}`;
          tally[outcome] = (tally[outcome] ?? 0) + 1;
          if (process.env.GRID_PROPERTY_VERBOSE && response.status !== 200) console.log(outcome, response.body.error.message);
          expect([200, 409, 422], JSON.stringify(response.body).slice(0, 400)).toContain(response.status);
          if (response.status !== 200) {
            expect(await snapshot(database.sql)).toBe(before);
            if (response.status === 409) expect(current.kind).toBe('undo');
          }
          const report = await measureInvariants(database.sql, built.communityId);
          expect(report.overlaps, `after ${outcome}`).toEqual([]);
          expect(report.uncoveredSquareMetres, `after ${outcome}`).toBeLessThan(1);
          expect(report.householdsInCurrentGrids).toBe(built.householdCount);
          expect(report.householdsOutsideTheirGrid).toBe(0);
          expect(report.gridsWithSeveralCurrentVersions).toBe(0);
          expect(report.openIncidentsInCeasedGrids).toBe(0);
        }
      }),
      { numRuns: 18, seed: 20260615, endOnFailure: true },
    );
    // the invariants prove nothing if every edit was refused: enough of them must have been made
    const made = Object.entries(tally).filter(([outcome]) => !outcome.startsWith('undo') && outcome.endsWith(' 200')).reduce((sum, [, count]) => sum + count, 0);
    expect(made, JSON.stringify(tally)).toBeGreaterThanOrEqual(30);
  }, 180_000);
});
