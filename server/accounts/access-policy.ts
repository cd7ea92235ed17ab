import type { Role } from './roles.ts';

/**
 * Who may call what — the one place. Every API route must have a rule here: a route without
 * one is refused for everyone, and the role × route matrix test fails until a rule is added.
 * Row-level scoping (a worker sees only their grid) is applied in SQL by the repositories.
 */
export type Audience = 'everyone' | 'signed-in' | 'api-key' | readonly Role[];
// 'api-key': no session needed; the handler verifies an API key (and its scope) that the client
// sends in the request, and refuses with 403 without one (Open311 POST requests.json).

const staff: readonly Role[] = ['admin', 'planner', 'dispatcher', 'worker', 'auditor'];
const gridEditors: readonly Role[] = ['admin', 'planner'];
const assessmentReaders: readonly Role[] = ['admin', 'leader', 'auditor', 'dispatcher', 'worker'];

export const accessRules: Record<string, Audience> = {
  'GET /api/health': 'everyone',
  'GET /api/clock': 'everyone',
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
  'GET /api/addresses': 'everyone',
  'GET /api/areas': 'everyone',
  'GET /api/categories': 'everyone',
  // the offline basemap is drawn from public layers (roads, water, land use, buildings)
  'GET /api/basemap/options': 'everyone',
  'GET /api/basemap/style.json': 'everyone',
  'GET /api/basemap/layers/:file': 'everyone',
  'GET /api/basemap/tiles.pmtiles': 'everyone',
  // the city view's vector tiles (issue 21): the public territory, and only the cases the public may
  // see (incident_is_public, at their public point); household points are staff's — not a worker's,
  // whose view is limited to their own grid
  'GET /api/tiles': 'everyone',
  'GET /api/tiles/communities/:z/:x/:y': 'everyone',
  'GET /api/tiles/grids/:z/:x/:y': 'everyone',
  'GET /api/tiles/incidents/:z/:x/:y': 'everyone',
  'GET /api/tiles/households/:z/:x/:y': ['admin', 'planner', 'dispatcher'],

  'GET /api/incidents': staff,
  // the incident loop (server/incidents/incident-state-machine.ts decides who may take each action)
  'POST /api/incidents': ['admin', 'dispatcher', 'worker'],
  'POST /api/incidents/batch': ['admin', 'dispatcher', 'worker'],
  'GET /api/incidents/:id': ['admin', 'dispatcher', 'worker', 'auditor'],
  'POST /api/incidents/:id/transitions': ['admin', 'dispatcher', 'worker'],
  'GET /api/cases': ['admin', 'dispatcher', 'worker', 'auditor'],
  'GET /api/notifications': ['admin', 'dispatcher'],
  'POST /api/notifications/:id/read': ['admin', 'dispatcher'],
  'PATCH /api/categories/:code': ['admin'],
  'POST /api/photos': ['admin', 'dispatcher', 'worker'],
  'GET /api/photos/:name': ['admin', 'dispatcher', 'worker', 'auditor'],
  'GET /api/calendar': staff,
  'PUT /api/calendar/days/:day': ['admin'],
  'DELETE /api/calendar/days/:day': ['admin'],
  'PUT /api/calendar/working-hours': ['admin'],
  'GET /api/risk-sources': staff,
  // the command centre (issue 8): risk register, layers, live stream, heatmap data and KPIs
  'GET /api/risk-sources/:id': staff,
  'POST /api/risk-sources': ['admin', 'dispatcher'],
  'PATCH /api/risk-sources/:id': ['admin', 'dispatcher'],
  'GET /api/emergency-equipment': staff,
  'GET /api/cctv-points': staff,
  'GET /api/stream': staff,
  'GET /api/analytics/incident-points': staff,
  'GET /api/analytics/grid-densities': staff,
  'GET /api/analytics/kpis': staff,
  'GET /api/analytics/kpis/export.xlsx': ['admin', 'dispatcher', 'auditor'],
  'GET /api/households/locations': ['admin', 'planner', 'dispatcher', 'worker'],
  'GET /api/households': ['admin', 'dispatcher', 'worker'],
  'GET /api/households/:id': ['admin', 'dispatcher', 'worker'],
  'POST /api/households/:id/reveal': ['admin', 'worker'],
  'GET /api/workers': ['admin', 'planner', 'dispatcher'],
  // 城管 duties (issue 18): back streets, coverage, people on duty — staff read, planners change
  'GET /api/back-streets': staff,
  'GET /api/back-streets/coverage': staff,
  'POST /api/back-streets': gridEditors,
  'POST /api/back-streets/:id/sections': gridEditors,
  'PATCH /api/back-street-sections/:id': gridEditors,
  'GET /api/duty-people': ['admin', 'planner', 'dispatcher', 'auditor'],
  'POST /api/duty-people/:id/leave': gridEditors,
  'POST /api/back-street-sections/:id/inspections': ['admin', 'dispatcher', 'worker'],
  'GET /api/back-street-sections/:id/inspections': staff,
  'GET /api/stations': staff,
  'POST /api/stations/:id/members': gridEditors,
  'POST /api/station-memberships/:id/leave': gridEditors,
  'GET /api/stations/:id/equipment': ['admin', 'planner', 'dispatcher', 'auditor'],
  'POST /api/stations/:id/equipment': gridEditors,
  'GET /api/stations/:id/reviews': ['admin', 'planner', 'dispatcher', 'auditor'],
  'POST /api/stations/:id/reviews': gridEditors,
  'GET /api/duty-posts': staff,
  'POST /api/duty-posts/:id/shifts': ['admin', 'planner', 'dispatcher'],
  // only the person on duty checks in (a worker account linked to a person on duty)
  'POST /api/duty-posts/:id/check-ins': ['worker'],
  // worker assignment (issue 6): dispatchers read (they dispatch to the grid's worker) but do not assign
  'GET /api/assignments': ['admin', 'planner', 'dispatcher'],
  'PUT /api/grids/:id/worker': gridEditors,
  'DELETE /api/grids/:id/worker': gridEditors,
  'GET /api/grids/:id/assignments': ['admin', 'planner', 'dispatcher'],
  'GET /api/workers/:id/assignments': ['admin', 'planner', 'dispatcher'],

  // draft plans (issue 6): planners and administrators edit and publish; auditors read
  'GET /api/plans': ['admin', 'planner', 'auditor'],
  'POST /api/plans': gridEditors,
  'GET /api/plans/:id': ['admin', 'planner', 'auditor'],
  'GET /api/plans/:id/compare': ['admin', 'planner', 'auditor'],
  'GET /api/plans/:id/compare.xlsx': ['admin', 'planner', 'auditor'],
  'POST /api/plans/:id/communities': gridEditors,
  'POST /api/plans/:id/undo': gridEditors,
  'POST /api/plans/:id/rebase': gridEditors,
  'POST /api/plans/:id/discard': gridEditors,
  'POST /api/plans/:id/rollback': gridEditors,
  'POST /api/plans/:id/publish': gridEditors,
  'POST /api/plans/:id/edits/split': gridEditors,
  'POST /api/plans/:id/edits/split/preview': gridEditors,
  'POST /api/plans/:id/edits/merge': gridEditors,
  'POST /api/plans/:id/edits/merge/preview': gridEditors,
  'POST /api/plans/:id/edits/reshape': gridEditors,
  'POST /api/plans/:id/edits/reshape/preview': gridEditors,
  'POST /api/plans/:id/edits/fill': gridEditors,
  'POST /api/plans/:id/edits/fill/preview': gridEditors,
  'POST /api/plans/:id/edits/move-block': gridEditors,
  'POST /api/plans/:id/edits/move-block/preview': gridEditors,
  'POST /api/plans/:id/edits/auto-split/apply': gridEditors,
  'POST /api/plans/:id/edits/auto-split/apply/preview': gridEditors,

  // planner grid editing (issue 5): writes and previews for planners and administrators
  'POST /api/grid-edits/split': gridEditors,
  'POST /api/grid-edits/split/preview': gridEditors,
  'POST /api/grid-edits/merge': gridEditors,
  'POST /api/grid-edits/merge/preview': gridEditors,
  'POST /api/grid-edits/reshape': gridEditors,
  'POST /api/grid-edits/reshape/preview': gridEditors,
  'POST /api/grid-edits/fill': gridEditors,
  'POST /api/grid-edits/fill/preview': gridEditors,
  'POST /api/grid-edits/move-block': gridEditors,
  'POST /api/grid-edits/move-block/preview': gridEditors,
  // auto-split (issue 19): the alternatives (nothing written), then one applied as a split
  'POST /api/grid-edits/auto-split/preview': gridEditors,
  'POST /api/grid-edits/auto-split/apply': gridEditors,
  'POST /api/grid-edits/auto-split/apply/preview': gridEditors,
  'POST /api/grid-edits/:id/undo': gridEditors,
  'POST /api/grid-edits/:id/undo/preview': gridEditors,
  'GET /api/grid-edits': ['admin', 'planner', 'auditor'],
  'GET /api/grid-edits/:id': ['admin', 'planner', 'auditor'],
  'GET /api/communities/:id/grid-figures': ['admin', 'planner', 'dispatcher', 'auditor'],

  // population and community structure (issue 19): aggregate figures and the structure, no personal rows
  'GET /api/population': ['admin', 'planner', 'dispatcher', 'auditor'],
  'GET /api/residents-groups': ['admin', 'planner', 'dispatcher', 'auditor'],
  'GET /api/info-grids': ['admin', 'planner', 'dispatcher', 'auditor'],
  'GET /api/plans/:id/metrics': ['admin', 'planner', 'auditor'],
  'GET /api/communities/:id/layout-metrics': ['admin', 'planner', 'dispatcher', 'auditor'],

  // residents (issue 9): reporting and following a report needs no account; rate-limited per client
  'GET /api/resident/categories': 'everyone',
  'POST /api/resident/photos': 'everyone',
  'GET /api/resident/nearby': 'everyone',
  'POST /api/resident/reports': 'everyone',
  'GET /api/resident/reports/:code': 'everyone',
  'POST /api/resident/reports/:code/support': 'everyone',
  'POST /api/resident/reports/:code/rating': 'everyone',
  'PUT /api/incidents/:id/public-visibility': ['admin', 'dispatcher'],
  'GET /api/api-keys': ['admin'],
  'POST /api/api-keys': ['admin'],
  'DELETE /api/api-keys/:id': ['admin'],

  // Open311 GeoReport v2 lives outside /api but is gated here too: reading is public (hidden
  // reports are never listed), submitting needs an API key with scope open311_submit, checked
  // by the handler because GeoReport sends the key as a form field
  'GET /open311/v2/discovery.json': 'everyone',
  'GET /open311/v2/discovery.xml': 'everyone',
  'GET /open311/v2/services.json': 'everyone',
  'GET /open311/v2/services.xml': 'everyone',
  'GET /open311/v2/services/:file': 'everyone',
  'GET /open311/v2/requests.json': 'everyone',
  'GET /open311/v2/requests.xml': 'everyone',
  'GET /open311/v2/requests/:file': 'everyone',
  'GET /open311/v2/tokens/:file': 'everyone',
  'POST /open311/v2/requests.json': 'api-key',
  'POST /open311/v2/requests.xml': 'api-key',
  // exports (issue 11): what the role may see anyway, masked, every file audited
  'GET /api/exports/communities': staff,
  'GET /api/exports/grids': staff,
  'GET /api/exports/workers': ['admin', 'planner', 'dispatcher'],
  'GET /api/exports/households': ['admin', 'dispatcher', 'worker'],
  'GET /api/exports/incidents': staff,
  'GET /api/exports/risk-sources': staff,

  // the import wizard (issue 11): planners and administrators; a job belongs to its creator
  'GET /api/imports/targets': gridEditors,
  'POST /api/imports': gridEditors,
  'GET /api/imports/:id': gridEditors,
  'GET /api/imports/:id/problems': gridEditors,
  'POST /api/imports/:id/validate': gridEditors,
  'POST /api/imports/:id/commit': gridEditors,

  // community emergency management (issue 20): the command centre runs emergencies; everyone on
  // staff reads plans, teams and who is on duty; a city platform reports back by signed webhook
  'GET /api/emergency-plans': staff,
  'GET /api/emergency-plans/coverage': staff,
  'GET /api/emergency-plans/:id': staff,
  'POST /api/emergency-plans': ['admin', 'dispatcher'],
  'PUT /api/emergency-plans/:id': ['admin', 'dispatcher'],
  'POST /api/emergency-plans/:id/retire': ['admin', 'dispatcher'],
  'GET /api/emergency-plans/:id/versions': staff,
  'GET /api/emergency-plans/:id/drills': staff,
  'POST /api/emergency-plans/:id/drills': ['admin', 'dispatcher'],
  'GET /api/emergency-teams': staff,
  'POST /api/emergency-teams': ['admin', 'dispatcher'],
  'POST /api/emergency-teams/:id/members': ['admin', 'dispatcher'],
  'POST /api/emergency-teams/:id/shifts': ['admin', 'dispatcher'],
  'GET /api/emergency-duty': staff,
  'GET /api/emergencies': staff,
  'POST /api/emergencies': ['admin', 'dispatcher'],
  'GET /api/emergencies/:id': staff,
  'POST /api/emergencies/:id/log': ['admin', 'dispatcher'],
  'POST /api/emergencies/:id/handovers': ['admin', 'dispatcher'],
  'POST /api/emergencies/:id/close': ['admin', 'dispatcher'],
  'POST /api/linkage/webhook': 'api-key',
  // warnings (预警): residents read them without an account, other systems take CAP
  'GET /api/warnings': staff,
  'POST /api/warnings': ['admin', 'dispatcher'],
  'POST /api/warnings/:id/cancel': ['admin', 'dispatcher'],
  'POST /api/warnings/:id/acknowledge': staff,
  'GET /api/public/warnings': 'everyone',
  'GET /api/public/warnings.cap': 'everyone',
  'GET /api/public/warnings.cap.json': 'everyone',

  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'GET /api/audit-log': ['admin', 'auditor'],

  // the assessment (issue 17): leaders read everything and sign off; workers read their own scorecard
  // (scoped in the use case); deductions and bonuses by leaders and administrators; no personal data
  'GET /api/assessment/scores': assessmentReaders,
  'GET /api/assessment/sources': assessmentReaders,
  'GET /api/assessment/periods': assessmentReaders,
  'GET /api/assessment/scheme': assessmentReaders,
  'GET /api/assessment/adjustments': assessmentReaders,
  'GET /api/assessment/ledger.xlsx': ['admin', 'leader', 'auditor'],
  'POST /api/assessment/schemes': ['admin'],
  'POST /api/assessment/adjustments': ['admin', 'leader'],
  'POST /api/assessment/adjustments/:id/objection': ['admin', 'worker'],
  'POST /api/assessment/adjustments/:id/review': ['admin', 'leader'],
  'PUT /api/assessment/manual-scores': ['leader'],
  'POST /api/assessment/periods/:code/sign-off': ['leader'],
  'POST /api/assessment/periods/:code/reopen': ['admin'],
};

