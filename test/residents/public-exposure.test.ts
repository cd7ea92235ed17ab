import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../server/accounts/rate-limiter.ts';
import type { Role } from '../../server/accounts/roles.ts';
import type { AppContext } from '../../server/app-context.ts';
import type { Database } from '../../server/db/connect.ts';
import { randomTrackingSuffix } from '../../server/incidents/tracking-code.ts';
import { roundPublicLocation } from '../../server/residents/public-location.ts';
import { hashReporterKey } from '../../server/residents/resident-submission.ts';
import { streamsPerSession } from '../../server/stream/stream.routes.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

/** Metres between two WGS84 points (small distances). */
function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const y = (a.lat - b.lat) * 111_320;
  const x = (a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(x, y);
}

/**
 * Issue 23: a case is public by decision, not by default. A hotline call, a patrol report and a
 * resident's report are filed at the same spot with words that name a flat; anonymously only the
 * resident's report is visible, and only after registration, with the public summary instead of
 * its words and a rounded point — on the tracking page, the "me too" list, Open311 and OGC alike.
 */
describe('what the public may see', () => {
  let database: Database;
  let app: TestApp;
  let context: AppContext;
  let world: AccountsWorld;
  const spot = { longitude: 117.003, latitude: 31.005 };
  const words = '302室邻居把垃圾堆在楼道里';

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app, context } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
  });
  afterAll(async () => {
    await database.close();
  });

  const call = async (who: Role | null, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await app.request(url, {
      method,
      headers: { ...(who ? await sessionFor(database.sql, world.users[who]) : {}), 'Content-Type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  };
  const idOf = async (code: string) =>
    ((await database.sql`select id from incidents where tracking_code = ${code}`) as unknown as [{ id: number }])[0].id;
  const register = async (code: string) =>
    expect((await call('dispatcher', 'POST', `/api/incidents/${await idOf(code)}/transitions`, { action: 'register' })).status).toBe(200);

  /** The three cases of the issue, registered; the tracking codes by source. */
  async function fileThreeCases(): Promise<{ resident: string; residentKey: string; hotline: string; patrol: string }> {
    const resident = await call(null, 'POST', '/api/resident/reports', { category: 'garbage', description: words, ...spot });
    expect(resident.status).toBe(201);
    const hotline = await call('dispatcher', 'POST', '/api/incidents', { categoryCode: '0102', description: `12345来电：${words}`, ...spot });
    const patrol = await call('worker', 'POST', '/api/incidents', { categoryCode: '0102', description: `巡查发现：${words}`, ...spot });
    expect([hotline.status, patrol.status]).toEqual([201, 201]);
    const codes = {
      resident: resident.body.trackingCode as string,
      residentKey: resident.body.reporterKey as string,
      hotline: hotline.body.trackingCode as string,
      patrol: patrol.body.trackingCode as string,
    };
    const sources = await database.sql<{ trackingCode: string; source: string }[]>`
      select tracking_code, source from incidents where tracking_code in ${database.sql([codes.resident, codes.hotline, codes.patrol])}`;
    expect(Object.fromEntries(sources.map((row) => [row.trackingCode, row.source]))).toEqual({
      [codes.resident]: 'resident', [codes.hotline]: 'hotline', [codes.patrol]: 'patrol',
    });
    return codes;
  }

  it('shows anonymously only the registered resident report, with the public summary for its words and a rounded point', async () => {
    const codes = await fileThreeCases();
    const nearby = `/api/resident/nearby?lng=${spot.longitude}&lat=${spot.latitude}&category=garbage`;
    const tracking = (code: string) => call(null, 'GET', `/api/resident/reports/${code}`);

    // before registration: nothing is public, not even the resident's own report
    for (const code of [codes.resident, codes.hotline, codes.patrol]) expect((await tracking(code)).status).toBe(404);
    expect((await call(null, 'GET', nearby)).body.reports).toEqual([]);

    for (const code of [codes.resident, codes.hotline, codes.patrol]) await register(code);
    expect((await tracking(codes.resident)).status).toBe(200);
    expect((await tracking(codes.hotline)).status).toBe(404);
    expect((await tracking(codes.patrol)).status).toBe(404);

    const summary = '楼道堆放垃圾';
    const decided = await call('dispatcher', 'PUT', `/api/incidents/${await idOf(codes.resident)}/public-visibility`, { decision: 'rule', publicSummary: summary });
    expect(decided.body).toMatchObject({ decision: 'rule', publicReason: 'public', isPublic: true, publicSummary: summary });

    const page = await tracking(codes.resident);
    expect(page.body).toMatchObject({ publicSummary: summary, description: null, address: null, viewerIsReporter: false });
    const exact = { lng: spot.longitude, lat: spot.latitude };
    expect(page.body.location).not.toEqual(exact);
    expect(metresBetween(page.body.location, exact)).toBeLessThanOrEqual(50 * Math.SQRT1_2 + 1);

    const nearbyList = await call(null, 'GET', nearby);
    expect(nearbyList.body.reports.map((report: any) => report.trackingCode)).toEqual([codes.resident]);
    expect(nearbyList.body.reports[0]).toMatchObject({ publicSummary: summary, location: page.body.location });

    const open311 = await call(null, 'GET', '/open311/v2/requests.json?service_code=0102');
    expect(open311.body.map((request: any) => request.service_request_id)).toEqual([codes.resident]);
    expect(open311.body[0]).toMatchObject({ description: summary, lat: page.body.location.lat, long: page.body.location.lng, address: null });
    const ogc = await call(null, 'GET', '/ogc/collections/incidents/items');
    expect(ogc.body.features.map((feature: any) => feature.properties.trackingCode)).toEqual([codes.resident]);
    expect(ogc.body.features[0].geometry.coordinates).toEqual([page.body.location.lng, page.body.location.lat]);

    // the words that name a flat appear in no anonymous answer
    for (const answer of [page, nearbyList, open311, ogc]) expect(answer.text).not.toContain('302室');

    // the reporter, with the key, reads their own words and exact point
    const own = await call(null, 'GET', `/api/resident/reports/${codes.resident}`, undefined, { 'X-Reporter-Key': codes.residentKey });
    expect(own.body).toMatchObject({ viewerIsReporter: true, description: words, location: exact });
    // a wrong key is no key
    const wrong = await call(null, 'GET', `/api/resident/reports/${codes.resident}`, undefined, { 'X-Reporter-Key': 'not-the-key' });
    expect(wrong.body).toMatchObject({ viewerIsReporter: false, description: null });

    // staff see why: the hotline call is not public because of its source
    const desk = await call('dispatcher', 'GET', `/api/incidents/${await idOf(codes.hotline)}`);
    expect(desk.body.case).toMatchObject({ publicReason: 'source', publishedToPublic: false, hiddenFromPublic: false });
  });

  it('lets a dispatcher publish a hotline call and hide a resident report; each decision audited', async () => {
    const codes = await fileThreeCases();
    for (const code of [codes.resident, codes.hotline]) await register(code);
    const hotlineId = await idOf(codes.hotline);
    expect((await call('worker', 'PUT', `/api/incidents/${hotlineId}/public-visibility`, { decision: 'published' })).status).toBe(403);
    const published = await call('dispatcher', 'PUT', `/api/incidents/${hotlineId}/public-visibility`, { decision: 'published', publicSummary: '道路保洁不及时' });
    expect(published.body).toMatchObject({ isPublic: true, publicReason: 'published' });
    const page = await call(null, 'GET', `/api/resident/reports/${codes.hotline}`);
    expect(page.body).toMatchObject({ publicSummary: '道路保洁不及时', description: null });

    const residentId = await idOf(codes.resident);
    await call('dispatcher', 'PUT', `/api/incidents/${residentId}/public-visibility`, { decision: 'hidden', reason: '含门牌号' });
    expect((await call(null, 'GET', `/api/resident/reports/${codes.resident}`)).status).toBe(404);
    // back to the rule: public again
    await call('dispatcher', 'PUT', `/api/incidents/${residentId}/public-visibility`, { decision: 'rule' });
    expect((await call(null, 'GET', `/api/resident/reports/${codes.resident}`)).status).toBe(200);

    const audit = await database.sql<{ action: string }[]>`
      select action from audit_log where object_type = 'incident' and object_id in ${database.sql([String(hotlineId), String(residentId)])}
         and action like 'incident.public_%' order by id`;
    expect(audit.map((row) => row.action)).toEqual(['incident.public_published', 'incident.public_hidden', 'incident.public_rule']);
    // a summary that is too long, an unknown decision: 400 naming the field, nothing changed
    const tooLong = await call('dispatcher', 'PUT', `/api/incidents/${residentId}/public-visibility`, { decision: 'rule', publicSummary: '长'.repeat(501) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.fields[0].field).toBe('publicSummary');
    expect((await call('dispatcher', 'PUT', `/api/incidents/${residentId}/public-visibility`, { decision: 'everyone' })).body.error.details.fields[0].field).toBe('decision');
    const [row] = await database.sql`select public_summary, hidden_from_public, published_at from incidents where id = ${residentId}`;
    expect(row).toEqual({ publicSummary: null, hiddenFromPublic: false, publishedAt: null });
  });

  it('hands out codes nobody can enumerate: 100 guesses next to a real code find nothing; old sequential codes still work for their reporter', async () => {
    const codes = await fileThreeCases();
    await register(codes.resident);
    expect((await call(null, 'GET', `/api/resident/reports/${codes.resident}`)).status).toBe(200);
    const datePart = codes.resident.slice(0, codes.resident.lastIndexOf('-'));
    const guesses = [
      ...Array.from({ length: 50 }, (_, index) => `${datePart}-${String(index + 1).padStart(6, '0')}`),
      ...Array.from({ length: 50 }, () => `${datePart}-${randomTrackingSuffix()}`),
    ];
    // the look-up limit is the second line of defence (tested below); here the code space alone must hold
    const original = context.limiters.trackingLookupsPerAddress;
    context.limiters.trackingLookupsPerAddress = new RateLimiter(1000, 60_000);
    const answers = new Map<number, number>();
    try {
      for (const guess of guesses) {
        const status = (await call(null, 'GET', `/api/resident/reports/${guess}`)).status;
        answers.set(status, (answers.get(status) ?? 0) + 1);
      }
    } finally {
      context.limiters.trackingLookupsPerAddress = original;
    }
    expect(Object.fromEntries(answers)).toEqual({ 404: 100 });

    // a case filed before the change keeps its sequential code; its reporter still follows it
    const [old] = await database.sql`
      insert into incidents (tracking_code, category_code, source, status, description, location, grid_id, community_id, reported_at, reporter_key_hash)
      values ('E20251201-000042', '0102', 'resident', 'reported', '旧的上报', ST_SetSRID(ST_MakePoint(${spot.longitude}, ${spot.latitude}), 4326),
              ${world.territory.gridIds[0]!}, ${world.territory.communityId}, '2025-12-01T08:00:00+08:00', ${hashReporterKey('old-key-123456')})
      returning id`;
    expect(old).toBeDefined();
    expect((await call(null, 'GET', '/api/resident/reports/E20251201-000042')).status).toBe(404);
    const own = await call(null, 'GET', '/api/resident/reports/E20251201-000042', undefined, { 'X-Reporter-Key': 'old-key-123456' });
    expect(own.status).toBe(200);
    expect(own.body.description).toBe('旧的上报');
  });

  it('limits tracking look-ups per client address', async () => {
    const original = context.limiters.trackingLookupsPerAddress;
    context.limiters.trackingLookupsPerAddress = new RateLimiter(3, 60_000);
    try {
      for (let attempt = 0; attempt < 3; attempt++) expect((await call(null, 'GET', '/api/resident/reports/E20990101-ABCDEFGH')).status).toBe(404);
      const limited = await call(null, 'GET', '/api/resident/reports/E20990101-ABCDEFGH');
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
    } finally {
      context.limiters.trackingLookupsPerAddress = original;
    }
  });

  it('caps the live streams one session may hold open', async () => {
    const headers = await sessionFor(database.sql, world.users.dispatcher);
    const open: Response[] = [];
    for (let index = 0; index < streamsPerSession; index++) {
      const response = await app.request('/api/stream', { headers });
      expect(response.status).toBe(200);
      open.push(response);
    }
    const refused = await app.request('/api/stream', { headers });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('stream_limit');
    // another session is not affected
    expect((await app.request('/api/stream', { headers: await sessionFor(database.sql, world.users.admin) })).status).toBe(200);
    // closing one frees a place
    await open.pop()!.body!.cancel();
    const again = await app.request('/api/stream', { headers });
    expect(again.status).toBe(200);
    open.push(again);
    for (const response of open) await response.body!.cancel();
  });

  it('snaps public points to fixed cells: the same cell gives the same point, never further than half a diagonal', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.double({ min: 73, max: 135, noNaN: true }), fc.double({ min: 18, max: 53, noNaN: true }), fc.integer({ min: 10, max: 500 }),
        (longitude, latitude, metres) => {
          const rounded = roundPublicLocation(longitude, latitude, metres);
          expect(metresBetween(rounded, { lng: longitude, lat: latitude })).toBeLessThanOrEqual(metres * Math.SQRT1_2 * 1.02 + 0.5);
          // rounding the rounded point changes nothing: asking again reveals nothing more
          expect(roundPublicLocation(rounded.lng, rounded.lat, metres)).toEqual(rounded);
          checked++;
        },
      ),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThanOrEqual(300);
  });
});
