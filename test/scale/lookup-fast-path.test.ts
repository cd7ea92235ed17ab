import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRules, findAccessRule, type Audience } from '../../server/accounts/access-policy.ts';
import type { AppContext } from '../../server/app-context.ts';
import type { Database } from '../../server/db/connect.ts';
import { MemoRouter } from '../../server/http/memo-router.ts';
import { createLookupAnswerer, lookupEtag, matchesEtag } from '../../server/lookup/lookup.routes.ts';
import { lookupFastPath } from '../../server/lookup/lookup-fast-path.ts';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { TrieRouter } from 'hono/router/trie-router';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { buildRowOfGrids } from '../support/territory-builder.ts';

/** The rule lookup as it was before it was precompiled: every rule's regex, filtered and sorted. */
function referenceRule(method: string, path: string): Audience | undefined {
  const candidates = Object.entries(accessRules)
    .map(([key, audience]) => {
      const [ruleMethod, rulePath] = key.split(' ') as [string, string];
      const pattern = new RegExp(`^${rulePath.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`);
      return { ruleMethod, pattern, audience, specificity: rulePath.split(':').length };
    })
    .filter((rule) => (rule.ruleMethod === method || (method === 'HEAD' && rule.ruleMethod === 'GET')) && rule.pattern.test(path));
  candidates.sort((a, b) => a.specificity - b.specificity);
  return candidates[0]?.audience;
}

describe('access rules, precompiled', () => {
  it('give every route and its near misses the same audience as the scan they replace', () => {
    const paths = new Set<string>();
    for (const key of Object.keys(accessRules)) {
      const path = key.split(' ')[1]!;
      paths.add(path.replace(/:[A-Za-z]+/g, '42'));
      paths.add(path.replace(/:[A-Za-z]+/g, 'batch'));
      paths.add(path.replace(/:[A-Za-z]+/g, 'locations'));
      paths.add(`${path.replace(/:[A-Za-z]+/g, '7')}/extra`);
      paths.add(path.replace(/:[A-Za-z]+/g, ''));
    }
    let compared = 0;
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      for (const path of paths) {
        expect(findAccessRule(method, path), `${method} ${path}`).toEqual(referenceRule(method, path));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // literal beats parameterised, as before
    expect(findAccessRule('GET', '/api/households/locations')).toEqual(accessRules['GET /api/households/locations']);
    expect(findAccessRule('HEAD', '/api/lookup')).toBe('everyone');
    expect(findAccessRule('GET', '/api/nothing-here')).toBeUndefined();
  });
});

describe('the remembering router', () => {
  it('answers as the router it wraps, the first time and from memory, and stays bounded', () => {
    const routes: [string, string][] = [
      ['ALL', '/api/*'], ['GET', '/api/lookup'], ['GET', '/api/grids/:id'], ['POST', '/api/incidents/batch'],
      ['POST', '/api/incidents/:id/transitions'], ['GET', '/api/tiles/grids/:z/:x/:y'],
    ];
    const memo = new MemoRouter<string>(3);
    const plain = new TrieRouter<string>();
    for (const [method, path] of routes) {
      memo.add(method, path, `${method} ${path}`);
      plain.add(method, path, `${method} ${path}`);
    }
    // handlers and their parameters, whichever of Hono's two result forms (params, or indexes into a stash)
    const describeMatch = (result: ReturnType<typeof plain.match>) => {
      const stash = result[1] as string[] | undefined;
      return (result[0] as unknown as [string, Record<string, string | number>][]).map(([handler, params]) => [
        handler,
        Object.fromEntries(Object.entries(params).map(([key, value]) => [key, stash ? stash[value as number] : value])),
      ]);
    };
    const asked: [string, string][] = [
      ['GET', '/api/lookup'], ['GET', '/api/grids/7'], ['GET', '/api/grids/8'], ['POST', '/api/incidents/batch'],
      ['POST', '/api/incidents/12/transitions'], ['GET', '/api/tiles/grids/14/3/5.mvt'], ['GET', '/api/nothing'], ['PUT', '/api/lookup'],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [method, path] of asked) expect(describeMatch(memo.match(method, path)), `${method} ${path}`).toEqual(describeMatch(plain.match(method, path)));
    }
    expect(describeMatch(memo.match('GET', '/api/grids/7'))).toContainEqual(['GET /api/grids/:id', { id: '7' }]);
    expect(describeMatch(memo.match('GET', '/api/grids/8'))).toContainEqual(['GET /api/grids/:id', { id: '8' }]);
    expect((memo as unknown as { remembered: Map<string, unknown> }).remembered.size).toBeLessThanOrEqual(3);
  });
});