/**
 * OGC API – Features at /ogc (server/ogc/ogc.routes.ts). It is outside /api: the session
 * middleware does not run there, cookies are ignored and every route is a read (GET). Public
 * collections are the published territory and incidents without personal fields; households
 * need an API key with the `ogc_households` scope (server/api-keys) and are served masked.
 */
export const ogcAccess: Record<'communities' | 'grids' | 'incidents' | 'risk-sources' | 'households', 'everyone' | 'api-key:ogc_households'> = {
  communities: 'everyone',
  grids: 'everyone',
  incidents: 'everyone',
  'risk-sources': 'everyone',
  households: 'api-key:ogc_households',
};

/** Roles that see personal fields unmasked when they explicitly reveal them (and are audited). */
export const mayRevealPersonalData: readonly Role[] = ['admin', 'worker'];

/** '/api/grids/{id}' (OpenAPI) and '/api/grids/:id' (Hono) are the same route. */
export function normaliseRoutePath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

interface CompiledRule {
  pattern: RegExp;
  audience: Audience;
  specificity: number;
}

/**
 * The rules compiled once, at module load: a literal path is one Map look-up by "METHOD path";
 * parameterised paths are tried per method, fewest parameters first, stopping at the first match.
 * (The lookup is the hottest route; scanning and sorting every rule's regex per request was a
 * measurable share of its cost — BENCHMARKS.md §1.)
 */
