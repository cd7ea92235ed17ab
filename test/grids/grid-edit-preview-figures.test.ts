import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { plannerHeaders, post, snapshot } from './grid-editing-fixture.ts';

/**
 * A preview does not move households (it places them with one aggregate, apply-layout-change.ts):
 * its answer must still be exactly what the edit itself answers — figures, warnings, moved counts —
 * on the demo's real grids (buildings, residents, workers, stations), and it must write nothing.
 */
describe('a grid edit preview answers what the edit answers', () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    ({ headers } = await plannerHeaders(database.sql, sessionFor));
  });
  afterAll(async () => {
    await database.close();
  });

  /**
   * What an edit's answer says about the layout: everything but the ids only a committed edit has
   * (a rolled-back preview used up the ids its new grids had: those are named by their place instead).
   */
  const figuresOf = (body: any) => {
    const created = new Map<number, string>(
      body.grids.filter((grid: any) => grid.status === 'created').map((grid: any, index: number) => [grid.gridId, `created-${index}`]),
    );
    const withoutIds = JSON.parse(JSON.stringify({ ...body, preview: null, editId: null }), (key, value) =>
      key === 'versionId' ? null : key === 'gridId' && created.has(value) ? created.get(value) : value);
    return withoutIds;
  };

  interface Candidate { versionId: number; gridId: number; bbox: [number, number, number, number]; households: number }

  const candidates = async (): Promise<Candidate[]> =>
    database.sql<Candidate[]>`
      select gv.id as version_id, gv.grid_id,
             array[ST_XMin(gv.geometry), ST_YMin(gv.geometry), ST_XMax(gv.geometry), ST_YMax(gv.geometry)]::float8[] as bbox,
             (select count(*)::int from households h where h.grid_id = gv.grid_id) as households
        from grid_versions gv
       where gv.valid_to is null
       order by households desc, gv.id`;

  it('splits of demo grids: preview equals the committed split, and the preview writes nothing', async () => {
    const grids = await candidates();
    let compared = 0;
    let moved = 0;
    // the most crowded grids and a middling one, cut across and along, at uneven places
    const picks = [grids[0]!, grids[1]!, grids[Math.floor(grids.length / 2)]!];
    for (const [index, grid] of picks.entries()) {
      const [minLng, minLat, maxLng, maxLat] = grid.bbox;
      const across = index % 2 === 0;
      const at = 0.45 + 0.05 * index;
      const coordinates = across
        ? [[minLng - 0.001, minLat + (maxLat - minLat) * at], [maxLng + 0.001, minLat + (maxLat - minLat) * at]]
        : [[minLng + (maxLng - minLng) * at, maxLat + 0.001], [minLng + (maxLng - minLng) * at, minLat - 0.001]];
      const body = { versionId: grid.versionId, line: { type: 'LineString', coordinates } };
      const before = await snapshot(database.sql);
      const preview = await post(app, headers, '/api/grid-edits/split/preview', body);
      if (preview.status !== 200) continue; // a cut the rules refuse (a piece too small) says nothing here
      expect(await snapshot(database.sql)).toBe(before);
      const done = await post(app, headers, '/api/grid-edits/split', body);
      expect(done.status).toBe(200);
      expect(preview.body.preview).toBe(true);
      expect(preview.body.editId).toBeNull();
      expect(figuresOf(preview.body)).toEqual(figuresOf(done.body));
      moved += preview.body.householdsMoved;
      // a split leaves the covered area as it was: the uncovered area it reports is the layout's, measured afresh
      const [measured] = await database.sql<{ uncovered: number | null }[]>`
        select area_square_metres(ST_Difference(c.boundary, (select ST_UnaryUnion(ST_Collect(gv.geometry), 1e-9) from grid_versions gv
                 where gv.community_id = c.id and gv.valid_to is null), 1e-9))::float8 as uncovered
          from communities c where c.id = ${done.body.communityId}`;
      expect(Math.abs(done.body.community.uncoveredSquareMetres - measured!.uncovered!)).toBeLessThanOrEqual(0.001);
      // and the figures are the households' own after the split
      for (const result of done.body.grids) {
        const [counted] = await database.sql<{ households: number; residents: number }[]>`
          select count(*)::int as households, coalesce(sum(resident_count), 0)::int as residents from households where grid_id = ${result.gridId}`;
        expect({ households: result.households, residents: result.residents }).toEqual(counted);
      }
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(2);
    expect(moved).toBeGreaterThan(0);
  });

  it('a merge (grids cease: households are written and rolled back) and its undo preview as they apply', async () => {
    const [pair] = await database.sql<{ a: number; b: number }[]>`
      select a.id as a, b.id as b
        from grid_versions a join grid_versions b
          on b.community_id = a.community_id and b.valid_to is null and b.grid_id <> a.grid_id
         and a.geometry && b.geometry and ST_Length(ST_Intersection(ST_Boundary(a.geometry), ST_Boundary(b.geometry))::geography) > 50
       where a.valid_to is null
       order by a.id, b.id limit 1`;
    expect(pair).toBeDefined();
    const body = { versionIds: [pair!.a, pair!.b] };
    const before = await snapshot(database.sql);
    const preview = await post(app, headers, '/api/grid-edits/merge/preview', body);
    expect(preview.status).toBe(200);
    expect(await snapshot(database.sql)).toBe(before);
    const done = await post(app, headers, '/api/grid-edits/merge', body);
    expect(done.status).toBe(200);
    expect(figuresOf(preview.body)).toEqual(figuresOf(done.body));

    const undoPreview = await post(app, headers, `/api/grid-edits/${done.body.editId}/undo/preview`, {});
    expect(undoPreview.status).toBe(200);
    const undone = await post(app, headers, `/api/grid-edits/${done.body.editId}/undo`, {});
    expect(undone.status).toBe(200);
    expect(figuresOf(undoPreview.body)).toEqual(figuresOf(undone.body));
    expect(undone.body.householdsMoved).toBeGreaterThan(0);
  });
});
