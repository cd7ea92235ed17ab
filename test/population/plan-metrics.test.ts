import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

/** Plan metrics and a community's live layout metrics on the demo; auto-split inside a draft plan (issue 19). */
describe('plan metrics on the demo', () => {
  let database: Database;
  let app: TestApp;
  let planner: Record<string, string>;
  let fullest: { versionId: number; gridId: number; communityId: number };

  const post = (path: string, body: unknown) =>
    getJson(app, path, { method: 'POST', headers: { ...planner, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    const [user] = await database.sql`select id from users where username = 'planner'`;
    planner = await sessionFor(database.sql, user!.id);
    const [row] = await database.sql`
      select v.id as version_id, v.grid_id, v.community_id from grid_versions v join households h on h.grid_id = v.grid_id
       where v.valid_to is null group by v.id, v.grid_id, v.community_id order by count(h.id) desc, v.id limit 1`;
    fullest = { versionId: row!.versionId, gridId: row!.gridId, communityId: row!.communityId };
  });
  afterAll(async () => database.close());

  it('measures the live layout of a community', async () => {
    const { status, body } = await getJson(app, `/api/communities/${fullest.communityId}/layout-metrics`, { headers: planner });
    expect(status).toBe(200);
    const [live] = await database.sql`
      select count(distinct v.id)::int as grids, count(h.id)::int as households
        from grid_versions v left join households h on h.grid_id = v.grid_id
       where v.valid_to is null and v.community_id = ${fullest.communityId}`;
    expect(body.summary.grids).toBe(live!.grids);
    expect(body.summary.households).toBe(live!.households);
    expect(body.summary.allContiguous).toBe(true);
    // the demo's grid boundaries run along its roads
    expect(body.summary.boundaryOnRoadsShare).toBeGreaterThan(0.9);
    for (const grid of body.grids) {
      expect(grid.polsbyPopper).toBeGreaterThan(0);
      expect(grid.polsbyPopper).toBeLessThanOrEqual(1);
      expect(grid.convexHullRatio).toBeGreaterThan(0.5);
      expect(grid.convexHullRatio).toBeLessThanOrEqual(1.0001);
      expect(grid.householdDeviation).toBe(grid.households < 300 ? grid.households - 300 : grid.households > 500 ? grid.households - 500 : 0);
    }
    expect(body.summary.workloadSpread).toBeGreaterThan(0);
    expect((await getJson(app, '/api/communities/999999/layout-metrics', { headers: planner })).status).toBe(404);
  });

  it('auto-splits inside a draft plan and shows the metrics before and after', async () => {
    const opened = await post('/api/plans', { name: '自动拆分方案', communityIds: [fullest.communityId] });
    expect(opened.status).toBe(201);
    const planId = opened.body.plan.id as number;
    // inside the plan the grid has the plan's own version of it
    const detail = await getJson(app, `/api/plans/${planId}`, { headers: planner });
    const inPlan = detail.body.grids.find((grid: { gridId: number }) => grid.gridId === fullest.gridId);
    const split = await post(`/api/plans/${planId}/edits/auto-split/apply`, { versionId: inPlan.versionId, parts: 2 });
    expect(split.body.error ?? null).toBeNull();
    expect(split.status).toBe(200);
    const { status, body } = await getJson(app, `/api/plans/${planId}/metrics`, { headers: planner });
    expect(status).toBe(200);
    expect(body.after.summary.grids).toBe(body.before.summary.grids + 1);
    expect(body.after.summary.households).toBe(body.before.summary.households);
    expect(body.after.summary.boundaryOnRoadsShare).toBeGreaterThan(0.9);
    expect(body.after.summary.innerBoundaryMetres).toBeGreaterThan(body.before.summary.innerBoundaryMetres);
    // nothing live changed
    const [live] = await database.sql`select count(*)::int as n from grid_versions where valid_to is null and community_id = ${fullest.communityId}`;
    expect(live!.n).toBe(body.before.summary.grids);
  });
});
