import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { parse } from 'regexparam';
import type { Role } from '../../../contract/accounts.ts';

/** What every view component receives: its table entry and the parameters its path matched. */
export interface ViewProps {
  route: ViewRoute;
  params: Readonly<Record<string, string | undefined>>;
}

/**
 * One view of the app. A new view (an assessment page, a duty roster…) is one entry in `viewRoutes`
 * below: its path, its lazily loaded module (a default-exported component taking `ViewProps`), its
 * title, who sees its tab in the staff header, and whether it is a staff page or a phone page.
 */
export interface ViewRoute {
  /** The view's name: the header tab's `data-testid="view-<name>"` and the page's `data-view`. */
  view: string;
  /** A wouter (regexparam) pattern on the hash path: `/resident/:tab?/:code?`. */
  path: string;
  /** i18n key of the view's name: the header tab's label and the document title. */
  titleKey: string;
  /** Who sees its tab in the staff header; `hidden` for pages reached by a link (the wall). */
  header: 'everyone' | readonly Role[] | 'hidden';
  /**
   * `staff`: the staff header (view tabs, sign-in) above the page. `phone`: a light header with no
   * staff navigation (residents, grid workers on a phone). `wall`: full screen, no header.
   */
  shell: 'staff' | 'phone' | 'wall';
  /** Only these roles may open the view; anyone else is told whom it is for and may sign in. */
  access?: { roles: readonly Role[]; refusalKey: string; signedOutKey?: string };
  /** The view's module, loaded when the view is first opened (its own chunk). */
  component: LazyExoticComponent<ComponentType<ViewProps>>;
}

// one chunk per view; the planner and command centre share the map dashboard (switching between
// them keeps the map), which itself loads the editor, the assignment panel and deck.gl lazily
const MapDashboard = lazy(() => import('../dashboard/map-dashboard.tsx'));
const ResidentPage = lazy(() => import('../resident/resident-page.tsx'));
const WorkerPage = lazy(() => import('../worker/worker-page.tsx'));
const CaseDeskPage = lazy(() => import('../desk/case-desk-page.tsx'));
const AuditPage = lazy(() => import('../audit/audit-page.tsx'));
const ImportPage = lazy(() => import('../import/import-page.tsx'));
const AssessmentPage = lazy(() => import('../assessment/assessment-page.tsx'));
const DutiesPage = lazy(() => import('../duties/duties-page.tsx'));
const DutyPhonePage = lazy(() => import('../duties/duty-phone-page.tsx'));
const EmergencyPage = lazy(() => import('../emergency/emergency-page.tsx'));
const PopulationPage = lazy(() => import('../population/population-page.tsx'));

/** Every view, in the order of the header's tabs. The first is where an unknown address lands. */
export const viewRoutes: readonly ViewRoute[] = [
  { view: 'planner', path: '/planner/:subView?', titleKey: 'views.planner', header: 'everyone', shell: 'staff', component: MapDashboard },
  { view: 'command', path: '/command/wall', titleKey: 'views.command', header: 'hidden', shell: 'wall', component: MapDashboard },
  { view: 'command', path: '/command', titleKey: 'views.command', header: 'everyone', shell: 'staff', component: MapDashboard },
  {
    view: 'cases', path: '/cases', titleKey: 'views.cases', header: ['dispatcher', 'admin'], shell: 'staff', component: CaseDeskPage,
    access: { roles: ['dispatcher', 'admin'], refusalKey: 'deskAccess.needRole' },
  },
  {
    view: 'worker', path: '/worker', titleKey: 'views.worker', header: 'everyone', shell: 'phone', component: WorkerPage,
    access: { roles: ['worker'], refusalKey: 'worker.notWorker', signedOutKey: 'worker.signInNeeded' },
  },
  { view: 'resident', path: '/resident/:tab?/:code?', titleKey: 'views.resident', header: 'everyone', shell: 'phone', component: ResidentPage },
  {
    view: 'audit', path: '/audit', titleKey: 'views.audit', header: ['auditor', 'admin'], shell: 'staff', component: AuditPage,
    access: { roles: ['auditor', 'admin'], refusalKey: 'audit.needRole' },
  },
  {
    view: 'import', path: '/import', titleKey: 'views.import', header: ['planner', 'admin'], shell: 'staff', component: ImportPage,
    access: { roles: ['planner', 'admin'], refusalKey: 'import.refused' },
  },
  {
    view: 'assessment', path: '/assessment', titleKey: 'views.assessment', header: ['leader', 'admin', 'auditor'], shell: 'staff', component: AssessmentPage,
    access: { roles: ['leader', 'admin', 'auditor', 'dispatcher'], refusalKey: 'assessment.refused' },
  },
  {
    view: 'duties', path: '/duties', titleKey: 'duties.view', header: ['admin', 'planner', 'dispatcher', 'auditor'], shell: 'staff', component: DutiesPage,
    access: { roles: ['admin', 'planner', 'dispatcher', 'auditor'], refusalKey: 'duties.needRole' },
  },
  {
    view: 'duty', path: '/worker/duty', titleKey: 'duties.phone.title', header: 'hidden', shell: 'phone', component: DutyPhonePage,
    access: { roles: ['worker'], refusalKey: 'worker.notWorker', signedOutKey: 'worker.signInNeeded' },
  },
  {
    view: 'emergency', path: '/emergency', titleKey: 'emergency.view', header: ['dispatcher', 'admin'], shell: 'staff', component: EmergencyPage,
    access: { roles: ['dispatcher', 'admin'], refusalKey: 'emergency.refused' },
  },
  {
    view: 'population', path: '/population', titleKey: 'population.viewName', header: ['admin', 'planner', 'dispatcher', 'auditor'], shell: 'staff',
    component: PopulationPage, access: { roles: ['admin', 'planner', 'dispatcher', 'auditor'], refusalKey: 'population.refused' },
  },
];

export const defaultRoute = viewRoutes[0]!;

const patterns = new Map(viewRoutes.map((route) => [route, parse(route.path)]));

/** The view a hash path (`/resident/track/E1`, no query) opens, with its parameters; null if none. */
export function matchViewRoute(path: string, routes: readonly ViewRoute[] = viewRoutes): { route: ViewRoute; params: Record<string, string | undefined> } | null {
  for (const route of routes) {
    const { pattern, keys } = patterns.get(route) ?? parse(route.path);
    const found = pattern.exec(path);
    if (!found) continue;
    const params: Record<string, string | undefined> = {};
    keys.forEach((key, index) => {
      const value = found[index + 1];
      params[key] = value === undefined ? undefined : decodeURIComponent(value);
    });
    return { route, params };
  }
  return null;
}

/** Where a header tab links: the path without its optional parameters (`/planner/:subView?` → `/planner`). */
export function viewPath(route: ViewRoute): string {
  return route.path.replace(/\/:[^/]+\?/g, '').replace(/\/\*\??$/, '') || '/';
}

/** The header's tabs for a role (null: nobody signed in): one per view, in table order. */
export function headerRoutes(role: Role | null, routes: readonly ViewRoute[] = viewRoutes): ViewRoute[] {
  const seen = new Set<string>();
  return routes.filter((route) => {
    if (route.header === 'hidden' || seen.has(route.view)) return false;
    if (route.header !== 'everyone' && (role === null || !route.header.includes(role))) return false;
    seen.add(route.view);
    return true;
  });
}

/** Whether a role may open a view (the server enforces the same on every call the view makes). */
export function mayOpen(route: ViewRoute, role: Role | null): boolean {
  return !route.access || (role !== null && route.access.roles.includes(role));
}
