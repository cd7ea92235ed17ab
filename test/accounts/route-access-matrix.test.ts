import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessRules, findAccessRule, normaliseRoutePath } from '../../server/accounts/access-policy.ts';
import { roles, type Role } from '../../server/accounts/roles.ts';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, sessionFor, type AccountsWorld } from '../support/accounts-fixture.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { testDataKey } from '../support/database-templates.ts';
import { openTestDatabase } from '../support/test-database.ts';

/**
 * Every API route (under /api and the Open311 API under /open311), called as every role and as an
 * anonymous resident: the status must follow the access policy. A route added without a rule fails
 * the first test.
 */
describe('role × route access matrix', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let apiRoutes: { method: string; path: string }[];

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
    const seen = new Set<string>();
    apiRoutes = app.routes
      .filter((route) => route.method !== 'ALL' && (route.path.startsWith('/api/') || route.path.startsWith('/open311/')))
      .map((route) => ({ method: route.method, path: normaliseRoutePath(route.path) }))
      .filter((route) => !seen.has(`${route.method} ${route.path}`) && seen.add(`${route.method} ${route.path}`));
  });
  afterAll(async () => {
    await database.close();
  });

  it('has an access rule for every route, and no rule for a route that does not exist', () => {
    const unruled = apiRoutes.filter((route) => accessRules[`${route.method} ${route.path}`] === undefined);
    expect(unruled).toEqual([]);
    const routeKeys = new Set(apiRoutes.map((route) => `${route.method} ${route.path}`));
    expect(Object.keys(accessRules).filter((key) => !routeKeys.has(key))).toEqual([]);
    expect(apiRoutes.length).toBeGreaterThan(15);
  });

  it('answers each route for each role as the policy says', async () => {
    const problems: string[] = [];
    for (const route of apiRoutes) {
      const concretePath = route.path
        .replace(':id', String(route.path.startsWith('/api/households') ? world.householdIds[0] : world.territory.gridIds[0]))
        .replace(':file', 'road.geojson')
        .replace(':name', 'swagger-ui.css');
      const rule = findAccessRule(route.method, concretePath);
      for (const caller of ['anonymous', ...roles] as const) {
        // a fresh session each time: logout and password routes may end the one they are given
        const headers: Record<string, string> =
          caller === 'anonymous' ? {} : await sessionFor(database.sql, world.users[caller as Role]);
        const init: RequestInit = { method: route.method, headers: { ...headers, 'Content-Type': 'application/json' } };
        if (route.method !== 'GET') init.body = '{}';
        const response = await app.request(concretePath, init);
        const allowed =
          rule === 'everyone' ||
          (rule === 'signed-in' && caller !== 'anonymous') ||
          (Array.isArray(rule) && caller !== 'anonymous' && rule.includes(caller as Role));
        // routes behind an API key refuse every caller who sends none, signed in or not
        const expected = rule === 'api-key' ? 403 : allowed ? 'allowed' : caller === 'anonymous' ? 401 : 403;
        const ok = expected === 'allowed' ? response.status !== 401 && response.status !== 403 && response.status < 500 : response.status === expected;
        if (!ok) problems.push(`${route.method} ${route.path} as ${caller}: got ${response.status}, expected ${expected}`);
      }
    }
    expect(problems).toEqual([]);
    // every route × every role, each a real request: minutes on a loaded two-core machine
  }, 600_000);
});
