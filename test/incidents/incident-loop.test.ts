import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, UserViewer } from '../../server/accounts/roles.ts';
import type { Database } from '../../server/db/connect.ts';
import { escalateOverdueIncidents, startDeadlineScheduler } from '../../server/incidents/deadline-scheduler.ts';
import { applyTransition } from '../../server/incidents/incident-transitions.ts';
import { transitionTable } from '../../server/incidents/incident-state-machine.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

const photoDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridatlas-photos-'));
process.env.GRIDATLAS_PHOTO_DIR = photoDirectory;

describe('incident closed loop', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let secondDispatcher: number;
  const headersOf = new Map<string, Record<string, string>>();

  // grid 0 has the worker; grid 1 is vacant
  const inGrid0 = { longitude: 117.003, latitude: 31.005 };
  const inGrid1 = { longitude: 117.015, latitude: 31.005 };

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
    const [second] = await database.sql`
      insert into users (username, display_name, role) values ('dispatcher-two', '第二调度员', 'dispatcher') returning id`;
    secondDispatcher = second!.id;
    await database.sql`update communities set duty_dispatcher_user_id = ${world.users.dispatcher} where id = ${world.territory.communityId}`;
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(photoDirectory, { recursive: true, force: true });
  });

  const as = async (who: Role | 'dispatcher-two') => {
    if (!headersOf.has(who)) headersOf.set(who, await sessionFor(database.sql, who === 'dispatcher-two' ? secondDispatcher : world.users[who]));
    return headersOf.get(who)!;
  };
  const call = async (who: Role | 'dispatcher-two' | null, method: string, url: string, body?: unknown) => {
    const headers = { ...(who ? await as(who) : {}), 'Content-Type': 'application/json' };
    const response = await app.request(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const report = (who: Role, body: Record<string, unknown>) =>
    call(who, 'POST', '/api/incidents', { categoryCode: '0102', description: '路边垃圾堆积', ...inGrid0, ...body });
  const act = (who: Role | 'dispatcher-two', id: number, body: Record<string, unknown>) => call(who, 'POST', `/api/incidents/${id}/transitions`, body);
  const uploadPhoto = async (who: Role, bytes: Buffer) => {
    const response = await app.request('/api/photos', { method: 'POST', headers: { ...(await as(who)), 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
    return { status: response.status, body: await response.json() };
  };
  const pngBytes = () => sharp({ create: { width: 32, height: 24, channels: 3, background: '#3a7' } }).png().toBuffer();
  const viewerOf = (userId: number, role: Role): UserViewer => ({
    kind: 'user', userId, username: role, displayName: role, role, workerId: role === 'worker' ? world.workerId : null,
    currentGridId: role === 'worker' ? world.territory.gridIds[0]! : null, sessionTokenHash: '', csrfToken: '', mustChangePassword: false,
  });

  it('has a transition table that names every state', () => {
    expect(Object.keys(transitionTable).sort()).toEqual(
      ['backlog', 'checked', 'closed', 'dispatched', 'handled', 'handling', 'registered', 'rejected', 'reported', 'rework'],
    );
  });

  it('walks a case on time from a patrol report to closure, with an event for every step', async () => {
    const reported = await report('worker', { address: '测试路 1 号' });
    expect(reported.status).toBe(201);
    expect(reported.body).toMatchObject({ result: 'created', status: 'reported' });
    const id = reported.body.id as number;

    const registered = await act('dispatcher', id, { action: 'register' });
    expect(registered.status).toBe(200);
    expect(registered.body.case).toMatchObject({
      status: 'dispatched', assignedWorkerId: world.workerId, gridId: world.territory.gridIds[0], vacantGrid: false,
    });
    expect(registered.body.case.dueAt).not.toBeNull();

    const phone = await call('worker', 'GET', `/api/incidents/${id}`);
    expect(phone.body.case.allowedActions).toEqual(['accept', 'start']);
    expect((await act('worker', id, { action: 'accept' })).status).toBe(200);
    expect((await act('worker', id, { action: 'accept' })).status).toBe(409);
    expect((await act('worker', id, { action: 'start' })).body.case.status).toBe('handling');
    const withoutPhoto = await act('worker', id, { action: 'handle', note: '已清理' });
    expect(withoutPhoto.status).toBe(400);
    expect(withoutPhoto.body.error.details.fields[0].field).toBe('photos');
    const photo = await uploadPhoto('worker', await pngBytes());
    expect(photo.status).toBe(201);
    expect((await act('worker', id, { action: 'handle', note: '已清理', photos: [photo.body.name] })).body.case.status).toBe('handled');
    // the worker cannot check their own work
    const selfCheck = await act('worker', id, { action: 'pass_check' });
    expect(selfCheck.status).toBe(403);
    expect((await act('dispatcher', id, { action: 'pass_check', note: '核查通过' })).body.case.status).toBe('checked');
    const closed = await act('dispatcher', id, { action: 'close' });
    expect(closed.body.case).toMatchObject({ status: 'closed', overdue: false });
    expect(closed.body.timeline.map((event: any) => event.action)).toEqual(
      ['report', 'register', 'dispatch', 'accept', 'start', 'handle', 'pass_check', 'close'],
    );
    expect(closed.body.timeline.find((event: any) => event.action === 'handle').photos).toEqual([photo.body.name]);
    const [audit] = await database.sql`select count(*)::int as count from audit_log where object_type = 'incident' and object_id = ${String(id)}`;
    expect(audit!.count).toBeGreaterThanOrEqual(7);
  });

  it('refuses a transition that the state does not allow with 409 naming the state', async () => {
    const { body } = await report('dispatcher', { source: 'hotline' });
    const refused = await act('dispatcher', body.id, { action: 'close' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('invalid_transition');
    expect(refused.body.error.message).toContain('已上报');
    expect(refused.body.error.details.currentState).toBe('reported');
    const [row] = await database.sql`select status from incidents where id = ${body.id}`;
    expect(row!.status).toBe('reported');
  });

  it('refuses actions outside the caller\'s role', async () => {
    const { body } = await report('worker', {});
    expect((await act('worker', body.id, { action: 'register' })).status).toBe(403);
    expect((await act('auditor', body.id, { action: 'register' })).status).toBe(403);
    expect((await report('planner', {})).status).toBe(403);
    expect((await report('worker', { source: 'hotline' })).status).toBe(403);
    await act('dispatcher', body.id, { action: 'register' });
    // the dispatcher is not the assignee of a worker's case
    expect((await act('dispatcher', body.id, { action: 'start' })).status).toBe(403);
  });

  it('returns a failed check for rework, then closes after the second handling', async () => {
    const { body } = await report('worker', { categoryCode: '0201', description: '电线杆小广告' });
    const id = body.id;
    await act('dispatcher', id, { action: 'register' });
    await act('worker', id, { action: 'start' });
    const photo = await uploadPhoto('worker', await pngBytes());
    await act('worker', id, { action: 'handle', photos: [photo.body.name] });
    expect((await act('dispatcher', id, { action: 'fail_check' })).status).toBe(400); // a reason is required
    const rework = await act('dispatcher', id, { action: 'fail_check', note: '仍有残留' });
    expect(rework.body.case).toMatchObject({ status: 'rework', reworkCount: 1 });
    await act('worker', id, { action: 'start' });
    await act('worker', id, { action: 'handle', photos: [photo.body.name] });
    await act('admin', id, { action: 'pass_check' });
    const closed = await act('dispatcher', id, { action: 'close' });
    expect(closed.body.case).toMatchObject({ status: 'closed', reworkCount: 1 });
    expect(closed.body.timeline.filter((event: any) => event.action === 'handle')).toHaveLength(2);
  });

  it('moves a case that cannot be closed to the backlog with a reason, and brings it back', async () => {
    const { body } = await report('worker', { categoryCode: '0101', description: '违法搭建' });
    await act('dispatcher', body.id, { action: 'register' });
    expect((await act('dispatcher', body.id, { action: 'backlog' })).status).toBe(400);
    const backlog = await act('dispatcher', body.id, { action: 'backlog', note: '涉及产权纠纷，待法院裁定' });
    expect(backlog.body.case).toMatchObject({ status: 'backlog', backlogReason: '涉及产权纠纷，待法院裁定' });
    expect((await act('worker', body.id, { action: 'start' })).status).toBe(409);
    const back = await act('dispatcher', body.id, { action: 'dispatch', target: { workerId: world.workerId } });
    expect(back.body.case.status).toBe('dispatched');
  });

  it('routes a vacant grid\'s case to the duty dispatcher, flagged, and the checker must not be the handler', async () => {
    const { body } = await report('dispatcher', { ...inGrid1, source: 'resident', reporterName: '王五', reporterPhone: '13900001111' });
    const id = body.id;
    const registered = await act('dispatcher', id, { action: 'register' });
    expect(registered.body.case).toMatchObject({
      status: 'dispatched', gridId: world.territory.gridIds[1], vacantGrid: true, assignedUserId: world.users.dispatcher, assignedWorkerId: null,
    });
    await act('dispatcher', id, { action: 'start' });
    const photo = await uploadPhoto('dispatcher', await pngBytes());
    await act('dispatcher', id, { action: 'handle', photos: [photo.body.name] });
    const sameUser = await act('dispatcher', id, { action: 'pass_check' });
    expect(sameUser.status).toBe(403);
    expect(sameUser.body.error.details.reason).toBe('checker_is_handler');
    expect((await act('dispatcher-two', id, { action: 'pass_check' })).body.case.status).toBe('checked');
  });

  it('sends categories that belong to a department to the department', async () => {
    const { body } = await report('dispatcher', { categoryCode: '0503', description: '闻到燃气味', source: 'hotline' });
    const registered = await act('dispatcher', body.id, { action: 'register' });
    expect(registered.body.case).toMatchObject({ status: 'dispatched', assignedDepartment: '燃气公司', gridId: world.territory.gridIds[0] });
  });

  it('masks the reporter\'s contact except for the command centre and the assigned worker', async () => {
    const { body } = await report('dispatcher', { source: 'hotline', reporterName: '李四', reporterPhone: '13812345678' });
    await act('dispatcher', body.id, { action: 'register' });
    expect((await call('worker', 'GET', `/api/incidents/${body.id}`)).body.case.reporterPhone).toBe('13812345678');
    const audited = (await call('auditor', 'GET', `/api/incidents/${body.id}`)).body.case;
    expect(audited).toMatchObject({ reporterPhone: '138****5678', reporterName: '李*', reporterContactMasked: true });
    expect((await call('dispatcher', 'GET', `/api/cases?status=dispatched`)).body.cases.find((row: any) => row.id === body.id).reporterPhone).toBe('13812345678');
  });

  it('scopes the case list for a worker to their grid, their assignments and their reports', async () => {
    const { body } = await report('dispatcher', { ...inGrid1, source: 'hotline' });
    const worker = await call('worker', 'GET', '/api/cases?limit=500');
    expect(worker.status).toBe(200);
    expect(worker.body.cases.some((row: any) => row.id === body.id)).toBe(false);
    expect((await call('worker', 'GET', `/api/incidents/${body.id}`)).status).toBe(404);
    const dispatcher = await call('dispatcher', 'GET', `/api/cases?gridId=${world.territory.gridIds[1]}&limit=500`);
    expect(dispatcher.body.cases.some((row: any) => row.id === body.id)).toBe(true);
    const mine = await call('worker', 'GET', '/api/cases?assignedToMe=true&sort=due');
    expect(mine.body.cases.every((row: any) => row.assignedWorkerId === world.workerId)).toBe(true);
  });

  it('suggests an open case of the same category nearby, and merges the duplicate into it', async () => {
    const original = await report('worker', { ...inGrid0, description: '垃圾桶满溢' });
    const duplicate = await report('dispatcher', { longitude: inGrid0.longitude + 0.0001, latitude: inGrid0.latitude, description: '同一处垃圾', source: 'hotline' });
    expect(duplicate.body.duplicateSuggestions.map((suggestion: any) => suggestion.id)).toContain(original.body.id);
    expect(duplicate.body.duplicateSuggestions[0].distanceMetres).toBeLessThan(50);
    const far = await report('dispatcher', { ...inGrid1, source: 'hotline' });
    expect(far.body.duplicateSuggestions.map((suggestion: any) => suggestion.id)).not.toContain(original.body.id);

    expect((await act('dispatcher', duplicate.body.id, { action: 'merge' })).status).toBe(400);
    const merged = await act('dispatcher', duplicate.body.id, { action: 'merge', duplicateOf: original.body.id });
    expect(merged.body.case).toMatchObject({ status: 'rejected', rejectionReason: 'duplicate', duplicateOf: original.body.id });
    const originalPage = await call('dispatcher', 'GET', `/api/incidents/${original.body.id}`);
    expect(originalPage.body.case.status).toBe('reported');
    expect(originalPage.body.timeline.map((event: any) => event.action)).toContain('merged');
  });

  it('computes the deadline from the category and the calendar across a weekend', async () => {
    const { body } = await report('worker', {});
    const friday = new Date('2026-03-13T16:00:00+08:00');
    await applyTransition(database.sql, body.id, { action: 'register' }, { viewer: viewerOf(world.users.dispatcher, 'dispatcher'), now: friday });
    const [row] = await database.sql`select due_at, status from incidents where id = ${body.id}`;
    // 0102 exposed garbage: 2 working hours = 1.5 h on Friday + 0.5 h on Monday
    expect(row!.dueAt.toISOString()).toBe(new Date('2026-03-16T09:00:00+08:00').toISOString());
    expect(row!.status).toBe('dispatched');
  });

  it('escalates an overdue case once, with an event and a notification, from a scheduler with a fixed clock', async () => {
    const { body } = await report('worker', {});
    const registeredAt = new Date('2026-03-13T16:00:00+08:00');
    await applyTransition(database.sql, body.id, { action: 'register' }, { viewer: viewerOf(world.users.dispatcher, 'dispatcher'), now: registeredAt });
    const beforeDue = new Date('2026-03-16T08:59:00+08:00');
    const afterDue = new Date('2026-03-16T10:00:00+08:00');
    await escalateOverdueIncidents(database.sql, beforeDue);
    const escalationsOf = async () => {
      const [row] = await database.sql`select count(*)::int as count from incident_events where incident_id = ${body.id} and action = 'escalate'`;
      return row!.count;
    };
    expect(await escalationsOf()).toBe(0);

    const scheduler = startDeadlineScheduler(database.sql, { clock: () => afterDue, intervalMilliseconds: 3_600_000 });
    // two passes racing, then a third: the case escalates exactly once
    await Promise.all([scheduler.runOnce(), escalateOverdueIncidents(database.sql, afterDue)]);
    await scheduler.runOnce();
    await scheduler.stop();
    expect(await escalationsOf()).toBe(1);
    const [incident] = await database.sql`select escalated_at, status from incidents where id = ${body.id}`;
    expect(incident!.escalatedAt.toISOString()).toBe(afterDue.toISOString());
    expect(incident!.status).toBe('dispatched');
    const notifications = await call('dispatcher', 'GET', '/api/notifications?unread=true');
    const notification = notifications.body.notifications.find((entry: any) => entry.incidentId === body.id);
    expect(notification).toMatchObject({ kind: 'incident_overdue' });
    expect((await call('dispatcher', 'POST', `/api/notifications/${notification.id}/read`)).status).toBe(200);
    // handled late, it is still checked and closed; it stays marked as escalated
    const overdueList = await call('dispatcher', 'GET', '/api/cases?overdue=true&limit=500');
    expect(overdueList.body.cases.some((row: any) => row.id === body.id)).toBe(true);
  });
});

describe('incident ingestion', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [117.1, 31.1]);
    headers = { ...(await sessionFor(database.sql, world.users.dispatcher)), 'Content-Type': 'application/json' };
  });
  afterAll(async () => {
    await database.close();
  });

  const item = (key: string, overrides: Record<string, unknown> = {}) => ({
    idempotencyKey: key, categoryCode: '0403', description: `12345 工单 ${key}`, longitude: 117.105, latitude: 31.105,
    source: 'hotline', reportedAt: '2026-03-10T09:15:00+08:00', reporterPhone: '13700001234', ...overrides,
  });
  const batch = async (items: unknown[]) => {
    const response = await app.request('/api/incidents/batch', { method: 'POST', headers, body: JSON.stringify({ items }) });
    return { status: response.status, body: await response.json() };
  };
  const countIncidents = async () => (await database.sql`select count(*)::int as count from incidents`)[0]!.count as number;

  it('creates a batch once: a retried batch answers duplicate for every item and creates nothing', async () => {
    const items = Array.from({ length: 25 }, (_, index) => item(`hotline-${index}`));
    const first = await batch(items);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 25, duplicates: 0 });
    const after = await countIncidents();
    const retry = await batch(items);
    expect(retry.body).toMatchObject({ created: 0, duplicates: 25 });
    expect(retry.body.items.map((entry: any) => entry.id)).toEqual(first.body.items.map((entry: any) => entry.id));
    expect(await countIncidents()).toBe(after);
    const [events] = await database.sql`select count(*)::int as count from incident_events where action = 'report'`;
    expect(events!.count).toBe(25);
  });

  it('refuses a reused key with a different body (409) and writes nothing of that batch', async () => {
    const before = await countIncidents();
    const conflict = await batch([item('fresh-1'), item('hotline-0', { description: '另一个内容' })]);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('idempotency_key_reused');
    expect(conflict.body.error.details.fields[0].field).toBe('items.1.idempotencyKey');
    expect(await countIncidents()).toBe(before);
    const single = await app.request('/api/incidents', { method: 'POST', headers, body: JSON.stringify(item('hotline-1')) });
    expect(single.status).toBe(200);
    expect((await single.json()).result).toBe('duplicate');
  });

  it('validates every item first and names the field', async () => {
    const before = await countIncidents();
    const invalid = await batch([item('v-1'), item('v-2', { categoryCode: '0998' }), item('v-3', { longitude: 100.0, latitude: 20.0 })]);
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details.fields.map((problem: any) => problem.field)).toEqual(['items.1.categoryCode', 'items.2.location']);
    const empty = await batch([item('v-4', { description: '   ' })]);
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields[0].field).toBe('items.0.description');
    expect(await countIncidents()).toBe(before);
  });

  it('refuses a batch over 1,000 items', async () => {
    const tooMany = await batch(Array.from({ length: 1001 }, (_, index) => item(`big-${index}`)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details.fields[0].field).toBe('items');
  });
});