describe('ETag comparison', () => {
  it('is weak, accepts lists and *, and refuses other revisions', () => {
    const etag = lookupEtag(12);
    expect(etag).toBe('W/"layout-12"');
    expect(matchesEtag(etag, etag)).toBe(true);
    expect(matchesEtag('"layout-12"', etag)).toBe(true);
    expect(matchesEtag('W/"layout-11", W/"layout-12"', etag)).toBe(true);
    expect(matchesEtag('*', etag)).toBe(true);
    expect(matchesEtag('W/"layout-1"', etag)).toBe(false);
    expect(matchesEtag('W/"layout-120"', etag)).toBe(false);
    expect(matchesEtag(undefined, etag)).toBe(false);
  });
});

describe('lookup answers are cacheable by layout revision', () => {
  let database: Database;
  let app: TestApp;
  let context: AppContext;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app, context } = createTestApp(database, { bodyLimitBytes: 1024 }));
    await buildRowOfGrids(database.sql, { origin: [117.0, 31.0], gridCount: 2 });
  });
  afterAll(async () => {
    await database.close();
  });

  it('carries the revision as ETag, answers 304 while it is current and 200 once the layout changed', async () => {
    const first = await app.request('/api/lookup?lng=117.005&lat=31.005');
    expect(first.status).toBe(200);
    expect((await first.json()).inServiceArea).toBe(true);
    const etag = first.headers.get('etag')!;
    const [{ revision }] = (await database.sql`select revision from layout_revision`) as unknown as [{ revision: number }];
    expect(etag).toBe(`W/"layout-${revision}"`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');

    const again = await app.request('/api/lookup?lng=117.005&lat=31.005', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    // outside every grid the answer also depends only on the layout
    const outside = await app.request('/api/lookup?lng=117.5&lat=31.5', { headers: { 'If-None-Match': etag } });
    expect(outside.status).toBe(304);

    // a new grid elsewhere bumps layout_revision (triggers); the old validator no longer matches
    await buildRowOfGrids(database.sql, { origin: [117.1, 31.1], gridCount: 1 });
    context.gridIndex.invalidate();
    const changed = await app.request('/api/lookup?lng=117.005&lat=31.005', { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json()).inServiceArea).toBe(true);
  });

  it('still limits bodies of writes although reads skip the body check', async () => {
    const response = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': '5000' },
      body: JSON.stringify({ username: 'x'.repeat(4000), password: 'y' }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
    const read = await app.request('/api/lookup?lng=117.005&lat=31.005');
    expect(read.status).toBe(200);
  });
});

describe('the lookup fast path', () => {
  let database: Database;
  let app: TestApp;
  let plainApp: TestApp;
  let context: AppContext;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    // a cluster process behind HTTPS: X-GridAtlas-Process and HSTS must come out of both paths
    ({ app, context } = createTestApp(database, { processIndex: 1, secureCookies: true }));
    ({ app: plainApp } = createTestApp(database));
    await buildRowOfGrids(database.sql, { origin: [117.0, 31.0], gridCount: 2 });
  });
  afterAll(async () => {
    await database.close();
  });

  /** Status, body and every header; `Cookie: unrelated=1` sends the same request through the whole chain. */
  async function bothPaths(target: TestApp, path: string, headers: Record<string, string> = {}) {
    const read = async (response: Response) => ({
      status: response.status,
      headers: Object.fromEntries([...response.headers].sort(([a], [b]) => (a < b ? -1 : 1))),
      body: await response.text(),
    });
    return {
      fast: await read(await target.request(path, { headers })),
      chain: await read(await target.request(path, { headers: { ...headers, Cookie: 'unrelated=1' } })),
    };
  }

  it('answers with the same status, body and headers as the chain, 200 and 304 alike', async () => {
    const inside = '/api/lookup?lng=117.005&lat=31.005';
    for (const target of [app, plainApp]) {
      const ok = await bothPaths(target, inside);
      expect(ok.fast.status).toBe(200);
      expect(ok.fast).toEqual(ok.chain);
      expect(ok.fast.headers['content-security-policy']).toContain("default-src 'self'");
      expect(ok.fast.headers['x-content-type-options']).toBe('nosniff');
      expect(ok.fast.headers['content-length']).toBe(String(Buffer.byteLength(ok.fast.body)));
      const etag = ok.fast.headers.etag!;
      const notModified = await bothPaths(target, inside, { 'If-None-Match': etag });
      expect(notModified.fast.status).toBe(304);
      expect(notModified.fast).toEqual(notModified.chain);
      // a browser's usual headers: the answer is under the compression threshold, so sent as it is
      const browser = await bothPaths(target, inside, { 'Accept-Encoding': 'gzip, deflate, br', 'Accept-Language': 'en' });
      expect(browser.fast).toEqual(browser.chain);
    }
    const clustered = await bothPaths(app, inside);
    expect(clustered.fast.headers['x-gridatlas-process']).toBe('1');
    expect(clustered.fast.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('leaves everything unusual to the chain: bad or extra parameters, escapes, points outside, other methods', async () => {
    for (const path of [
      '/api/lookup?lng=200&lat=31.005', '/api/lookup?lng=abc&lat=31.005', '/api/lookup?lng=117.005', '/api/lookup?lat=31.005&lng=117.005',
      '/api/lookup?lng=117.005&lat=31.005&x=1', '/api/lookup?lng=117%2E005&lat=31.005', '/api/lookup?lng=117.005&lat=%00',
      '/api/lookup?lng=117.5&lat=31.5', '/api/lookup?lng=1.2.3&lat=31.005', '/api/lookup?lng=--1&lat=31.005',
    ]) {
      const { fast, chain } = await bothPaths(app, path);
      expect(fast, path).toEqual(chain);
    }
    const refused = await app.request('/api/lookup?lng=200&lat=31.005');
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.details.fields[0].field).toBe('lng');
    const outside = await app.request('/api/lookup?lng=117.5&lat=31.5');
    expect((await outside.json()).inServiceArea).toBe(false);
    expect((await app.request('/api/lookup?lng=117.005&lat=31.005', { method: 'POST' })).status).not.toBe(200);
  });

  it('answers only when it can, and falls through otherwise', async () => {
    const answerer = createLookupAnswerer(context.gridIndex);
    const probe = new Hono();
    probe.use('/api/lookup', lookupFastPath({ answerer, secureHeaders: secureHeaders(), processIndex: undefined }));
    probe.get('/api/lookup', (c) => c.text('chain', 299 as ContentfulStatusCode));
    const status = async (path: string, headers: Record<string, string> = {}) => (await probe.request(path, { headers })).status;
    const inside = '/api/lookup?lng=117.005&lat=31.005';
    expect(await status(inside)).toBe(200);
    const etag = (await probe.request(inside)).headers.get('etag')!;
    expect(await status(inside, { 'If-None-Match': etag })).toBe(304);
    expect(await status(inside, { Cookie: 'gridatlas_session=x' })).toBe(299);
    expect(await status('/api/lookup?lng=117.5&lat=31.5')).toBe(299);
    expect(await status('/api/lookup?lng=200&lat=31.005')).toBe(299);
    expect(await status('/api/lookup?lng=117.005&lat=31.005&extra=1')).toBe(299);
    // a new layout revision: the old validator no longer matches, on the fast path too
    await buildRowOfGrids(database.sql, { origin: [117.2, 31.2], gridCount: 1 });
    context.gridIndex.invalidate();
    const changed = await probe.request(inside, { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});
