import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAccessRule } from '../../server/accounts/access-policy.ts';
import type { Role } from '../../server/accounts/roles.ts';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { databaseMode, openTestDatabase } from '../support/test-database.ts';
import { buildCorpus, handWrittenCases, type CorpusCase, type OpenApiDocument } from './bad-input-corpus.ts';

/**
 * Every case of the bad-input corpus (./bad-input-corpus.ts) against the real app: a 4xx with the
 * error shape (GeoReport's own list on /open311), never a 500 and never a 2xx; afterwards the server
 * still answers and not one row was written. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
 */
describe(`bad-input corpus (${databaseMode})`, () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  const sessions = {} as Record<Role, Record<string, string>>;
  const roles: Role[] = ['admin', 'planner', 'dispatcher', 'worker', 'auditor'];

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey, [117.0, 31.0]);
    for (const role of roles) sessions[role] = await sessionFor(database.sql, world.users[role]);
  });
  afterAll(async () => {
    await database.close();
  });

  /** Row counts of every table: the corpus must leave each one as it found it. */
  async function rowCounts(): Promise<Record<string, number>> {
    const tables = await database.sql<{ name: string }[]>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'spatial_ref_sys' order by 1`;
    const counts: Record<string, number> = {};
    for (const { name } of tables) {
      const [row] = await database.sql.unsafe(`select count(*)::int as count from "${name}"`);
      counts[name] = row!.count as number;
    }
    return counts;
  }

  /** A caller the route's access rule lets in, so the case reaches the parsing it means to test. */
  function headersFor(testCase: CorpusCase): Record<string, string> {
    const path = testCase.url.split('?')[0]!;
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // a malformed path: no rule matches it anyway
    }
    const rule = findAccessRule(testCase.method, decoded);
    if (rule === undefined || rule === 'everyone' || rule === 'api-key') return {};
    if (rule === 'signed-in') return sessions.admin;
    return sessions[rule[0]!];
  }

  async function send(testCase: CorpusCase) {
    const response = await app.request(testCase.url, {
      method: testCase.method,
      headers: { ...headersFor(testCase), ...testCase.headers },
      ...(testCase.body === undefined ? {} : { body: testCase.body }),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', text };
  }

  function shapeProblem(testCase: CorpusCase, answer: { status: number; type: string; text: string }): string | undefined {
    if (answer.status < 400 || answer.status >= 500) return `${testCase.label}: ${answer.status} ${answer.text.slice(0, 160)}`;
    if (testCase.url.startsWith('/open311/')) {
      if (answer.type.includes('xml')) return /<errors>.*<description>.+<\/description>/s.test(answer.text) ? undefined : `${testCase.label}: not GeoReport XML errors`;
      const list = JSON.parse(answer.text) as { code: number; description: string }[];
      return Array.isArray(list) && list.length > 0 && list.every((entry) => entry.code === answer.status && entry.description) ? undefined : `${testCase.label}: not GeoReport errors`;
    }
    let body: { error?: { code?: unknown; message?: unknown } };
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `${testCase.label}: ${answer.status} is not JSON: ${answer.text.slice(0, 80)}`;
    }
    if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string' || body.error.message === '') {
      return `${testCase.label}: ${answer.status} lacks the error shape`;
    }
    // never PostgreSQL's own text
    if (/violates|constraint|duplicate key|syntax error|out of range for type/i.test(answer.text)) return `${testCase.label}: database text in ${answer.text.slice(0, 160)}`;
    return undefined;
  }

  it('answers at least 300 malformed requests across every route family with a 4xx error, writes nothing and stays healthy', async () => {
    const document = (await (await app.request('/api/openapi.json')).json()) as OpenApiDocument;
    const corpus = [
      ...handWrittenCases({ householdId: world.householdIds[0], gridId: world.territory.gridIds[0]! }),
      ...buildCorpus(document, { id: world.territory.gridIds[0]! }),
    ];
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    const families = new Set(corpus.map((testCase) => testCase.url.split('/').slice(0, 3).join('/').split('?')[0]));
    for (const family of ['/api/grids', '/api/incidents', '/api/households', '/api/plans', '/api/grid-edits', '/api/risk-sources', '/api/exports', '/api/imports', '/open311/v2', '/ogc/collections', '/api/users', '/api/analytics']) {
      expect(families, family).toContain(family);
    }

    const before = await rowCounts();
    const problems: string[] = [];
    const timings: [number, string][] = [];
    for (const testCase of corpus) {
      const started = performance.now();
      const problem = shapeProblem(testCase, await send(testCase));
      timings.push([performance.now() - started, testCase.label]);
      if (process.env.CORPUS_TIMINGS) (await import('node:fs')).appendFileSync('/tmp/corpus-progress.log', `${Math.round(performance.now() - started)} ${testCase.label}\n`);
      if (problem) problems.push(problem);
    }
    if (process.env.CORPUS_TIMINGS) console.log(corpus.length, timings.sort((a, b) => b[0] - a[0]).slice(0, 25));
    expect(problems).toEqual([]);
    expect(await rowCounts()).toEqual(before);

    const health = await app.request('/api/health');
    expect(health.status).toBe(200);
    const lookup = await app.request('/api/lookup?lng=117.003&lat=31.005');
    expect(lookup.status).toBe(200);
  }, 300_000);
});