describe('photos', () => {
  let database: Database;
  let app: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    const world = await buildAccountsWorld(database.sql, testDataKey, [117.2, 31.2]);
    headers = await sessionFor(database.sql, world.users.worker);
  });
  afterAll(async () => {
    await database.close();
  });

  const upload = (body: Uint8Array, contentType = 'image/jpeg') =>
    app.request('/api/photos', { method: 'POST', headers: { ...headers, 'Content-Type': contentType }, body: new Uint8Array(body) });

  it('strips EXIF and GPS by re-encoding, and serves the photo with safe headers', async () => {
    const withGps = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'TestPhone', Model: 'GridCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 0/1 0/1' } })
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const response = await upload(withGps, 'application/octet-stream');
    expect(response.status).toBe(201);
    const photo = await response.json();
    expect(photo.name).toMatch(/^[0-9a-f]{32}\.jpg$/);
    const served = await app.request(`/api/photos/${photo.name}`, { headers });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toMatch(/^inline/);
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    const stored = Buffer.from(await served.arrayBuffer());
    const metadata = await sharp(stored).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(stored.includes(Buffer.from('GridCam'))).toBe(false);
    expect(fs.existsSync(path.join(photoDirectory, photo.name))).toBe(true);
  });

  it('accepts multipart uploads', async () => {
    const form = new FormData();
    const webp = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } }).webp().toBuffer();
    form.append('photo', new Blob([new Uint8Array(webp)]), 'x.webp');
    const response = await app.request('/api/photos', { method: 'POST', headers, body: form });
    expect(response.status).toBe(201);
    expect((await response.json()).contentType).toBe('image/webp');
  });

  it('refuses what is not an image by its bytes (415), whatever the declared type', async () => {
    const response = await upload(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png');
    expect(response.status).toBe(415);
    expect((await response.json()).error.code).toBe('photo_type_unsupported');
    const truncated = await upload(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]));
    expect(truncated.status).toBe(415);
  });

  it('refuses a photo over the size limit (413)', async () => {
    const huge = new Uint8Array(8 * 1024 * 1024 + 1);
    huge.set([0xff, 0xd8, 0xff]);
    const response = await upload(huge);
    expect(response.status).toBe(413);
  });

  it('answers 404 for names it did not issue', async () => {
    expect((await app.request('/api/photos/..%2F..%2Fetc%2Fpasswd', { headers })).status).toBe(404);
    expect((await app.request(`/api/photos/${'a'.repeat(32)}.jpg`, { headers })).status).toBe(404);
  });
});
