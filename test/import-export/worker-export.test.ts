import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

/** Workers have no geometry of their own: map formats place each at (a point inside) their grid. */
describe('worker export in map formats', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
  });
  afterAll(async () => {
    await database.close();
  });

  it('KML has a placemark for the assigned worker, inside their grid', async () => {
    const response = await app.request('/api/exports/workers?format=kml', { headers: await sessionFor(database.sql, world.users.planner) });
    expect(response.status).toBe(200);
    const kml = await response.text();
    expect(kml).toContain('赵网格');
    const point = /<Point><coordinates>([-\d.]+),([-\d.]+)<\/coordinates><\/Point>/.exec(kml);
    expect(point).not.toBeNull();
    const [minLng, minLat, maxLng, maxLat] = world.territory.gridBoxes[0]!;
    expect(Number(point![1])).toBeGreaterThan(minLng);
    expect(Number(point![1])).toBeLessThan(maxLng);
    expect(Number(point![2])).toBeGreaterThan(minLat);
    expect(Number(point![2])).toBeLessThan(maxLat);
  });
});
