import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/accounts/roles.ts';
import type { Database } from '../../server/db/connect.ts';
import { isoWithOffset, parseOpen311Date } from '../../server/open311/open311-format.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

/**
 * Open311 GeoReport v2 as a city system would call it: the request parameters and the response
 * fields are those of the GeoReport v2 documentation (services list, service definition, POST
 * request as form fields with api_key, GET requests with its filters, GET a request, tokens, and
 * the error list {code, description}).
 */
describe('Open311 GeoReport v2', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let apiKey: string;
  const point = { lat: '31.005', long: '117.003' };
  const isoOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
  });
  afterAll(async () => {
    await database.close();
  });

  const get = async (url: string) => {
    const response = await app.request(url);
    const text = await response.text();
    return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, headers: response.headers };
  };
  const postForm = async (fields: Record<string, string>, path = '/open311/v2/requests.json') => {
    const response = await app.request(path, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(),
    });
    const text = await response.text();
    return { status: response.status, body: path.endsWith('.json') ? JSON.parse(text) : text };
  };
  const admin = async (method: string, url: string, body?: unknown, who: Role = 'admin') => {
    const response = await app.request(url, {
      method, headers: { ...(await sessionFor(database.sql, world.users[who])), 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() };
  };

  it('lets only an administrator manage API keys; the key is shown once and audited', async () => {
    expect((await admin('POST', '/api/api-keys', { name: '12345 热线', scopes: ['open311_submit'] }, 'dispatcher')).status).toBe(403);
    const created = await admin('POST', '/api/api-keys', { name: '12345 热线', scopes: ['open311_submit'] });
    expect(created.status).toBe(201);
    apiKey = created.body.key;
    expect(apiKey).toMatch(/^ga_/);
    const listed = await admin('GET', '/api/api-keys');
    const row = listed.body.keys.find((key: any) => key.id === created.body.id);
    expect(row).toMatchObject({ name: '12345 热线', scopes: ['open311_submit'], revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(apiKey);
    expect((await admin('POST', '/api/api-keys', { name: 'x', scopes: [] })).status).toBe(400);
    const [audit] = await database.sql`select count(*)::int as count from audit_log where action = 'api_key.create' and object_id = ${String(created.body.id)}`;
    expect(audit!.count).toBe(1);
  });

  it('lists services and a service definition with the fields of the spec', async () => {
    const services = await get('/open311/v2/services.json');
    expect(services.status).toBe(200);
    const garbage = services.body.find((service: any) => service.service_code === '0102');
    expect(Object.keys(garbage).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
    expect(garbage).toMatchObject({ service_name: '暴露垃圾', metadata: false, type: 'realtime', group: '市容环境' });
    expect(services.body.every((service: any) => /^\d{4}$/.test(service.service_code))).toBe(true);
    expect((await get('/open311/v2/services.json?locale=en')).body.find((service: any) => service.service_code === '0102').service_name).toBe('Exposed garbage');
    const definition = await get('/open311/v2/services/0102.json');
    expect(definition.body).toEqual({ service_code: '0102', attributes: [] });
    const unknown = await get('/open311/v2/services/9999.json');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ code: 404, description: expect.any(String) }]);
    const xml = await get('/open311/v2/services.xml');
    expect(xml.headers.get('content-type')).toContain('xml');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<services><service><service_code>0101<\/service_code>/);
  });

  it('refuses POST requests.json without a valid key with 403 in the spec\'s error format', async () => {
    const fields = { service_code: '0102', ...point, description: 'A large sofa has been left on the sidewalk' };
    const missing = await postForm(fields);
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const wrong = await postForm({ ...fields, api_key: 'ga_wrong_000000000000000000' });
    expect(wrong.status).toBe(403);
    expect(wrong.body[0].code).toBe(403);
  });

  it('creates a request from the spec\'s form fields, then reads it back by id, by list filters and by token', async () => {
    const created = await postForm({
      api_key: apiKey, service_code: '0102', ...point, address_string: '测试路 8 号', email: 'smith@example.com', device_id: 'tt222111',
      first_name: 'john', last_name: 'smith', phone: '111111111', description: 'A large sofa has been left on the sidewalk <script>x</script>',
      media_url: 'http://example.com/sofa.jpg',
    });
    expect(created.status).toBe(201);
    expect(created.body).toHaveLength(1);
    expect(Object.keys(created.body[0]).sort()).toEqual(['account_id', 'service_notice', 'service_request_id']);
    const id = created.body[0].service_request_id as string;

    const [row] = await database.sql`select source, status, reporter_name, reporter_phone, api_key_id, description from incidents where tracking_code = ${id}`;
    expect(row).toMatchObject({ source: 'resident', status: 'reported' });
    // the contact is sealed before its first write (issue 16), and opens to what was sent
    expect(row!.reporterPhone).toMatch(/^enc:v1:/);
    expect(row!.reporterName).toMatch(/^enc:v1:/);
    expect({ name: testDataKey.open(row!.reporterName), phone: testDataKey.open(row!.reporterPhone) }).toEqual({ name: 'smithjohn', phone: '111111111' });
    expect(row!.apiKeyId).not.toBeNull();
    expect(row!.description).toContain('<script>x</script>');

    // a request is public once the dispatcher has registered it, not before
    expect((await get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
    const [{ incidentId }] = (await database.sql`select id as incident_id from incidents where tracking_code = ${id}`) as unknown as [{ incidentId: number }];
    expect((await admin('POST', `/api/incidents/${incidentId}/transitions`, { action: 'register' }, 'dispatcher')).status).toBe(200);

    const one = await get(`/open311/v2/requests/${id}.json`);
    expect(one.status).toBe(200);
    expect(one.body).toHaveLength(1);
    const request = one.body[0];
    expect(Object.keys(request).sort()).toEqual([
      'address', 'address_id', 'agency_responsible', 'description', 'expected_datetime', 'lat', 'long', 'media_url', 'requested_datetime',
      'service_code', 'service_name', 'service_notice', 'service_request_id', 'status', 'status_notes', 'updated_datetime', 'zipcode',
    ]);
    // the public reads the class, not the reporter's words; no address; the point rounded to the public precision
    expect(request).toMatchObject({ service_request_id: id, status: 'open', service_code: '0102', description: '暴露垃圾', address: null });
    expect(request.lat === 31.005 && request.long === 117.003).toBe(false);
    expect(Math.abs(request.lat - 31.005)).toBeLessThan(0.0005);
    expect(Math.abs(request.long - 117.003)).toBeLessThan(0.0005);
    expect(request.requested_datetime).toMatch(isoOffset);
    expect(request.requested_datetime.endsWith('+08:00')).toBe(true);
    expect(JSON.stringify(request)).not.toContain('smith');
    expect(JSON.stringify(request)).not.toContain('111111111');

    const listed = await get(`/open311/v2/requests.json?service_request_id=${id},E00000000-000000`);
    expect(listed.body.map((item: any) => item.service_request_id)).toEqual([id]);
    const byCode = await get('/open311/v2/requests.json?service_code=0102&status=open');
    expect(byCode.body.map((item: any) => item.service_request_id)).toContain(id);
    const closedOnly = await get('/open311/v2/requests.json?status=closed');
    expect(closedOnly.body.map((item: any) => item.service_request_id)).not.toContain(id);
    const start = new Date(Date.now() - 3_600_000);
    const windowed = await get(`/open311/v2/requests.json?start_date=${encodeURIComponent(isoWithOffset(start, 'Asia/Shanghai'))}&end_date=${encodeURIComponent(isoWithOffset(new Date(Date.now() + 60_000), 'Asia/Shanghai'))}`);
    expect(windowed.body.map((item: any) => item.service_request_id)).toContain(id);
    const before = await get('/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z');
    expect(before.body).toEqual([]);

    const token = await get(`/open311/v2/tokens/${id}.json`);
    expect(token.body).toEqual([{ service_request_id: id, token: id }]);
    const xml = await get(`/open311/v2/requests/${id}.xml`);
    expect(xml.body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id>`);
    expect(xml.body).not.toContain('&lt;script');
    expect(xml.body).not.toContain('sofa');
  });

  it('answers malformed dates, unknown statuses and missing fields with 400 in the spec\'s format', async () => {
    for (const query of ['start_date=yesterday', 'end_date=2026-13-45T00:00:00Z', 'start_date=2026-02-31', 'start_date=2026-06-01T00:00:00']) {
      const response = await get(`/open311/v2/requests.json?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body[0]).toEqual({ code: 400, description: expect.stringMatching(/start_date|end_date/) });
    }
    expect((await get('/open311/v2/requests.json?status=pending')).status).toBe(400);
    const missing = await postForm({ api_key: apiKey, ...point });
    expect(missing.status).toBe(400);
    expect(missing.body.map((error: any) => error.description)).toEqual([
      expect.stringContaining('service_code'), expect.stringContaining('description'),
    ]);
    const outside = await postForm({ api_key: apiKey, service_code: '0102', lat: '32.5', long: '118.5', description: '远处' });
    expect(outside.status).toBe(422);
    expect(outside.body[0].description).toContain('不在本辖区服务范围内');
  });

  it('hides a hidden report from every list, and a revoked key stops working', async () => {
    const created = await postForm({ api_key: apiKey, service_code: '0103', ...point, description: '车停在盲道上' });
    const id = created.body[0].service_request_id as string;
    const [{ incidentId }] = (await database.sql`select id as incident_id from incidents where tracking_code = ${id}`) as unknown as [{ incidentId: number }];
    await admin('POST', `/api/incidents/${incidentId}/transitions`, { action: 'register' }, 'dispatcher');
    expect((await get(`/open311/v2/requests/${id}.json`)).status).toBe(200);
    await admin('PUT', `/api/incidents/${incidentId}/public-visibility`, { decision: 'hidden' }, 'dispatcher');
    expect((await get(`/open311/v2/requests/${id}.json`)).status).toBe(404);
    expect((await get('/open311/v2/requests.json?service_code=0103')).body.map((item: any) => item.service_request_id)).not.toContain(id);

    const listed = await admin('GET', '/api/api-keys');
    const keyId = listed.body.keys.find((key: any) => key.name === '12345 热线').id;
    expect((await admin('DELETE', `/api/api-keys/${keyId}`)).status).toBe(200);
    expect((await postForm({ api_key: apiKey, service_code: '0102', ...point, description: 'x' })).status).toBe(403);
  });

  it('formats times with the zone offset and parses only W3C dates', () => {
    expect(isoWithOffset(new Date('2026-06-15T02:00:00Z'), 'Asia/Shanghai')).toBe('2026-06-15T10:00:00+08:00');
    expect(isoWithOffset(new Date('2026-06-15T02:00:00Z'), 'UTC')).toBe('2026-06-15T02:00:00+00:00');
    expect(parseOpen311Date('1994-11-05T08:15:30-05:00', 'Asia/Shanghai')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseOpen311Date('1994-11-05T13:15:30Z', 'Asia/Shanghai')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseOpen311Date('05/11/1994', 'Asia/Shanghai')).toBeUndefined();
    // a bare date is the start of that day in the zone's time
    expect(parseOpen311Date('2026-07-01', 'Europe/Berlin')?.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(parseOpen311Date('2026-02-31', 'Asia/Shanghai')).toBeUndefined();
  });
});