const literalRules = new Map<string, Audience>();
const parameterisedRules = new Map<string, CompiledRule[]>();
for (const [key, audience] of Object.entries(accessRules)) {
  const [method, path] = key.split(' ') as [string, string];
  if (!path.includes(':')) {
    literalRules.set(`${method} ${path}`, audience);
    continue;
  }
  const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  const list = parameterisedRules.get(method) ?? [];
  list.push({ pattern, audience, specificity: path.split(':').length });
  parameterisedRules.set(method, list);
}
// stable sort: among equally specific rules the one declared first wins, as before
for (const list of parameterisedRules.values()) list.sort((a, b) => a.specificity - b.specificity);

/** The rule for a request, preferring a literal path over a parameterised one. */
export function findAccessRule(method: string, path: string): Audience | undefined {
  const ruleMethod = method === 'HEAD' ? 'GET' : method;
  const literal = literalRules.get(`${method} ${path}`) ?? (method === 'HEAD' ? literalRules.get(`GET ${path}`) : undefined);
  if (literal !== undefined) return literal;
  for (const rule of parameterisedRules.get(method) ?? []) if (rule.pattern.test(path)) return rule.audience;
  if (ruleMethod !== method) for (const rule of parameterisedRules.get(ruleMethod) ?? []) if (rule.pattern.test(path)) return rule.audience;
  return undefined;
}
