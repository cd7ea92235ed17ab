import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

/** Auto-split of the demo's fullest grid along roads (issue 19), measured with PostGIS. */
describe('auto-split on the demo', () => {
  let database: Database;
  let app: TestApp;
  let planner: Record<string, string>;
  let fullest: { gridId: number; versionId: number; households: number };

  const post = (path: string, body: unknown) =>
    getJson(app, path, { method: 'POST', headers: { ...planner, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    const [user] = await database.sql`select id from users where username = 'planner'`;
    planner = await sessionFor(database.sql, user!.id);
    const [row] = await database.sql`
      select v.grid_id, v.id as version_id, count(h.id)::int as households
        from grid_versions v join households h on h.grid_id = v.grid_id
       where v.valid_to is null group by v.grid_id, v.id order by households desc, v.grid_id limit 1`;
    fullest = { gridId: row!.gridId, versionId: row!.versionId, households: row!.households };
  });
  afterAll(async () => database.close());

  it('offers 2–3 alternatives for the fullest grid, the best balanced within ±15 %, its cut on roads for ≥ 90 % (PostGIS)', async () => {
    for (const parts of [2, 3]) {
      const { status, body } = await post('/api/grid-edits/auto-split/preview', { versionId: fullest.versionId, parts });
      expect(status).toBe(200);
      expect(body.households).toBe(fullest.households);
      expect(body.alternatives.length).toBeGreaterThanOrEqual(parts === 2 ? 2 : 1);
      expect(body.alternatives.length).toBeLessThanOrEqual(3);
      for (const alternative of body.alternatives) {
        expect(alternative.parts).toHaveLength(parts);
        expect(alternative.parts.reduce((sum: number, part: { households: number }) => sum + part.households, 0)).toBe(fullest.households);
        expect(alternative.metrics.allContiguous).toBe(true);
      }
      const best = body.alternatives[0];
      const households: number[] = best.parts.map((part: { households: number }) => part.households);
      expect(Math.max(...households) / Math.min(...households)).toBeLessThanOrEqual(1.15);

      // measured independently: the cut is where the parts meet, away from the grid's own edge
      const shapes = best.parts.map((part: { geometry: unknown }) => JSON.stringify(part.geometry));
      const [measured] = await database.sql`
        with parts as (select ST_SetSRID(ST_GeomFromGeoJSON(t.json), 4326) as g from unnest(${shapes}::text[]) as t(json)),
        grid as (select geometry from grid_versions where id = ${fullest.versionId}),
        cut as (select ST_Difference(ST_Union(ST_Boundary(p.g)), ST_Buffer(ST_Boundary(grid.geometry), 1e-6)) as line from parts p, grid group by grid.geometry),
        roads as (select ST_Union(ST_Buffer(r.geometry::geography, 3)::geometry) as area from basemap_features r, grid
                   where r.layer = 'road' and ST_DWithin(r.geometry, grid.geometry, 0.001))
        select ST_Length(cut.line::geography)::float8 as cut_metres,
               ST_Length(ST_Intersection(cut.line, roads.area)::geography)::float8 as on_roads_metres,
               (select count(*) from buildings b, grid where ST_Covers(grid.geometry, b.location)
                  and (select count(*) from parts p where ST_Intersects(p.g, ST_Buffer(b.footprint, -1e-6))) > 1)::int as buildings_cut,
               (select abs(sum(area_square_metres(p.g)) - area_square_metres(grid.geometry)) from parts p, grid group by grid.geometry)::float8 as area_difference
          from cut, roads`;
      expect(measured!.cutMetres).toBeGreaterThan(50);
      expect(measured!.onRoadsMetres / measured!.cutMetres).toBeGreaterThanOrEqual(0.9);
      expect(measured!.buildingsCut).toBe(0);
      expect(measured!.areaDifference).toBeLessThan(2);
    }
  });

  it('applies an alternative through the normal preview and confirm path, households conserved', async () => {
    const preview = await post('/api/grid-edits/auto-split/apply/preview', { versionId: fullest.versionId, parts: 2, alternative: 0 });
    expect(preview.status).toBe(200);
    expect(preview.body.preview).toBe(true);
    expect(preview.body.grids).toHaveLength(2);
    const [gridsBefore] = await database.sql`select count(*)::int as n from grid_versions where valid_to is null`;
    const applied = await post('/api/grid-edits/auto-split/apply', { versionId: fullest.versionId, parts: 2, alternative: 0, changeNote: '自动拆分' });
    expect(applied.status).toBe(200);
    expect(applied.body.editId).toBeGreaterThan(0);
    const [after] = await database.sql`select count(*)::int as n from grid_versions where valid_to is null`;
    expect(after!.n).toBe(gridsBefore!.n + 1);
    const counts = applied.body.grids.map((grid: { households: number }) => grid.households);
    expect(counts.reduce((sum: number, value: number) => sum + value, 0)).toBe(fullest.households);
    const [audit] = await database.sql`select count(*)::int as n from audit_log where action = 'grid.split' and object_id = ${String(applied.body.editId)}`;
    expect(audit!.n).toBe(1);
    // the old version is gone: a second apply on it is a conflict, nothing written
    const again = await post('/api/grid-edits/auto-split/apply', { versionId: fullest.versionId, parts: 2, alternative: 0 });
    expect(again.status).toBe(409);
  });

  it('refuses k < 2, an absurd k and a grid with too few households, naming the field; nothing written', async () => {
    const [smallest] = await database.sql`
      select v.id as version_id from grid_versions v left join households h on h.grid_id = v.grid_id
       where v.valid_to is null group by v.id order by count(h.id), v.id limit 1`;
    const [edits] = await database.sql`select count(*)::int as n from grid_edits`;
    for (const [body, status, field] of [
      [{ versionId: smallest!.versionId, parts: 1 }, 400, 'parts'],
      [{ versionId: smallest!.versionId, parts: 500 }, 400, 'parts'],
      [{ versionId: smallest!.versionId, parts: 2.5 }, 400, 'parts'],
      [{ parts: 2 }, 400, 'versionId'],
      [{ versionId: smallest!.versionId, parts: 2 }, 422, 'parts'],
    ] as const) {
      const answer = await post('/api/grid-edits/auto-split/preview', body);
      expect(answer.status).toBe(status);
      expect(JSON.stringify(answer.body.error.details)).toContain(field);
    }
    const tooFew = await post('/api/grid-edits/auto-split/preview', { versionId: smallest!.versionId, parts: 2 });
    expect(tooFew.body.error.code).toBe('auto_split_too_few_households');
    expect(tooFew.body.error.message).toMatch(/户/);
    const [editsAfter] = await database.sql`select count(*)::int as n from grid_edits`;
    expect(editsAfter!.n).toBe(edits!.n);
  });
});
