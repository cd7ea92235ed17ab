import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/connect.ts';
import { sessionFor } from '../support/accounts-fixture.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

/** Population figures, residents' groups and information grids on the demo zone (issue 19). */
describe('population and community structure on the demo', () => {
  let database: Database;
  let app: TestApp;
  let planner: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('demo');
    ({ app } = createTestApp(database));
    const [user] = await database.sql`select id from users where username = 'planner'`;
    planner = await sessionFor(database.sql, user!.id);
  });
  afterAll(async () => database.close());

  it('population totals are the sums of the households, by grid and by community', async () => {
    const { sql } = database;
    const [direct] = await sql`
      select count(*)::int as households, sum(registered_count)::int as registered, sum(resident_count)::int as resident,
             sum(floating_count)::int as floating, count(*) filter (where registered_elsewhere)::int as separated,
             count(*) filter (where elderly_alone)::int as elderly_alone, count(*) filter (where disability)::int as disability
        from households`;
    for (const level of ['grid', 'community'] as const) {
      const { status, body } = await getJson(app, `/api/population?level=${level}&month=2026-05`, { headers: planner });
      expect(status).toBe(200);
      expect(body.level).toBe(level);
      expect(body.rows.length).toBe(level === 'grid' ? 57 : 3);
      expect(body.totals.households).toBe(direct!.households);
      expect(body.totals.registered).toBe(direct!.registered);
      expect(body.totals.resident).toBe(direct!.resident);
      expect(body.totals.floating).toBe(direct!.floating);
      expect(body.totals.livingHereRegisteredElsewhere.households).toBe(direct!.separated);
      expect(body.totals.elderlyAlone).toBe(direct!.elderlyAlone);
      expect(body.totals.disability).toBe(direct!.disability);
      const sum = (key: string) => body.rows.reduce((total: number, row: Record<string, number>) => total + row[key]!, 0);
      for (const key of ['households', 'registered', 'resident', 'floating', 'specialCare', 'movedIn', 'movedOut']) expect(sum(key)).toBe(body.totals[key]);
    }
  });

  it('counts the month\'s and the previous month\'s moves from the household history', async () => {
    const [may] = await database.sql`
      select count(*) filter (where direction = 'in')::int as moved_in, count(*) filter (where direction = 'out')::int as moved_out
        from household_movements where moved_on >= '2026-05-01' and moved_on < '2026-06-01'`;
    const [april] = await database.sql`
      select count(*) filter (where direction = 'in')::int as moved_in from household_movements where moved_on >= '2026-04-01' and moved_on < '2026-05-01'`;
    const { body } = await getJson(app, '/api/population?level=community&month=2026-05', { headers: planner });
    expect(may!.movedIn).toBeGreaterThan(0);
    expect(body.totals.movedIn).toBe(may!.movedIn);
    expect(body.totals.movedOut).toBe(may!.movedOut);
    expect(body.totals.movedInPreviousMonth).toBe(april!.movedIn);
    expect(body.previousMonth).toBe('2026-04');
  });

  it('refuses a bad level or month naming the field', async () => {
    const level = await getJson(app, '/api/population?level=street', { headers: planner });
    expect(level.status).toBe(400);
    expect(JSON.stringify(level.body.error.details)).toContain('level');
    const month = await getJson(app, '/api/population?month=2026-13', { headers: planner });
    expect(month.status).toBe(400);
    expect(JSON.stringify(month.body.error.details)).toContain('month');
  });

  it('states the 500 / 1,500 / 2,000 rule once and gives each community its status', async () => {
    const { status, body } = await getJson(app, '/api/residents-groups', { headers: planner });
    expect(status).toBe(200);
    expect(body.rule).toMatchObject({ residentsGroupBelow: 500, communityTarget: 1500, communityMaximum: 2000 });
    for (const figure of ['500', '1500', '2000']) expect(body.rule.message).toContain(figure);
    expect(body.communities).toHaveLength(3);
    for (const community of body.communities) {
      // every demo community is far above 2,000: one status with a suggested number of communities
      expect(community.status).toBe('above_maximum');
      expect(community.statusCode).toBe('community_status_above_maximum');
      expect(community.suggestedCommunities).toBe(Math.ceil(community.households / 1500));
      expect(community.message).toContain('2000');
      expect(community.message).toContain('1500');
      expect(community.areas.some((area: { role: string }) => area.role === 'own_community_candidate')).toBe(true);
    }
    const english = await getJson(app, '/api/residents-groups', { headers: { ...planner, 'Accept-Language': 'en' } });
    expect(english.body.rule.message).toContain("residents' group");
    expect(english.body.rule.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("draws residents' groups for areas under 500 households, inside their community", async () => {
    const { body } = await getJson(app, '/api/residents-groups', { headers: planner });
    expect(body.groups.features.length).toBeGreaterThan(5);
    for (const group of body.groups.features) {
      expect(group.properties.households).toBeGreaterThan(0);
      expect(group.properties.households).toBeLessThan(500);
      expect(group.properties.leaderName).toBeTruthy();
    }
    const [outside] = await database.sql`
      select count(*)::int as n from residents_groups r join communities c on c.id = r.community_id
       where area_square_metres(ST_Difference(r.boundary, c.boundary)) > 0.5`;
    expect(outside!.n).toBe(0);
  });

  it("refuses a residents' group outside its community (database constraint)", async () => {
    await expect(database.sql`
      insert into residents_groups (community_id, name, boundary)
      select c.id, '越界小组', ST_Multi(ST_Buffer(ST_Centroid(o.boundary)::geography, 50)::geometry)
        from communities c, communities o where c.id <> o.id limit 1`).rejects.toThrow(/outside its community/);
  });

  it('information grids cover every building of every grid exactly once and never cross their grid (PostGIS)', async () => {
    const { sql } = database;
    const [coverage] = await sql`
      with current_buildings as (
        select distinct on (b.id) b.id as building_id, v.id as version_id
          from buildings b join grid_versions v on v.valid_to is null and ST_Covers(v.geometry, b.location)
         order by b.id, v.grid_id
      )
      select (select count(*) from buildings)::int as buildings,
             (select count(*) from current_buildings)::int as in_grids,
             (select count(*) from info_grid_buildings m join current_buildings c on c.building_id = m.building_id and c.version_id = m.grid_version_id)::int as held,
             (select count(*) from (select building_id from info_grid_buildings group by grid_version_id, building_id having count(*) > 1) twice)::int as twice`;
    expect(coverage!.inGrids).toBe(coverage!.buildings);
    expect(coverage!.held).toBe(coverage!.buildings);
    expect(coverage!.twice).toBe(0);
    // each building lies inside the information grid that holds it
    const [misplaced] = await sql`
      select count(*)::int as n from info_grid_buildings m join info_grids i on i.id = m.info_grid_id join buildings b on b.id = m.building_id
       where not ST_DWithin(i.geometry, b.location, 1e-7)`;
    expect(misplaced!.n).toBe(0);
    const [shapes] = await sql`
      with per_grid as (
        select v.id, v.geometry, ST_Union(i.geometry) as tiles, sum(area_square_metres(i.geometry)) as tile_area
          from grid_versions v join info_grids i on i.grid_version_id = v.id
         where v.valid_to is null
         group by v.id, v.geometry
      )
      select max(area_square_metres(ST_Difference(tiles, geometry)))::float8 as outside,
             max(area_square_metres(ST_Difference(geometry, tiles)))::float8 as gap,
             max(abs(tile_area - area_square_metres(geometry)) / area_square_metres(geometry))::float8 as overlap_or_gap
        from per_grid`;
    expect(shapes!.outside).toBeLessThan(1);
    expect(shapes!.gap).toBeLessThan(1);
    // the tiles' areas add up to the grid's (no overlap): within the area measure's latitude scaling
    expect(shapes!.overlapOrGap).toBeLessThan(1e-4);
    const [sizes] = await sql`
      select count(*)::int as info_grids,
             count(*) filter (where n between 8 and 12)::int as about_ten,
             count(*) filter (where g.buildings >= 8)::int as in_grids_with_eight_or_more
        from (select info_grid_id, count(*) as n from info_grid_buildings group by info_grid_id) counted
        join info_grids i on i.id = counted.info_grid_id
        join (select grid_version_id, count(*) as buildings from info_grid_buildings group by grid_version_id) g on g.grid_version_id = i.grid_version_id`;
    expect(sizes!.aboutTen / sizes!.inGridsWithEightOrMore).toBeGreaterThan(0.75);
  });

  it('answers a grid\'s information grids with building counts and information officers', async () => {
    const [grid] = await database.sql`
      select v.grid_id from grid_versions v join info_grids i on i.grid_version_id = v.id where v.valid_to is null
       group by v.grid_id having count(*) >= 3 order by v.grid_id limit 1`;
    const { status, body } = await getJson(app, `/api/info-grids?gridId=${grid!.gridId}`, { headers: planner });
    expect(status).toBe(200);
    expect(body.buildingsWithout).toBe(0);
    expect(body.infoGrids.features.length).toBeGreaterThanOrEqual(3);
    for (const feature of body.infoGrids.features) {
      expect(feature.properties.buildingCount).toBeGreaterThan(0);
      expect(feature.properties.informationOfficer).toBeTruthy();
      expect(feature.geometry.type).toBe('MultiPolygon');
    }
    const missing = await getJson(app, '/api/info-grids', { headers: planner });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.error.details)).toContain('gridId');
    expect((await getJson(app, '/api/info-grids?gridId=999999', { headers: planner })).status).toBe(404);
  });

  it('refuses an information grid that crosses its grid (database constraint)', async () => {
    await expect(database.sql.begin(async (transaction) => {
      await transaction`
        insert into info_grids (grid_id, grid_version_id, sequence, name, geometry)
        select v.grid_id, v.id, 999, '越界信息网格', ST_Multi(ST_Buffer(v.geometry::geography, 30)::geometry)
          from grid_versions v where v.valid_to is null order by v.id limit 1`;
    })).rejects.toThrow(/outside its grid/);
  });
});
