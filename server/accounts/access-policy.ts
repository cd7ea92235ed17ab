import type { Role } from './roles.ts';

/**
 * Who may call what — the one place. Every API route must have a rule here: a route without
 * one is refused for everyone, and the role × route matrix test fails until a rule is added.
 * Row-level scoping (a worker sees only their grid) is applied in SQL by the repositories.
 */
export type Audience = 'everyone' | 'signed-in' | readonly Role[];

const staff: readonly Role[] = ['admin', 'planner', 'dispatcher', 'worker', 'auditor'];

export const accessRules: Record<string, Audience> = {
  'GET /api/health': 'everyone',
  'GET /api/openapi.json': 'everyone',
  'GET /api/docs': 'everyone',
  'GET /api/docs/assets/docs-init.js': 'everyone',
  'GET /api/docs/assets/:name': 'everyone',

  'POST /api/auth/login': 'everyone',
  'GET /api/auth/session': 'everyone',
  'POST /api/auth/logout': 'signed-in',
  'POST /api/auth/password': 'signed-in',

  // the territory and the worker's public card are public information (网格公示)
  'GET /api/communities': 'everyone',
  'GET /api/grids': 'everyone',
  'GET /api/grids/:id': 'everyone',
  'GET /api/lookup': 'everyone',
  'GET /api/categories': 'everyone',
  // the offline basemap is drawn from public layers (roads, water, land use, buildings)
  'GET /api/basemap/options': 'everyone',
  'GET /api/basemap/style.json': 'everyone',
  'GET /api/basemap/layers/:file': 'everyone',
  'GET /api/basemap/tiles.pmtiles': 'everyone',

  'GET /api/incidents': staff,
  'GET /api/risk-sources': staff,
  'GET /api/households/locations': ['admin', 'planner', 'dispatcher', 'worker'],
  'GET /api/households': ['admin', 'dispatcher', 'worker'],
  'GET /api/households/:id': ['admin', 'dispatcher', 'worker'],
  'POST /api/households/:id/reveal': ['admin', 'worker'],
  'GET /api/workers': ['admin', 'planner', 'dispatcher'],

  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'GET /api/audit-log': ['admin', 'auditor'],
};

/** Roles that see personal fields unmasked when they explicitly reveal them (and are audited). */
export const mayRevealPersonalData: readonly Role[] = ['admin', 'worker'];

/** '/api/grids/{id}' (OpenAPI) and '/api/grids/:id' (Hono) are the same route. */
export function normaliseRoutePath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

const compiledRules = Object.entries(accessRules).map(([key, audience]) => {
  const [method, path] = key.split(' ') as [string, string];
  const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  return { method, path, pattern, audience, specificity: path.split(':').length };
});

/** The rule for a request, preferring a literal path over a parameterised one. */
export function findAccessRule(method: string, path: string): Audience | undefined {
  const candidates = compiledRules.filter(
    (rule) => (rule.method === method || (method === 'HEAD' && rule.method === 'GET')) && rule.pattern.test(path),
  );
  candidates.sort((a, b) => a.specificity - b.specificity);
  return candidates[0]?.audience;
}
