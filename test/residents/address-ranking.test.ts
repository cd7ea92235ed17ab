import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { splitAddressKey } from '../../server/residents/address-query.ts';
import { rankEstate, syllablesOf } from '../../server/residents/estate-name-index.ts';
import { buildRowOfGrids, createWorker, type BuiltTerritory } from '../support/territory-builder.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

const estate = (name: string) => ({ name, syllables: syllablesOf(name) });

describe('estate names by characters, full pinyin and initials', () => {
  it.each([
    ['凤梅家园', 0],
    ['fmjy', 0],
    ['fengmeijiayuan', 0],
    ['fengmjy', 0],
    ['凤梅', 1],
    ['fm', 1],
    ['fengmei', 1],
    ['梅家', 2],
    ['凤家园', 3],
    ['jiayuan', 3],
  ])('%s names 凤梅家园 with rank %i', (typed, rank) => {
    expect(rankEstate(typed, estate('凤梅家园'))).toBe(rank);
  });

  it.each(['fx', 'fengxia', '凤霞', 'x', '园凤'])('%s does not name 凤梅家园', (typed) => {
    expect(rankEstate(typed, estate('凤梅家园'))).toBeUndefined();
  });

  it('splits the estate from the building number, reading numbers as numbers', () => {
    expect(splitAddressKey('凤梅3栋')).toEqual({ name: '凤梅', number: '3' });
    expect(splitAddressKey('fmjy03栋')).toEqual({ name: 'fmjy', number: '3' });
    expect(splitAddressKey('凤梅家园')).toEqual({ name: '凤梅家园', number: null });
  });
});

/**
 * 凤梅家园 spans two grids with different workers: 1–9栋 in the west grid, 10–25栋 in the east
 * one (as in the demo zone, where typing the estate once offered only one grid's buildings).
 */
describe('address search over an estate that spans two grids', () => {
  let database: Database;
  let app: TestApp;
  let territory: BuiltTerritory;

  const search = async (q: string) => {
    const { status, body } = await getJson(app, `/api/addresses?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    return body;
  };

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    const { sql } = database;
    territory = await buildRowOfGrids(sql, { origin: [118.2, 32.2], gridCount: 2 });
    for (const [index, name] of ['钱西', '孙东'].entries()) {
      const workerId = await createWorker(sql, name);
      await sql`insert into grid_assignments (grid_id, worker_id) values (${territory.gridIds[index]!}, ${workerId})`;
    }
    const place = async (complex: string, number: number, gridIndex: number) => {
      const [minLng, minLat, maxLng, maxLat] = territory.gridBoxes[gridIndex]!;
      // spread along the grid so buildings do not sit on each other
      const x = minLng + ((maxLng - minLng) * ((number % 9) + 1)) / 11;
      const y = (minLat + maxLat) / 2;
      await sql`
        insert into buildings (community_id, complex_name, number, kind, floors, footprint, location)
        values (${territory.communityId}, ${complex}, ${String(number)}, 'resettlement', 6,
                ST_Buffer(ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326), 0.00005, 4), ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326))`;
    };
    // inserted in a shuffled order, so nothing depends on insertion order
    for (const number of [23, 13, 3, 17, 1, 10, 25, 5, 2, 11, 9, 4, 12, 6, 14, 7, 15, 8, 16, 18, 19, 20, 21, 22, 24]) {
      await place('凤梅家园', number, number <= 9 ? 0 : 1);
    }
    await place('凤霞苑', 3, 1);
  });
  afterAll(async () => {
    await database.close();
  });

  it('凤梅3栋 answers 3栋 first, before 13栋 and 23栋', async () => {
    const body = await search('凤梅3栋');
    expect(body.suggestions[0].label).toBe('凤梅家园 3栋');
    expect(body.suggestions[0].grid.id).toBe(territory.gridIds[0]);
    expect(body.suggestions[0].worker.name).toBe('钱西');
    expect(body.suggestions.map((item: any) => item.label)).not.toContain('凤梅家园 13栋');
    expect(body.estates).toEqual([]);
  });

  it('凤梅家园 answers the estate with both grids and every building, in numeric order', async () => {
    const body = await search('凤梅家园');
    expect(body.estates).toHaveLength(1);
    const [answer] = body.estates;
    expect(answer.name).toBe('凤梅家园');
    expect(answer.buildingCount).toBe(25);
    expect(answer.grids.map((group: any) => group.grid.id)).toEqual(territory.gridIds);
    expect(answer.grids.map((group: any) => group.worker.name)).toEqual(['钱西', '孙东']);
    expect(answer.grids[0].buildings.map((building: any) => building.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(answer.grids[1].buildings.map((building: any) => building.number)).toEqual(
      Array.from({ length: 16 }, (_, index) => String(index + 10)),
    );
    // the short list is in numeric order too: 1栋, 2栋 … never 1栋, 10栋, 11栋
    expect(body.suggestions.slice(0, 3).map((item: any) => item.label)).toEqual(['凤梅家园 1栋', '凤梅家园 2栋', '凤梅家园 3栋']);
  });

  it.each(['fmjy', 'FMJY', 'fengmeijiayuan', 'fengmei'])('%s (pinyin) answers the same estate and grids', async (typed) => {
    const body = await search(typed);
    expect(body.estates.map((answer: any) => answer.name)).toEqual(['凤梅家园']);
    expect(body.estates[0].grids).toHaveLength(2);
  });

  it('pinyin with a building number reaches the building in the other grid', async () => {
    const body = await search('fmjy 12号楼');
    expect(body.suggestions[0].label).toBe('凤梅家园 12栋');
    expect(body.suggestions[0].grid.id).toBe(territory.gridIds[1]);
    expect(body.suggestions[0].worker.name).toBe('孙东');
    const full = await search('fengmeijiayuan3');
    expect(full.suggestions[0].label).toBe('凤梅家园 3栋');
  });

  it('a number shared by two estates ranks the named estate first', async () => {
    const body = await search('凤霞3');
    expect(body.suggestions[0].label).toBe('凤霞苑 3栋');
    expect(body.suggestions.map((item: any) => item.label)).not.toContain('凤梅家园 3栋');
  });

  it('a typo still finds the estate by similarity, the exact number first', async () => {
    const body = await search('凤梅嘉园3栋');
    expect(body.suggestions[0].label).toBe('凤梅家园 3栋');
  });
});
