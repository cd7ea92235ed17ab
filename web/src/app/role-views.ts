import type { Role } from '../api/api-types.ts';
import type { LayerKey } from '../map/layer-definition.ts';

/** The four ways into the dashboard; each is a hash route (#/planner …) so a link opens the right one. */
export const roleViews = ['planner', 'command', 'cases', 'worker', 'resident', 'audit', 'import'] as const;
export type RoleView = (typeof roleViews)[number];

/** Views that are pages of their own (no dashboard map), and the roles whose header offers them. */
export const pageViews: Partial<Record<RoleView, readonly Role[]>> = {
  cases: ['dispatcher', 'admin'],
  audit: ['auditor', 'admin'],
  import: ['planner', 'admin'],
};

/** The tabs in the header: everyone sees the map views; the case desk and audit log only those who use them. */
export function roleViewsFor(role: Role | null): RoleView[] {
  return roleViews.filter((view) => {
    const audience = pageViews[view];
    return !audience || (role !== null && audience.includes(role));
  });
}

export const layerKeys: LayerKey[] = ['communities', 'grids', 'households', 'incidents', 'riskSources'];

/** What each role sees first: a planner sizes grids by households, a dispatcher watches incidents and risks. */
export const defaultVisibleLayers: Record<RoleView, Record<LayerKey, boolean>> = {
  planner: { communities: true, grids: true, households: true, incidents: false, riskSources: false },
  command: { communities: true, grids: true, households: false, incidents: true, riskSources: true },
  worker: { communities: true, grids: true, households: true, incidents: true, riskSources: false },
  resident: { communities: true, grids: true, households: false, incidents: false, riskSources: false },
  cases: { communities: true, grids: true, households: false, incidents: true, riskSources: false },
  audit: { communities: true, grids: true, households: false, incidents: false, riskSources: false },
  import: { communities: true, grids: true, households: false, incidents: false, riskSources: false },
};

export function roleViewFromHash(hash: string): RoleView {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (roleViews as readonly string[]).includes(name ?? '') ? (name as RoleView) : 'planner';
}
