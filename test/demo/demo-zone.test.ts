import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { numberingKey } from '../../server/demo/grid-numbering.ts';
import { categoryPatterns, majorCategories } from '../../server/demo/incident-category-catalog.ts';
import { demoTestClock } from '../support/database-templates.ts';
import { openTestDatabase } from '../support/test-database.ts';

// The demo zone as global setup loaded it (fixed seed and clock), checked with PostGIS on a private copy.
const now = demoTestClock;

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase('demo');
});

afterAll(async () => {
  await database?.close();
});

describe('the demo zone', () => {
  it('has 57 grids: 徐桥 21, 凤梅 20, 凤霞 16', async () => {
    const rows = await database.sql<{ name: string; grids: number }[]>`
      select c.name, count(gv.id)::int as grids
        from communities c join grid_versions gv on gv.community_id = c.id and gv.valid_to is null
       group by c.name order by c.name`;
    expect(Object.fromEntries(rows.map((row) => [row.name, row.grids]))).toEqual({ 徐桥社区: 21, 凤梅社区: 20, 凤霞社区: 16 });
  });

  it('tiles every community with its grids: no gap, no overlap', async () => {
    const gaps = await database.sql<{ name: string; difference: number }[]>`
      select c.name, ST_Area(ST_SymDifference(c.boundary, ST_Union(gv.geometry))::geography) as difference
        from communities c join grid_versions gv on gv.community_id = c.id and gv.valid_to is null
       group by c.id, c.name, c.boundary`;
    expect(gaps).toHaveLength(3);
    for (const gap of gaps) expect(gap.difference, gap.name).toBeLessThan(1);
    const [overlaps] = await database.sql<{ count: number }[]>`
      select count(*)::int as count
        from grid_versions a join grid_versions b
          on a.community_id = b.community_id and a.id < b.id and a.valid_to is null and b.valid_to is null
         and a.geometry && b.geometry and ST_Relate(a.geometry, b.geometry, '2********')`;
    expect(overlaps?.count).toBe(0);
    const [street] = await database.sql<{ difference: number }[]>`
      select ST_Area(ST_SymDifference(s.boundary, (select ST_Union(boundary) from communities))::geography) as difference from streets s`;
    expect(street?.difference).toBeLessThan(1);
  });

  it('puts every household in exactly one grid, the one its grid_id names', async () => {
    const [check] = await database.sql<{ households: number; notInExactlyOne: number; wrongGrid: number }[]>`
      select count(*)::int as households,
             count(*) filter (where matches <> 1)::int as not_in_exactly_one,
             count(*) filter (where matches = 1 and matched_grid <> grid_id)::int as wrong_grid
        from (select h.id, h.grid_id, count(gv.id) as matches, min(gv.grid_id) as matched_grid
                from households h
                left join grid_versions gv on gv.valid_to is null and ST_Intersects(gv.geometry, h.location)
               group by h.id, h.grid_id) per_household`;
    expect(check?.households).toBeGreaterThan(15_000);
    expect(check?.notInExactlyOne).toBe(0);
    expect(check?.wrongGrid).toBe(0);
  });

  it('codes grids with 15 unique digits, numbered west→east, north→south by the documented rule', async () => {
    const grids = await database.sql<{ code: string; communityCode: string; centroidX: number; centroidY: number; northLatitude: number }[]>`
      select gv.code, c.code as community_code, ST_X(ST_Centroid(gv.geometry)) as centroid_x, ST_Y(ST_Centroid(gv.geometry)) as centroid_y,
             ST_YMax(c.boundary) as north_latitude
        from grid_versions gv join communities c on c.id = gv.community_id
       where gv.valid_to is null order by gv.code`;
    expect(new Set(grids.map((grid) => grid.code)).size).toBe(57);
    for (const grid of grids) {
      expect(grid.code).toMatch(/^[0-9]{15}$/);
      expect(grid.code.startsWith(grid.communityCode)).toBe(true);
    }
    for (const communityCode of new Set(grids.map((grid) => grid.communityCode))) {
      const members = grids.filter((grid) => grid.communityCode === communityCode);
      expect(members.map((grid) => Number(grid.code.slice(12)))).toEqual(members.map((_, index) => index + 1));
      const keys = members.map((grid) => numberingKey([grid.centroidX, grid.centroidY], grid.northLatitude));
      for (let index = 1; index < keys.length; index++) {
        const [previousBand, previousLongitude] = keys[index - 1]!;
        const [band, longitude] = keys[index]!;
        expect(band > previousBand || (band === previousBand && longitude > previousLongitude), members[index]!.code).toBe(true);
      }
    }
    const [names] = await database.sql<{ name: string }[]>`select name from grid_versions where code like '%001' order by code limit 1`;
    expect(names?.name).toBe('徐桥社区第01网格');
  });

  it('lets 北城世纪城 and 恒泰阿奎利亚 push their communities over 2,000 households', async () => {
    const rows = await database.sql<{ complexName: string; communityName: string; complexHouseholds: number; communityHouseholds: number }[]>`
      select b.complex_name, c.name as community_name, count(*)::int as complex_households,
             (select count(*)::int from households h2 join buildings b2 on b2.id = h2.building_id where b2.community_id = c.id) as community_households
        from households h join buildings b on b.id = h.building_id join communities c on c.id = b.community_id
       where b.complex_name in ('北城世纪城', '恒泰阿奎利亚')
       group by b.complex_name, c.id, c.name`;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.complexHouseholds, row.complexName).toBeGreaterThan(2000);
      expect(row.communityHouseholds, row.communityName).toBeGreaterThan(2000);
    }
    expect(rows.map((row) => row.communityName).sort()).toEqual(['凤梅社区', '徐桥社区']);
  });

  it('staffs each grid with one worker except a few deliberate vacancies', async () => {
    const [staffing] = await database.sql<{ staffed: number; vacant: number; workersOnTwoGrids: number }[]>`
      select count(*) filter (where active_assignments = 1)::int as staffed,
             count(*) filter (where active_assignments = 0)::int as vacant,
             (select count(*)::int from (select worker_id from grid_assignments where ended_at is null group by worker_id having count(*) > 1) twice) as workers_on_two_grids
        from (select g.id, (select count(*) from grid_assignments ga where ga.grid_id = g.id and ga.ended_at is null) as active_assignments from grids g) per_grid`;
    expect(staffing?.vacant).toBeGreaterThanOrEqual(3);
    expect(staffing?.vacant).toBeLessThanOrEqual(4);
    expect((staffing?.staffed ?? 0) + (staffing?.vacant ?? 0)).toBe(57);
    expect(staffing?.workersOnTwoGrids).toBe(0);
  });

  it('has a year of incidents in every category, each in the grid and community that contain it', async () => {
    const [totals] = await database.sql<{ incidents: number; categories: number; first: Date; last: Date; misplaced: number }[]>`
      select count(*)::int as incidents, count(distinct category_code)::int as categories,
             min(reported_at) as first, max(reported_at) as last,
             count(*) filter (where not exists (
               select 1 from grid_versions gv
                where gv.grid_id = i.grid_id and gv.valid_to is null and gv.community_id = i.community_id
                  and ST_Covers(gv.geometry, i.location)))::int as misplaced
        from incidents i`;
    expect(totals?.incidents).toBeGreaterThan(15_000);
    expect(totals?.incidents).toBeLessThan(25_000);
    expect(totals?.categories).toBe(categoryPatterns.length);
    expect(totals?.misplaced).toBe(0);
    expect(totals!.last.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(totals!.first.getTime()).toBeGreaterThanOrEqual(now.getTime() - 366 * 86_400_000);
    const statuses = await database.sql<{ status: string; count: number }[]>`select status, count(*)::int as count from incidents group by status`;
    const byStatus = Object.fromEntries(statuses.map((row) => [row.status, row.count]));
    expect(byStatus.closed).toBeGreaterThan(totals!.incidents * 0.8);
    for (const status of ['rejected', 'handling', 'backlog']) expect(byStatus[status] ?? 0, status).toBeGreaterThan(0);
  });

  it('records each incident lifecycle as events that end in its status', async () => {
    const [check] = await database.sql<{ inconsistent: number; reworked: number; escalated: number; overdueOpen: number }[]>`
      with ordered as (
        select e.incident_id, e.to_status, e.from_status,
               row_number() over (partition by e.incident_id order by e.at, e.id) as position,
               row_number() over (partition by e.incident_id order by e.at desc, e.id desc) as from_end
          from incident_events e)
      select (select count(*)::int from incidents i
               where not exists (select 1 from ordered o where o.incident_id = i.id and o.position = 1 and o.to_status = 'reported' and o.from_status is null)
                  or not exists (select 1 from ordered o where o.incident_id = i.id and o.from_end = 1 and o.to_status = i.status)) as inconsistent,
             (select count(distinct incident_id)::int from incident_events where to_status = 'rework') as reworked,
             (select count(*)::int from incident_events where actor_label = 'system') as escalated,
             (select count(*)::int from incidents where due_at < ${now} and status not in ('closed', 'rejected', 'backlog')) as overdue_open`;
    expect(check?.inconsistent).toBe(0);
    expect(check?.reworked).toBeGreaterThan(0);
    expect(check?.escalated).toBeGreaterThan(0);
    expect(check?.overdueOpen).toBeGreaterThan(0);
  });

  it('registers risk sources of every kind and every level', async () => {
    const rows = await database.sql<{ kind: string; level: number }[]>`select distinct kind, level from risk_sources`;
    expect(new Set(rows.map((row) => row.kind))).toEqual(
      new Set(['gas_station', 'lpg_user', 'construction_site', 'market', 'school', 'old_building', 'chemical_store', 'flood_prone']),
    );
    expect(new Set(rows.map((row) => row.level))).toEqual(new Set([1, 2, 3, 4]));
  });

  it('fills every basemap layer', async () => {
    const rows = await database.sql<{ layer: string }[]>`select distinct layer from basemap_features`;
    expect(new Set(rows.map((row) => row.layer))).toEqual(new Set(['land', 'water', 'green', 'farmland', 'road', 'block', 'label']));
  });

  it('seeds incident categories that match the generator catalogue', async () => {
    const rows = await database.sql<{ code: string; majorCode: string | null; deadlineAmount: number | null; deadlineUnit: string | null; department: string | null; nameZh: string; nameEn: string }[]>`
      select code, major_code, deadline_amount, deadline_unit, department, name_zh, name_en from incident_categories order by code`;
    expect(rows.filter((row) => row.majorCode === null).map((row) => row.code)).toEqual(majorCategories.map((major) => major.code));
    const minors = rows.filter((row) => row.majorCode !== null);
    expect(minors.length).toBeGreaterThanOrEqual(30);
    expect(minors).toEqual(
      categoryPatterns.map((pattern) => ({
        code: pattern.code, majorCode: pattern.code.slice(0, 2), deadlineAmount: pattern.deadlineAmount, deadlineUnit: pattern.deadlineUnit,
        department: pattern.department, nameZh: pattern.nameZh, nameEn: pattern.nameEn,
      })),
    );
    for (const major of majorCategories) expect(minors.some((row) => row.code === `${major.code}99`), major.code).toBe(true);
  });
});
