import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRules, findAccessRule, type Audience } from '../../server/accounts/access-policy.ts';
import type { AppContext } from '../../server/app-context.ts';
import type { Database } from '../../server/db/connect.ts';
import { MemoRouter } from '../../server/http/memo-router.ts';
import { lookupEtag, matchesEtag } from '../../server/lookup/lookup.routes.ts';
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
    const describeMatch = (result: ReturnType<typeof plain.match>) =>
      (result[0] as unknown as [[string, Record<string, string>]][]).map(([[handler, params]]) => [handler, params]);
    const asked: [string, string][] = [
      ['GET', '/api/lookup'], ['GET', '/api/grids/7'], ['GET', '/api/grids/8'], ['POST', '/api/incidents/batch'],
      ['POST', '/api/incidents/12/transitions'], ['GET', '/api/tiles/grids/14/3/5.mvt'], ['GET', '/api/nothing'], ['PUT', '/api/lookup'],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [method, path] of asked) expect(describeMatch(memo.match(method, path)), `${method} ${path}`).toEqual(describeMatch(plain.match(method, path)));
    }
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
