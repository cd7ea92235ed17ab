import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../server/accounts/rate-limiter.ts';
import type { Role } from '../../server/accounts/roles.ts';
import type { AppContext } from '../../server/app-context.ts';
import { computeKpis } from '../../server/analytics/kpis.repo.ts';
import type { Database } from '../../server/db/connect.ts';
import { residentCategories } from '../../server/residents/resident-categories.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

const photoDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-resident-photos-'));
process.env.GRIDATLAS_PHOTO_DIR = photoDirectory;

describe('resident reports', () => {
  let database: Database;
  let app: TestApp;
  let context: AppContext;
  let world: AccountsWorld;
  const inGrid0 = { longitude: 117.003, latitude: 31.005 };
  const script = '<script>alert("x")</script> 垃圾 <b>堆积</b>';

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app, context } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(photoDirectory, { recursive: true, force: true });
  });

  const call = async (who: Role | null, method: string, url: string, body?: unknown) => {
    const headers = { ...(who ? await sessionFor(database.sql, world.users[who]) : {}), 'Content-Type': 'application/json' };
    const response = await app.request(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  };
  const submit = (body: Record<string, unknown>) =>
    call(null, 'POST', '/api/resident/reports', { category: 'garbage', description: '楼下垃圾三天没人清', ...inGrid0, ...body });
  const tracked = async (code: string, reporterKey: string) => {
    const response = await app.request(`/api/resident/reports/${code}`, { headers: { 'X-Reporter-Key': reporterKey } });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  };
  /** The dispatcher registers (and so dispatches) the resident's report: from here on it may be public. */
  const register = async (code: string) => {
    const [{ id }] = (await database.sql`select id from incidents where tracking_code = ${code}`) as unknown as [{ id: number }];
    const answer = await call('dispatcher', 'POST', `/api/incidents/${id}/transitions`, { action: 'register' });
    expect(answer.status).toBe(200);
  };
  const pngBytes = () => sharp({ create: { width: 32, height: 24, channels: 3, background: '#3a7' } }).png().toBuffer();
  const uploadAnonymously = async (bytes: Uint8Array<ArrayBuffer>, contentType = 'image/png') => {
    const response = await app.request('/api/resident/photos', { method: 'POST', headers: { 'Content-Type': contentType }, body: bytes });
    return { status: response.status, body: await response.json() };
  };

  it('maps every resident category to a minor class of the category tree', async () => {
    const { status, body } = await call(null, 'GET', '/api/resident/categories');
    expect(status).toBe(200);
    expect(body.categories.length).toBe(residentCategories.length);
    const minors = await database.sql`select code from incident_categories where major_code is not null`;
    const codes = new Set(minors.map((row) => row.code));
    for (const category of body.categories) expect(codes.has(category.categoryCode)).toBe(true);
  });

  it('takes a report with a photo from a resident without an account; it lands on the desk as reported and its text stays text', async () => {
    const photo = await uploadAnonymously(new Uint8Array(await pngBytes()));
    expect(photo.status).toBe(201);
    const created = await submit({ description: script, photos: [photo.body.name], contactName: '王女士', contactPhone: '13800001111', address: '测试小区 1栋' });
    expect(created.status).toBe(201);
    // the date is readable, the rest random (nothing to enumerate)
    expect(created.body.trackingCode).toMatch(/^E\d{8}-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(created.body.reporterKey.length).toBeGreaterThan(10);

    const [row] = await database.sql`
      select source, status, description, reporter_name, reporter_phone, reported_anonymously, grid_id from incidents where tracking_code = ${created.body.trackingCode}`;
    expect(row).toMatchObject({ source: 'resident', status: 'reported', description: script, reportedAnonymously: false });
    // the contact is sealed before its first write (issue 16), and opens to what the resident typed
    expect(row!.reporterPhone).toMatch(/^enc:v1:/);
    expect(row!.reporterName).toMatch(/^enc:v1:/);
    expect({ name: testDataKey.open(row!.reporterName), phone: testDataKey.open(row!.reporterPhone) }).toEqual({ name: '王女士', phone: '13800001111' });
    expect(row!.gridId).toBe(world.territory.gridIds[0]);

    // the dispatcher's desk lists open cases, 'reported' among them
    const desk = await call('dispatcher', 'GET', '/api/cases?status=reported,registered,dispatched&sort=reported');
    const onDesk = desk.body.cases.find((item: any) => item.trackingCode === created.body.trackingCode);
    expect(onDesk).toMatchObject({ source: 'resident', status: 'reported' });

    // not yet registered: the public sees nothing, the reporter (with the key) sees their own report
    expect((await call(null, 'GET', `/api/resident/reports/${created.body.trackingCode}`)).status).toBe(404);
    const page = await tracked(created.body.trackingCode, created.body.reporterKey);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ status: 'reported', publicStatus: 'open', description: script, viewerIsReporter: true, photoCount: 1, canRate: false });
    expect(page.body.category).toMatchObject({ residentCode: 'garbage', code: '0102' });
    expect(page.body.timeline).toEqual([expect.objectContaining({ step: 'report', status: 'reported' })]);
    // nothing personal and no staff in the public answer
    expect(page.text).not.toContain('王女士');
    expect(page.text).not.toContain('13800001111');
    expect(page.text).not.toContain('reporter');
  });

  it('stores nothing of the contact for an anonymous report', async () => {
    const created = await submit({ anonymous: true, contactName: '李先生', contactPhone: '13900002222' });
    expect(created.status).toBe(201);
    const [row] = await database.sql`select reporter_name, reporter_phone, reported_anonymously from incidents where tracking_code = ${created.body.trackingCode}`;
    expect(row).toEqual({ reporterName: null, reporterPhone: null, reportedAnonymously: true });
  });

  it('answers field errors for a missing category or an empty description, and the nearest community outside the zone', async () => {
    const noCategory = await call(null, 'POST', '/api/resident/reports', { description: '有问题', ...inGrid0 });
    expect(noCategory.status).toBe(400);
    expect(noCategory.body.error.details.fields.map((field: any) => field.field)).toContain('category');
    const empty = await submit({ description: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields).toMatchObject([{ field: 'description', code: 'description_required', message: '请描述问题' }]);
    const unknown = await submit({ category: 'not-a-category' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields[0].field).toBe('category');
    const tooLong = await submit({ description: '长'.repeat(1001) });
    expect(tooLong.status).toBe(400);
    const outside = await submit({ longitude: 118.5, latitude: 32.5 });
    expect(outside.status).toBe(422);
    expect(outside.body.error.details.reason).toBe('outside_service_area');
    expect(outside.body.error.details.nearestCommunity.id).toBe(world.territory.communityId);
    const notAnImage = await uploadAnonymously(new Uint8Array(new TextEncoder().encode('<svg onload="alert(1)"></svg>')), 'image/svg+xml');
    expect(notAnImage.status).toBe(415);
  });

  it('offers nearby open reports of the same category once registered and counts a "me too" instead of a duplicate', async () => {
    const first = await submit({ category: 'street_light', description: '路灯不亮' });
    const near = `/api/resident/nearby?lng=${inGrid0.longitude + 0.0002}&lat=${inGrid0.latitude}&category=street_light`;
    expect((await call(null, 'GET', near)).body.reports).toEqual([]);
    await register(first.body.trackingCode);
    const nearby = await call(null, 'GET', near);
    expect(nearby.status).toBe(200);
    expect(nearby.body.reports.map((report: any) => report.trackingCode)).toContain(first.body.trackingCode);
    // the reporter's words are not offered to other residents
    expect(JSON.stringify(nearby.body)).not.toContain('路灯不亮');
    const otherCategory = await call(null, 'GET', `/api/resident/nearby?lng=${inGrid0.longitude}&lat=${inGrid0.latitude}&category=manhole`);
    expect(otherCategory.body.reports).toEqual([]);
    const support = await call(null, 'POST', `/api/resident/reports/${first.body.trackingCode}/support`, {});
    expect(support.body.supporterCount).toBe(1);
    const page = await call(null, 'GET', `/api/resident/reports/${first.body.trackingCode}`);
    expect(page.body.supporterCount).toBe(1);
  });

  it('takes one satisfaction rating from the reporter after closure, and the rating feeds the KPIs', async () => {
    const created = await submit({ category: 'garbage', description: '垃圾桶满了' });
    const code = created.body.trackingCode as string;
    const rate = (reporterKey: string, satisfaction = 'basically_satisfied') =>
      call(null, 'POST', `/api/resident/reports/${code}/rating`, { reporterKey, satisfaction });
    expect((await rate(created.body.reporterKey)).status).toBe(409);

    const [{ id }] = (await database.sql`select id from incidents where tracking_code = ${code}`) as unknown as [{ id: number }];
    const act = (who: Role, body: Record<string, unknown>) => call(who, 'POST', `/api/incidents/${id}/transitions`, body);
    expect((await act('dispatcher', { action: 'register' })).body.case.status).toBe('dispatched');
    await act('worker', { action: 'start' });
    const photoResponse = await app.request('/api/photos', {
      method: 'POST', headers: { ...(await sessionFor(database.sql, world.users.worker)), 'Content-Type': 'image/png' }, body: new Uint8Array(await pngBytes()),
    });
    const photo = (await photoResponse.json()) as { name: string };
    expect((await act('worker', { action: 'handle', note: '王师傅已清理', photos: [photo.name] })).status).toBe(200);
    await act('dispatcher', { action: 'pass_check' });
    expect((await act('dispatcher', { action: 'close' })).body.case.status).toBe('closed');

    const page = await tracked(code, created.body.reporterKey);
    expect(page.body).toMatchObject({ publicStatus: 'closed', canRate: true });
    // anyone may read the public page of a closed public report, but only the reporter may rate it
    expect((await call(null, 'GET', `/api/resident/reports/${code}`)).body).toMatchObject({ canRate: false, description: null, viewerIsReporter: false });
    expect(page.body.timeline.map((event: any) => event.step)).toEqual(['report', 'register', 'dispatch', 'start', 'handle', 'pass_check', 'close']);
    // staff notes and names stay off the public page
    expect(page.text).not.toContain('王师傅');
    expect(page.text).not.toContain('测试dispatcher');
    expect(page.text).not.toContain('测试worker');
    expect(page.text).not.toContain('赵网格');

    expect((await rate('wrong-key-000000')).status).toBe(403);
    const rated = await rate(created.body.reporterKey);
    expect(rated.status).toBe(200);
    expect((await rate(created.body.reporterKey, 'satisfied')).status).toBe(409);

    const now = new Date();
    const kpis = await computeKpis(database.sql, { from: new Date(now.getTime() - 3_600_000), to: new Date(now.getTime() + 3_600_000), gridId: world.territory.gridIds[0]! }, now);
    expect(kpis.satisfactionRatings).toBe(1);
    expect(kpis.satisfactionRate).toBe(1);
    const analytics = await call('dispatcher', 'GET', `/api/analytics/kpis?from=${now.toISOString().slice(0, 10)}&to=${new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10)}`);
    expect(analytics.body.kpis.find((kpi: any) => kpi.name === 'satisfactionRate')).toBeDefined();
  });

  it('lets a dispatcher hide a report from public view, audited; a worker may not', async () => {
    const created = await submit({ description: '有人在这里乱写电话号码' });
    const [{ id }] = (await database.sql`select id from incidents where tracking_code = ${created.body.trackingCode}`) as unknown as [{ id: number }];
    await register(created.body.trackingCode);
    expect((await call(null, 'GET', `/api/resident/reports/${created.body.trackingCode}`)).status).toBe(200);
    expect((await call('worker', 'PUT', `/api/incidents/${id}/public-visibility`, { decision: 'hidden' })).status).toBe(403);
    expect((await call(null, 'PUT', `/api/incidents/${id}/public-visibility`, { decision: 'hidden' })).status).toBe(401);
    // the old body shape is refused, naming the field, rather than read as "show"
    expect((await call('dispatcher', 'PUT', `/api/incidents/${id}/public-visibility`, { hidden: true })).status).toBe(400);
    const hidden = await call('dispatcher', 'PUT', `/api/incidents/${id}/public-visibility`, { decision: 'hidden', reason: '含个人信息' });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ decision: 'hidden', isPublic: false, publicReason: 'hidden', hiddenFromPublic: true });
    expect((await call(null, 'GET', `/api/resident/reports/${created.body.trackingCode}`)).status).toBe(404);
    // the reporter still follows their own case
    const own = await tracked(created.body.trackingCode, created.body.reporterKey);
    expect(own.body).toMatchObject({ hiddenFromPublic: true, viewerIsReporter: true, status: 'dispatched' });
    const nearby = await call(null, 'GET', `/api/resident/nearby?lng=${inGrid0.longitude}&lat=${inGrid0.latitude}&category=garbage`);
    expect(nearby.body.reports.map((report: any) => report.trackingCode)).not.toContain(created.body.trackingCode);
    const [audit] = await database.sql`select count(*)::int as count from audit_log where action = 'incident.public_hidden' and object_id = ${String(id)}`;
    expect(audit!.count).toBe(1);
  });

  it('rate-limits reports per client address with 429 and Retry-After', async () => {
    const original = context.limiters.residentReportsPerAddress;
    context.limiters.residentReportsPerAddress = new RateLimiter(2, 60_000);
    try {
      expect((await submit({})).status).toBe(201);
      expect((await submit({})).status).toBe(201);
      const response = await app.request('/api/resident/reports', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ category: 'garbage', description: '再报一次', ...inGrid0 }),
      });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      context.limiters.residentReportsPerAddress = original;
    }
  });
});
