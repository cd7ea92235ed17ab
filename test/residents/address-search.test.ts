import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { normaliseAddressQuery } from '../../server/residents/address-query.ts';
import { buildAccountsWorld, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

describe('address query normalisation', () => {
  it.each([
    ['凤梅家园 3栋', '凤梅家园3栋'],
    ['凤梅家园３号楼', '凤梅家园3栋'],
    ['凤梅家园3幢2单元301', '凤梅家园3栋'],
    ['凤梅家园 3', '凤梅家园3栋'],
    ['凤梅家园', '凤梅家园'],
  ])('%s → %s', (query, key) => {
    expect(normaliseAddressQuery(query)).toBe(key);
  });
});

describe('resident address search and areas', () => {
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

  it('finds a building by complex and number, with its grid and worker card and no household data', async () => {
    const { status, body } = await getJson(app, `/api/addresses?q=${encodeURIComponent('测试小区 1栋 1单元 101')}`);
    expect(status).toBe(200);
    const [best] = body.suggestions;
    expect(best.label).toBe('测试小区 1栋');
    expect(best.grid.id).toBe(world.territory.gridIds[0]);
    expect(best.worker.name).toBe('赵网格');
    expect(JSON.stringify(body)).not.toMatch(/张三|13812345678|headName/);
  });

  it('tolerates a typo and a missing 栋', async () => {
    const typo = await getJson(app, `/api/addresses?q=${encodeURIComponent('测式小区2')}`);
    expect(typo.body.suggestions[0]?.label).toBe('测试小区 2栋');
  });

  it('refuses an empty query naming q', async () => {
    const { status, body } = await getJson(app, '/api/addresses?q=%20');
    expect(status).toBe(400);
    expect(body.error.details.fields[0].field).toBe('q');
  });

  it('lists the street, community and grid containing a point, and nothing outside', async () => {
    const [minLng, minLat, maxLng, maxLat] = world.territory.gridBoxes[1]!;
    const inside = await getJson(app, `/api/areas?lng=${(minLng + maxLng) / 2}&lat=${(minLat + maxLat) / 2}`);
    expect(inside.body.areas.map((area: any) => area.type)).toEqual(['street', 'community', 'grid']);
    expect(inside.body.areas[2].id).toBe(world.territory.gridIds[1]);
    expect(inside.body.areas[2].code).toMatch(/^\d{15}$/);
    const outside = await getJson(app, '/api/areas?lng=100&lat=20');
    expect(outside.body.areas).toEqual([]);
    expect(outside.body.inServiceArea).toBe(false);
    expect(outside.body.nearestCommunity).toMatchObject({ id: world.territory.communityId });
  });
});
