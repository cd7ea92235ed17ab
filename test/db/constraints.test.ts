import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { buildRowOfGrids, createWorker, rectangleWkt } from '../support/territory-builder.ts';

/** The invariants are the database's, not only the application's: direct SQL cannot break them. */
describe('schema constraints', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase('migrated');
  });
  afterAll(async () => {
    await database.close();
  });

  async function errorOf(work: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
    try {
      await work();
    } catch (error) {
      return error as { code?: string; message: string };
    }
    throw new Error('expected the database to refuse');
  }

  it('refuses a second active worker on a grid, and a second active grid for a worker', async () => {
    const { sql } = database;
    const territory = await buildRowOfGrids(sql, { origin: [117.0, 31.0] });
    const [firstGrid, secondGrid] = territory.gridIds as [number, number];
    const alice = await createWorker(sql, '甲');
    const bob = await createWorker(sql, '乙');
    await sql`insert into grid_assignments (grid_id, worker_id) values (${firstGrid}, ${alice})`;

    const secondWorker = await errorOf(() => sql`insert into grid_assignments (grid_id, worker_id) values (${firstGrid}, ${bob})`);
    expect(secondWorker.code).toBe('23505');
    expect(secondWorker.message).toContain('grid_assignments_one_worker_per_grid');

    const secondGrid_ = await errorOf(() => sql`insert into grid_assignments (grid_id, worker_id) values (${secondGrid}, ${alice})`);
    expect(secondGrid_.message).toContain('grid_assignments_one_grid_per_worker');

    // ending the first assignment frees both the grid and the worker
    await sql`update grid_assignments set ended_at = now() where grid_id = ${firstGrid} and ended_at is null`;
    await sql`insert into grid_assignments (grid_id, worker_id) values (${firstGrid}, ${bob})`;
    await sql`insert into grid_assignments (grid_id, worker_id) values (${secondGrid}, ${alice})`;
    const [count] = await sql`select count(*)::int as active from grid_assignments where ended_at is null and grid_id in ${sql([firstGrid, secondGrid])}`;
    expect(count!.active).toBe(2);
  });

  it('accepts sibling grids that share an edge and refuses one that overlaps a sibling', async () => {
    const { sql } = database;
    const territory = await buildRowOfGrids(sql, { origin: [117.1, 31.0], gridCount: 2 });
    const [minLng, minLat, maxLng, maxLat] = territory.gridBoxes[0]!;
    const failure = await errorOf(() =>
      sql.begin(async (transaction) => {
        const [grid] = await transaction`insert into grids (community_id) values (${territory.communityId}) returning id`;
        // half of the first grid's area
        await transaction`
          insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from)
          values (${grid!.id}, ${territory.communityId}, '340122999001099', '重叠网格',
                  ST_GeomFromText(${rectangleWkt(minLng, minLat, (minLng + maxLng) / 2, maxLat)}, 4326), now())`;
      }),
    );
    expect(failure.message).toMatch(/overlaps grid/);
    const [row] = await sql`select count(*)::int as versions from grid_versions where community_id = ${territory.communityId}`;
    expect(row!.versions).toBe(2);
  });

  it('refuses invalid geometry, a malformed code and two current versions of one grid', async () => {
    const { sql } = database;
    const territory = await buildRowOfGrids(sql, { origin: [117.2, 31.0], gridCount: 1 });
    const gridId = territory.gridIds[0]!;
    const bowtie = 'MULTIPOLYGON(((117.2 31.0,117.21 31.01,117.21 31.0,117.2 31.01,117.2 31.0)))';
    const invalid = await errorOf(() => sql`
      update grid_versions set geometry = ST_GeomFromText(${bowtie}, 4326) where grid_id = ${gridId}`);
    expect(invalid.code).toBe('23514');

    const badCode = await errorOf(() => sql`update grid_versions set code = '12345' where grid_id = ${gridId}`);
    expect(badCode.code).toBe('23514');

    const secondCurrent = await errorOf(() => sql`
      insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from)
      select grid_id, community_id, '340122999001098', name, geometry, valid_from + interval '1 day'
        from grid_versions where grid_id = ${gridId}`);
    expect(secondCurrent.code).toMatch(/23505|23P01/);
  });

  it('refuses overlapping validity periods for one grid', async () => {
    const { sql } = database;
    const territory = await buildRowOfGrids(sql, { origin: [117.3, 31.0], gridCount: 1, validFrom: new Date('2025-01-01T00:00:00Z') });
    const gridId = territory.gridIds[0]!;
    await sql`update grid_versions set valid_to = '2025-06-01T00:00:00Z' where grid_id = ${gridId}`;
    const overlapping = await errorOf(() => sql`
      insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from, valid_to)
      select grid_id, community_id, code, name, geometry, '2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z'
        from grid_versions where grid_id = ${gridId}`);
    expect(overlapping.code).toBe('23P01');
  });

  it('keeps the audit log append-only', async () => {
    const { sql } = database;
    await sql`insert into audit_log (action, result) values ('test.probe', 'ok')`;
    const update = await errorOf(() => sql`update audit_log set action = 'rewritten'`);
    expect(update.message).toContain('append-only');
    const removal = await errorOf(() => sql`delete from audit_log`);
    expect(removal.message).toContain('append-only');
    const [row] = await sql`select count(*)::int as entries from audit_log where action = 'test.probe'`;
    expect(row!.entries).toBe(1);
  });

  it('bumps the layout revision when grid versions change', async () => {
    const { sql } = database;
    const [before] = await sql`select revision from layout_revision`;
    await buildRowOfGrids(sql, { origin: [117.4, 31.0], gridCount: 1 });
    const [after] = await sql`select revision from layout_revision`;
    expect(Number(after!.revision)).toBeGreaterThan(Number(before!.revision));
  });
});
