import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/app-context.ts';
import type { Database } from '../../server/db/connect.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { buildRowOfGrids, createWorker, type BuiltTerritory } from '../support/territory-builder.ts';

describe('resident lookup', () => {
  let database: Database;
  let app: TestApp;
  let context: AppContext;
  let territory: BuiltTerritory;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app, context } = createTestApp(database));
    territory = await buildRowOfGrids(database.sql, { origin: [117.0, 31.0], gridCount: 2, gridWidth: 0.01 });
    const worker = await createWorker(database.sql, '李网格');
    await database.sql`insert into grid_assignments (grid_id, worker_id) values (${territory.gridIds[0]!}, ${worker})`;
  });
  afterAll(async () => {
    await database.close();
  });

  it('finds the grid and the worker card for a point inside a grid', async () => {
    const { status, body } = await getJson(app, '/api/lookup?lng=117.005&lat=31.005');
    expect(status).toBe(200);
    expect(body.inServiceArea).toBe(true);
    expect(body.grid.id).toBe(territory.gridIds[0]);
    expect(body.community.name).toBe('测试社区');
    expect(body.worker).toMatchObject({ name: '李网格', dutyPhone: '0551-00000000' });
    expect(Object.keys(body.worker).sort()).toEqual(['dutyHours', 'dutyPhone', 'name', 'photoPath']);
  });

  it('gives a point on the shared edge to exactly one grid, the one with the lower code', async () => {
    const { body } = await getJson(app, '/api/lookup?lng=117.01&lat=31.005');
    expect(body.grid.id).toBe(territory.gridIds[0]);
  });

  it('answers a point in a vacant grid with no worker', async () => {
    const { body } = await getJson(app, '/api/lookup?lng=117.015&lat=31.005');
    expect(body.grid.id).toBe(territory.gridIds[1]);
    expect(body.worker).toBeNull();
  });

  it('says a point outside every grid is outside the service area and names the nearest community', async () => {
    const { status, body } = await getJson(app, '/api/lookup?lng=117.05&lat=31.005');
    expect(status).toBe(200);
    expect(body.inServiceArea).toBe(false);
    expect(body.grid).toBeNull();
    expect(body.nearestCommunity.name).toBe('测试社区');
    expect(body.nearestCommunity.distanceMetres).toBeGreaterThan(2000);
  });

  it('answers from memory and rebuilds when the layout changes', async () => {
    await context.gridIndex.ensureFresh();
    const before = context.gridIndex.size;
    await buildRowOfGrids(database.sql, { origin: [117.1, 31.0], gridCount: 1 });
    context.gridIndex.invalidate();
    const { body } = await getJson(app, '/api/lookup?lng=117.105&lat=31.005');
    expect(body.inServiceArea).toBe(true);
    expect(context.gridIndex.size).toBe(before + 1);
  });
});
