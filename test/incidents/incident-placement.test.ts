import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/app-context.ts';
import type { Database } from '../../server/db/connect.ts';
import { placeIncidents } from '../../server/incidents/incident-ingestion.ts';
import { placesOfPoints, suggestDuplicates } from '../../server/incidents/incident-loop.repo.ts';
import { listIncidentsNear } from '../../server/risks/risk-sources.repo.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { rectangleWkt } from '../support/territory-builder.ts';

/**
 * Issue 21 §4: a batch places its incidents from the in-memory grid index where that is exact,
 * and by PostGIS where it is not (an edge, a stale index, a layout changed after the instant);
 * duplicate suggestions come after the commit, as live events.
 */
describe('incident placement from the grid index', () => {
  let database: Database;
  let app: TestApp;
  let context: AppContext;
  let world: AccountsWorld;
  let headers: Record<string, string>;
  // grid 0: 117.20–117.21, grid 1: 117.21–117.22, both 31.20–31.21, one community around both
  const edge = 117.21;
  const latitude = 31.205;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app, context } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [117.2, 31.2]);
    headers = { ...(await sessionFor(database.sql, world.users.dispatcher)), 'Content-Type': 'application/json' };
  });
  afterAll(async () => {
    await database.close();
  });

  let keyNumber = 0;
  const item = (longitude: number, lat = latitude, overrides: Record<string, unknown> = {}) => ({
    idempotencyKey: `placement-${keyNumber++}`, categoryCode: '0403', description: '12345 工单', longitude, latitude: lat, source: 'hotline', ...overrides,
  });
  const batch = async (items: unknown[]) => {
    const response = await app.request('/api/incidents/batch', { method: 'POST', headers, body: JSON.stringify({ items }) });
    return { status: response.status, body: await response.json() };
  };
  const placed = async (ids: number[]) => {
    const rows = await database.sql<{ id: number; gridId: number | null; communityId: number | null }[]>`
      select id, grid_id, community_id from incidents where id in ${database.sql(ids)}`;
    const byId = new Map(rows.map((row) => [Number(row.id), { gridId: row.gridId, communityId: row.communityId }]));
    return ids.map((id) => byId.get(id)!);
  };

  it('places interior points from memory and edge points as ST_Covers does, the same as the SQL placement', async () => {
    const [grid0, grid1] = world.territory.gridIds as [number, number];
    const community = world.territory.communityId;
    const points = [
      { longitude: 117.203, latitude }, // inside grid 0
      { longitude: 117.215, latitude }, // inside grid 1
      { longitude: edge, latitude }, // on the shared edge: both cover it, the lower code (grid 0) wins
      { longitude: edge + 2e-9, latitude }, // a hair east of the edge: grid 1 only
      { longitude: edge - 2e-9, latitude }, // a hair west: grid 0 only
      { longitude: 117.2, latitude: 31.2 }, // the community's corner
    ];
    const expected = [grid0, grid1, grid0, grid1, grid0, grid0].map((gridId) => ({ gridId, communityId: community }));
    const answer = await batch(points.map((point) => item(point.longitude, point.latitude)));
    expect(answer.status).toBe(200);
    expect(await placed(answer.body.items.map((entry: { id: number }) => entry.id))).toEqual(expected);
    // the oracle: the SQL placement answers the same
    expect(await placesOfPoints(database.sql, points, new Date())).toEqual(expected);
    // and the interiors did come from memory, the edges did not
    const now = new Date();
    expect(context.gridIndex.placeExactly(117.203, latitude, now)).toEqual({ gridId: grid0, communityId: community });
    expect(context.gridIndex.placeExactly(117.215, latitude, now)).toEqual({ gridId: grid1, communityId: community });
    for (const longitude of [edge, edge + 2e-9, edge - 2e-9, 117.2]) expect(context.gridIndex.placeExactly(longitude, latitude, now)).toBeUndefined();
  });

  it('still refuses a point outside every community, naming the item', async () => {
    const refused = await batch([item(117.205), item(100.0, 20.0)]);
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.fields.map((problem: { field: string }) => problem.field)).toEqual(['items.1.location']);
  });

  it('places a point in the grid a just-committed edit gave it, even when the index was built before the edit', async () => {
    const [grid0, grid1] = world.territory.gridIds as [number, number];
    const community = world.territory.communityId;
    await batch([item(117.203)]); // the index is built at the current revision
    const builtAt = context.gridIndex.layoutRevision;
    const beforeEdit = new Date(Date.now() - 60_000);
    // the planner moves the shared edge west to 117.205: 117.207 leaves grid 0 for grid 1
    await database.sql.begin(async (transaction) => {
      const versions = await transaction<{ gridId: number; code: string }[]>`
        update grid_versions set valid_to = now() where grid_id in ${transaction([grid0, grid1])} and valid_to is null returning grid_id, code`;
      const codeOf = new Map(versions.map((version) => [version.gridId, version.code]));
      const shapes: [number, [number, number, number, number]][] = [[grid0, [117.2, 31.2, 117.205, 31.21]], [grid1, [117.205, 31.2, 117.22, 31.21]]];
      for (const [gridId, box] of shapes) {
        await transaction`
          insert into grid_versions (grid_id, community_id, code, name, geometry, valid_from)
          values (${gridId}, ${community}, ${codeOf.get(gridId)!}, '调整后网格', ST_GeomFromText(${rectangleWkt(...box)}, 4326), now())`;
      }
    });
    const moved = { longitude: 117.207, latitude };
    // a stale index (not refreshed since the edit) is not trusted inside the transaction
    expect(context.gridIndex.layoutRevision).toBe(builtAt);
    expect(context.gridIndex.placeExactly(moved.longitude, moved.latitude, new Date())).toEqual({ gridId: grid0, communityId: community });
    const placedByStale = await database.sql.begin((transaction) => placeIncidents(transaction, [moved], new Date(), context.gridIndex));
    expect(placedByStale).toEqual([{ gridId: grid1, communityId: community }]);
    // through the API: the index is rebuilt and places it in the new grid from memory
    const answer = await batch([item(moved.longitude)]);
    expect(answer.status).toBe(200);
    expect(await placed([answer.body.items[0].id])).toEqual([{ gridId: grid1, communityId: community }]);
    expect(context.gridIndex.layoutRevision).toBeGreaterThan(builtAt);
    expect(context.gridIndex.placeExactly(moved.longitude, moved.latitude, new Date())).toEqual({ gridId: grid1, communityId: community });
    // an instant before the edit: the index (current grids only) does not answer; SQL finds the grid valid then
    expect(context.gridIndex.placeExactly(moved.longitude, moved.latitude, beforeEdit)).toBeUndefined();
    const placedBefore = await database.sql.begin((transaction) => placeIncidents(transaction, [moved], beforeEdit, context.gridIndex));
    expect(placedBefore).toEqual([{ gridId: grid0, communityId: community }]);
  });

  it('treats a community boundary change as a layout change (the index holds community boundaries too)', async () => {
    const [before] = await database.sql<{ revision: string }[]>`select revision from layout_revision`;
    await database.sql`update communities set boundary = boundary where id = ${world.territory.communityId}`;
    const [after] = await database.sql<{ revision: string }[]>`select revision from layout_revision`;
    expect(Number(after!.revision)).toBe(Number(before!.revision) + 1);
    // a change elsewhere in the row is not a layout change
    await database.sql`update communities set duty_phone = '0551-11111111' where id = ${world.territory.communityId}`;
    const [unchanged] = await database.sql<{ revision: string }[]>`select revision from layout_revision`;
    expect(Number(unchanged!.revision)).toBe(Number(after!.revision));
  });

  it('suggests duplicates after the commit: an incident.duplicates live event names the earlier case', async () => {
    const first = await batch([item(117.2151, 31.2051, { categoryCode: '0102' })]);
    expect(first.status).toBe(200);
    const second = await batch([item(117.2151, 31.20512, { categoryCode: '0102' }), item(117.203, 31.201, { categoryCode: '0102' })]);
    expect(second.status).toBe(200);
    const [near, far] = second.body.items as { id: number }[];
    const earlier = first.body.items[0].id as number;
    let event: { payload: Record<string, unknown> } | undefined;
    for (let attempt = 0; attempt < 100 && !event; attempt += 1) {
      event = context.liveEvents.bufferedEvents().find((entry) => entry.type === 'incident.duplicates' && entry.payload.id === near!.id);
      if (!event) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(event).toBeDefined();
    const suggestions = event!.payload.duplicateSuggestions as { id: number; distanceMetres: number }[];
    expect(suggestions.map((suggestion) => suggestion.id)).toContain(earlier);
    expect(suggestions[0]!.distanceMetres).toBeLessThan(50);
    // the far one has none, so no event
    expect(context.liveEvents.bufferedEvents().some((entry) => entry.type === 'incident.duplicates' && entry.payload.id === far!.id)).toBe(false);
    // the case page lists the same suggestion when opened
    const page = await app.request(`/api/incidents/${near!.id}`, { headers });
    expect(((await page.json()).duplicateSuggestions as { id: number }[]).map((suggestion) => suggestion.id)).toContain(earlier);
  });

  it('finds the same cases within a radius through the geometry index as ST_DWithin on geography alone (migration 0025)', async () => {
    // cases 49.9 m and 50.1 m (on the spheroid) from a centre in eight directions, then a case at the centre
    const centre = { longitude: 117.205, latitude: 31.2055 };
    const ring = await database.sql<{ longitude: number; latitude: number; metres: number }[]>`
      select ST_X(p) as longitude, ST_Y(p) as latitude, metres
        from (select ST_Project(ST_SetSRID(ST_MakePoint(${centre.longitude}, ${centre.latitude}), 4326)::geography, metres, radians(azimuth))::geometry as p, metres
                from (values (49.9::float8), (50.1::float8)) as v (metres), generate_series(0, 315, 45) as azimuth) as probes
       order by metres, longitude`;
    const ringBatch = await batch(ring.map((point) => item(point.longitude, point.latitude, { categoryCode: '0105' })));
    expect(ringBatch.status).toBe(200);
    const ringIds = (ringBatch.body.items as { id: number }[]).map((entry) => entry.id);
    const inside = ringIds.filter((_, index) => ring[index]!.metres < 50).sort((a, b) => a - b);
    expect(inside).toHaveLength(8);
    const centreBatch = await batch([item(centre.longitude, centre.latitude, { categoryCode: '0105' })]);
    const centreId = centreBatch.body.items[0].id as number;

    const [{ reportedAt }] = await database.sql<[{ reportedAt: Date }]>`select reported_at from incidents where id = ${centreId}`;
    const suggested = (await suggestDuplicates(database.sql, [centreId], { from: reportedAt, to: reportedAt }, 50, 72)).map((suggestion) => suggestion.id).sort((a, b) => a - b);
    expect(suggested).toEqual(inside);
    // the former query (no box, only ST_DWithin on geography) answers the same cases
    const former = await database.sql<{ id: number }[]>`
      select other.id from incidents i join incidents other
          on other.category_code = i.category_code and other.id <> i.id
         and other.status in ('reported', 'registered', 'dispatched', 'handling', 'handled', 'checked', 'rework')
         and other.reported_at between i.reported_at - make_interval(hours => 72) and i.reported_at + make_interval(hours => 72)
         and (other.reported_at < i.reported_at or (other.reported_at = i.reported_at and other.id < i.id))
         and ST_DWithin(other.location::geography, i.location::geography, 50)
       where i.id = ${centreId} order by other.id`;
    expect(former.map((row) => Number(row.id))).toEqual(suggested);

    // a risk source at the centre lists the same ring (and the centre case) within 50 m
    const [source] = await database.sql<{ id: number }[]>`
      insert into risk_sources (name, kind, level, geometry, community_id)
      values ('环形测试加油站', 'gas_station', 3, ST_SetSRID(ST_MakePoint(${centre.longitude}, ${centre.latitude}), 4326), ${world.territory.communityId})
      returning id`;
    const near = await listIncidentsNear(database.sql, source!.id, { radiusMetres: 50, since: new Date(Date.now() - 3600_000), scope: { kind: 'all' } });
    expect(near.map((row) => Number(row.id)).sort((a, b) => a - b)).toEqual([...inside, centreId].sort((a, b) => a - b));
  });

  it('suggests at most 20 earlier cases, nearest first, for a case reported months ago (its month and the window read)', async () => {
    // 25 open cases 2, 3, … 26 m east of a centre, reported 70 days ago (another month than today's),
    // then a case at the centre an hour later: the 20 nearest are suggested, in order of distance
    const centre = { longitude: 117.2065, latitude: 31.2085 };
    const earlier = new Date(Date.now() - 70 * 86_400_000);
    const ring = await database.sql<{ longitude: number; latitude: number }[]>`
      select ST_X(p) as longitude, ST_Y(p) as latitude
        from (select ST_Project(ST_SetSRID(ST_MakePoint(${centre.longitude}, ${centre.latitude}), 4326)::geography, metres, radians(90))::geometry as p
                from generate_series(2, 26) as metres) as probes`;
    const placed = await batch(ring.map((point) => item(point.longitude, point.latitude, { categoryCode: '0106', reportedAt: earlier.toISOString() })));
    expect(placed.status).toBe(200);
    const ringIds = (placed.body.items as { id: number }[]).map((entry) => entry.id);
    const reportedAt = new Date(earlier.getTime() + 3600_000);
    const centreBatch = await batch([item(centre.longitude, centre.latitude, { categoryCode: '0106', reportedAt: reportedAt.toISOString() })]);
    const centreId = centreBatch.body.items[0].id as number;

    const suggested = await suggestDuplicates(database.sql, [centreId], { from: reportedAt, to: reportedAt }, 50, 72);
    expect(suggested.map((suggestion) => suggestion.id)).toEqual(ringIds.slice(0, 20));
    expect(suggested.map((suggestion) => Math.round(suggestion.distanceMetres))).toEqual(Array.from({ length: 20 }, (_, index) => index + 2));
    // the case page lists the same, and so does the live event after the batch
    const page = await app.request(`/api/incidents/${centreId}`, { headers });
    expect(((await page.json()).duplicateSuggestions as { id: number }[]).map((suggestion) => suggestion.id)).toEqual(ringIds.slice(0, 20));
    let event: { payload: Record<string, unknown> } | undefined;
    for (let attempt = 0; attempt < 100 && !event; attempt += 1) {
      event = context.liveEvents.bufferedEvents().find((entry) => entry.type === 'incident.duplicates' && entry.payload.id === centreId);
      if (!event) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((event!.payload.duplicateSuggestions as { id: number }[]).map((suggestion) => suggestion.id)).toEqual(ringIds.slice(0, 20));
  });

  it('keeps every point within the radius inside the search box, across the antimeridian and near the poles', async () => {
    const [row] = await database.sql<{ outside: number; probes: number }[]>`
      select (count(*) filter (where not (p && geography_search_box(c, metres))))::int as outside, count(*)::int as probes
        from (select ST_SetSRID(ST_MakePoint(longitude, latitude), 4326) as c, metres,
                     ST_Project(ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography, metres * 0.999999, radians(azimuth))::geometry as p
                from (values (117.6, 31.8), (0.0, 0.0), (179.999, 10.0), (-179.999, -45.0), (10.0, 80.0), (10.0, 88.9), (20.0, -89.5)) as v (longitude, latitude),
                     (values (1.0::float8), (50.0), (300.0), (5000.0), (100000.0)) as w (metres),
                     generate_series(0, 355, 5) as azimuth) as probes`;
    expect(row).toEqual({ outside: 0, probes: 7 * 5 * 72 });
  });
});
