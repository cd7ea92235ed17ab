import type { LayerKey } from '../map/layer-definition.ts';

/** The two views that share the map dashboard: the planner's and the command centre's. */
export type DashboardView = 'planner' | 'command';

/** The planner tab's sub-views: the editor (or the grid list) and worker assignment (`#/planner/assignment`). */
export type PlannerSubView = 'main' | 'assignment';

export const layerKeys: LayerKey[] = ['communities', 'grids', 'households', 'incidents', 'riskSources'];

/** What each view shows first: a planner sizes grids by households, a dispatcher watches incidents and risks. */
export const defaultVisibleLayers: Record<DashboardView, Record<LayerKey, boolean>> = {
  planner: { communities: true, grids: true, households: true, incidents: false, riskSources: false },
  // the command centre opens on its live tab: live cases (drawn by deck.gl) over the grids only;
  // each tab then switches on what its task needs (command-centre.tsx `commandTabLayers`)
  command: { communities: true, grids: true, households: false, incidents: false, riskSources: false },
};
