import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/accounts/roles.ts';
import { onlineBasemapOrigins } from '../../server/app.ts';
import { readConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/connect.ts';
import { failureOfDatabaseError } from '../../server/http/database-refusals.ts';
import { toXml } from '../../server/open311/open311-format.ts';
import { parseDecimal, readInstant, parseDatabaseId, databaseIdPattern } from '../../server/http/strict-values.ts';
import { hasForbiddenCharacter, stripXmlForbidden } from '../../server/http/text-rules.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';

/** An XML text is well-formed (xmldom reports every error instead of recovering). */
function xmlProblems(text: string): string[] {
  const problems: string[] = [];
  new DOMParser({ onError: (level: string, message: string) => { if (level !== 'warning') problems.push(message); } }).parseFromString(text, 'text/xml');
  return problems;
}

describe(`shared input rules (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [117.0, 31.0]);
  });
  afterAll(async () => {
    await database.close();
  });

  const as = async (who: Role, method: string, url: string, body?: unknown) => {
    const response = await app.request(url, {
      method, headers: { ...(await sessionFor(database.sql, world.users[who])), 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, body: text.startsWith('{') ? JSON.parse(text) : null, headers: response.headers };
  };

  it('reads numbers, ids and dates strictly: no hex, no empty zero, no rolled-over or implausible dates', () => {
    expect(parseDecimal('117.25')).toBe(117.25);
    expect(parseDecimal('-0.5')).toBe(-0.5);
    for (const text of ['', ' ', '0x10', '1e3', 'NaN', 'Infinity', '1,2', '--1']) expect(parseDecimal(text), text).toBeUndefined();
    expect(parseDatabaseId('2147483647')).toBe(2147483647);
    for (const text of ['2147483648', '0', '-1', '1.0', '1e3', '']) expect(parseDatabaseId(text), text).toBeUndefined();
    for (const value of [1, 9, 10, 999999999, 1000000000, 2000000000, 2147483647, 2147483639, 2147483599]) expect(databaseIdPattern.test(String(value)), String(value)).toBe(true);
    for (const value of ['0', '2147483648', '2147483650', '2147484000', '2200000000', '3000000000', '10000000000']) expect(databaseIdPattern.test(value), value).toBe(false);
    expect(readInstant('2026-02-28', 'UTC')).toEqual({ instant: new Date('2026-02-28T00:00:00Z') });
    expect(readInstant('2026-06-01T08:00:00+08:00', 'UTC')).toEqual({ instant: new Date('2026-06-01T00:00:00Z') });
    expect(readInstant('2026-02-30', 'UTC')).toEqual({ problem: 'not_an_instant' });
    expect(readInstant('2026-06-01T24:00:00Z', 'UTC')).toEqual({ problem: 'not_an_instant' });
    expect(readInstant('0000-01-01', 'UTC')).toEqual({ problem: 'date_out_of_range' });
    expect(readInstant('1000-01-01T00:00:00Z', 'UTC')).toEqual({ problem: 'date_out_of_range' });
    expect(readInstant('2026-06-01T08:00:00', 'UTC', { requireOffset: true })).toEqual({ problem: 'not_an_instant' });
  });

  it('finds NUL and lone surrogates, keeps paired ones, and strips what XML 1.0 forbids', () => {
    expect(hasForbiddenCharacter('a\u0000b')).toBe(true);
    expect(hasForbiddenCharacter('a\uD800b')).toBe(true);
    expect(hasForbiddenCharacter('a\uDC00')).toBe(true);
    expect(hasForbiddenCharacter('网格 😀 \t\n')).toBe(false);
    expect(stripXmlForbidden('a\u0001b\u000Bc\uFFFEd\tе\n😀')).toBe('abcd\tе\n😀');
  });

  it('names the field of a NUL or lone surrogate anywhere in a JSON body, before any route reads it', async () => {
    const answer = await as('admin', 'POST', '/api/users', { username: 'nul-user', displayName: '甲', role: 'planner', password: 'Abcdef-12345', extra: { deep: ['ok', 'a\u0000'] } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.fields).toEqual([expect.objectContaining({ field: 'extra.deep.1', code: 'forbidden_character' })]);
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"username":"a\\ud800","password":"x"}' });
    expect(login.status).toBe(400);
    expect((await login.json()).error.details.fields[0]).toMatchObject({ field: 'username', code: 'forbidden_character' });
  });

  it('answers a malformed path or query with a 400 naming the part, in the caller\'s language', async () => {
    const root = await app.request('/%zz');
    expect(root.status).toBe(400);
    expect((await root.json()).error.details.fields[0]).toMatchObject({ field: 'path', code: 'bad_percent_encoding' });
    const query = await app.request('/api/addresses?q=%00', { headers: { 'Accept-Language': 'en' } });
    expect(query.status).toBe(400);
    const body = await query.json();
    expect(body.error.details.fields[0]).toMatchObject({ field: 'q', code: 'forbidden_character' });
    expect(body.error.message).not.toMatch(/\p{Script=Han}/u);
    const bbox = await as('admin', 'GET', '/api/grids?bbox=,,,');
    expect(bbox.status).toBe(400);
    expect(bbox.body.error.details.fields[0]).toMatchObject({ field: 'bbox', code: 'bbox_format' });
    const lng = await as('admin', 'GET', '/api/lookup?lng=0x10&lat=31');
    expect(lng.body.error.details.fields[0]).toMatchObject({ field: 'lng', code: 'not_a_decimal_number' });
    const at = await as('admin', 'GET', '/api/grids?at=0000-01-01');
    expect(at.body.error.details.fields[0]).toMatchObject({ field: 'at', code: 'date_out_of_range' });
    const household = await as('admin', 'GET', '/api/households/2147483648');
    expect(household.status).toBe(400);
    expect(household.body.error.details.fields[0]).toMatchObject({ field: 'id', code: 'id_out_of_range' });
  });

  it('maps what the database refuses to the product\'s codes, never PostgreSQL\'s text', async () => {
    const [user] = await database.sql`select username from users where id = ${world.users.planner}`;
    const duplicate = await database.sql`insert into users (username, display_name, role, password_hash) values (${user!.username}, 'x', 'planner', 'x')`.catch((error: unknown) => error);
    const taken = failureOfDatabaseError(duplicate)!;
    expect(taken.code).toBe('username_taken');
    expect(taken.details).toEqual({ fields: [expect.objectContaining({ field: 'username', code: 'already_used' })] });
    const again = await as('admin', 'POST', '/api/users', { username: user!.username, displayName: '乙', role: 'planner', password: 'Abcdef-12345' });
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({ code: 'username_taken', details: { fields: [expect.objectContaining({ field: 'username' })] } });
    expect(again.body.error.message).not.toMatch(/duplicate key|users_username_key/);

    const [risk] = await database.sql`
      insert into risk_sources (name, kind, level, geometry) values ('加油站', 'gas_station', 2, ST_SetSRID(ST_MakePoint(117.003, 31.005), 4326)) returning id`;
    const patched = await as('admin', 'PATCH', `/api/risk-sources/${risk!.id}`, { communityId: 999_999 });
    expect(patched.status).toBe(422);
    expect(patched.body.error.code).toBe('unknown_community');
    expect(patched.body.error.details.fields[0]).toMatchObject({ field: 'communityId', code: 'referenced_object_missing' });
    expect(patched.text).not.toMatch(/violates|foreign key|risk_sources_community_id_fkey/);

    const overflow = await database.sql`select ${'2147483648'}::int as value`.catch((error: unknown) => error);
    expect(failureOfDatabaseError(overflow)).toMatchObject({ code: 'invalid_request' });
  });

  it('keeps every Open311 XML answer well-formed when a report holds a control character, and answers Open311 paths in XML/JSON or 404', async () => {
    const created = await as('admin', 'POST', '/api/api-keys', { name: '热线', scopes: ['open311_submit'] });
    const apiKey = created.body.key as string;
    const submitted = await app.request('/open311/v2/requests.json', {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: apiKey, service_code: '0102', description: '垃圾\u0001堆放\u001Fx\uFFFF', lat: '31.005', long: '117.003' }).toString(),
    });
    expect(submitted.status).toBe(201);
    const xml = await app.request('/open311/v2/requests.xml');
    expect(xml.status).toBe(200);
    expect(xmlProblems(await xml.text())).toEqual([]);
    // the public list carries no reporter's words; the one XML writer is what keeps any stored text safe
    const written = toXml('service_requests', 'request', [{ description: '垃圾\u0001堆放\u001Fx\uFFFF', status_notes: '\u000B' }]);
    expect(written).toContain('<description>垃圾堆放x</description>');
    expect(xmlProblems(written)).toEqual([]);

    const kml = await as('admin', 'GET', '/api/exports/incidents?format=kml');
    expect(kml.status).toBe(200);
    expect(kml.text).toContain('垃圾堆放x');
    expect(xmlProblems(kml.text)).toEqual([]);

    const discovery = await app.request('/open311/v2/discovery.xml');
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('content-type')).toContain('xml');
    const discoveryText = await discovery.text();
    expect(xmlProblems(discoveryText)).toEqual([]);
    expect(discoveryText).toContain('<endpoint><specification>');
    for (const path of ['/open311/v2/nothing.xml', '/open311/v2/requests', '/open311/v2/', '/open311']) {
      const answer = await app.request(path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('content-type') ?? '', path).not.toContain('html');
    }
  });

  it('refuses an anonymous write from Origin null or a malformed Origin with 403, not 500', async () => {
    for (const origin of ['null', 'http://[', 'not a url', 'file://', 'https://elsewhere.example']) {
      const answer = await app.request('http://localhost/api/auth/login', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin, Host: 'localhost' }, body: '{"username":"x","password":"y"}',
      });
      expect(answer.status, origin).toBe(403);
      expect((await answer.json()).error.code, origin).toBe('cross_origin_refused');
    }
  });

  it('answers a multipart body that cannot be parsed with 400', async () => {
    const answer = await app.request('/api/resident/photos', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' }, body: '--XyZ\r\nbroken' });
    expect(answer.status).toBe(400);
    expect((await answer.json()).error.details.fields[0]).toMatchObject({ field: 'body', code: 'malformed_form' });
  });

  it('calls no third-party validator from the docs page and allows no third-party origin unless an online basemap is configured', async () => {
    const init = await (await app.request('/api/docs/assets/docs-init.js')).text();
    expect(init).toContain('validatorUrl: null');
    const policy = (await app.request('/api/health')).headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/img-src 'self' data: blob:;/);
    expect(policy).toMatch(/connect-src 'self';/);
    expect(policy).not.toContain('https:');
    expect(onlineBasemapOrigins({ ...readConfig({}), tiandituKey: 'k' })).toEqual(['https://*.tianditu.gov.cn']);
    expect(onlineBasemapOrigins({ ...readConfig({}), basemapPmtiles: 'https://tiles.example.cn/zone.pmtiles' })).toEqual(['https://tiles.example.cn']);
  });

  describe('over a real socket', () => {
    let server: ServerType;
    let port: number;
    const start = (trustedProxies: string[]) =>
      new Promise<void>((resolve) => {
        const { app: socketApp } = createTestApp(database, { trustedProxies, bodyLimitBytes: 64 * 1024 });
        server = serve({ fetch: socketApp.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
          port = info.port;
          resolve();
        });
      });
    const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
    const request = (agent: http.Agent | undefined, method: string, path: string, headers: Record<string, string>, body?: string | Buffer) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
        const outgoing = http.request({ host: '127.0.0.1', port, method, path, headers, ...(agent ? { agent } : {}) }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        });
        outgoing.on('error', reject);
        if (body !== undefined) outgoing.write(body);
        outgoing.end();
      });

    it('closes the connection cleanly after refusing a body that is too large, so the next request on the agent succeeds', async () => {
      await start([]);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const big = Buffer.alloc(3 * 1024 * 1024, 'a');
        const refused = await request(agent, 'POST', '/api/auth/login', { 'Content-Type': 'application/json', 'Content-Length': String(big.length) }, big).catch(() => undefined);
        if (refused) {
          expect(refused.status).toBe(413);
          expect(refused.headers.connection).toBe('close');
        }
        const next = await request(agent, 'GET', '/api/health', {});
        expect(next.status).toBe(200);
      } finally {
        agent.destroy();
        await stop();
      }
    });

    it('believes X-Forwarded-Host only from a trusted proxy, so sign-in behind nginx is not cross-origin', async () => {
      const headers = { 'Content-Type': 'application/json', Host: '127.0.0.1:8080', Origin: 'https://grid.example.cn', 'X-Forwarded-Host': 'grid.example.cn', 'X-Forwarded-Proto': 'https' };
      const body = '{"username":"nobody","password":"wrong-password"}';
      await start(['127.0.0.1']);
      try {
        const trusted = await request(undefined, 'POST', '/api/auth/login', headers, body);
        expect(trusted.status).toBe(401);
      } finally {
        await stop();
      }
      await start([]);
      try {
        const untrusted = await request(undefined, 'POST', '/api/auth/login', headers, body);
        expect(untrusted.status).toBe(403);
        expect(JSON.parse(untrusted.text).error.code).toBe('cross_origin_refused');
      } finally {
        await stop();
      }
    });

    it('builds absolute links from X-Forwarded-Proto and -Host of a trusted proxy only', async () => {
      const headers = { Host: '127.0.0.1:8080', 'X-Forwarded-Host': 'grid.example.cn', 'X-Forwarded-Proto': 'https', Accept: 'application/json' };
      const endpointUrl = async () => JSON.parse((await request(undefined, 'GET', '/open311/v2/discovery.json', headers)).text).endpoints[0].url as string;
      await start(['127.0.0.1']);
      try {
        expect(await endpointUrl()).toBe('https://grid.example.cn/open311/v2');
      } finally {
        await stop();
      }
      await start([]);
      try {
        expect(await endpointUrl()).toBe('http://127.0.0.1:8080/open311/v2');
      } finally {
        await stop();
      }
    });
  });
});
