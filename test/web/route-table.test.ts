import { describe, expect, test } from 'vitest';
import { headerRoutes, matchViewRoute, mayOpen, viewPath, viewRoutes } from '../../web/src/app/route-table.ts';
import { splitHashPath } from '../../web/src/app/hash-location.ts';
import { residentPath, residentRouteOf } from '../../web/src/resident/resident-route.ts';
import i18next from '../../web/src/i18n/i18n.ts';

/** The address of every view as a user or a shared link writes it, and where it must land. */
const addresses: [string, string, string][] = [
  ['/planner', 'planner', 'staff'],
  ['/planner/assignment', 'planner', 'staff'],
  ['/command', 'command', 'staff'],
  ['/command/wall', 'command', 'wall'],
  ['/cases', 'cases', 'staff'],
  ['/worker', 'worker', 'phone'],
  ['/resident', 'resident', 'phone'],
  ['/resident/report', 'resident', 'phone'],
  ['/resident/track/E20260601-000123', 'resident', 'phone'],
  ['/audit', 'audit', 'staff'],
  ['/import', 'import', 'staff'],
  ['/duties', 'duties', 'staff'],
  ['/worker/duty', 'duty', 'phone'],
  ['/emergency', 'emergency', 'staff'],
  ['/population', 'population', 'staff'],
];

describe('route table', () => {
  test.each(addresses)('%s opens the %s view in the %s shell', (path, view, shell) => {
    const match = matchViewRoute(path);
    expect(match?.route.view).toBe(view);
    expect(match?.route.shell).toBe(shell);
  });

  test('parameters come from the path: the planner sub-view and the tracking code', () => {
    expect(matchViewRoute('/planner/assignment')?.params.subView).toBe('assignment');
    expect(matchViewRoute('/planner')?.params.subView).toBeUndefined();
    expect(matchViewRoute('/resident/track/E20260601-000123')?.params).toMatchObject({ tab: 'track', code: 'E20260601-000123' });
  });

  test('an unknown address matches nothing (the outlet then goes to the first view)', () => {
    expect(matchViewRoute('/nowhere')).toBeNull();
    expect(matchViewRoute('/')).toBeNull();
    expect(matchViewRoute('/cases/extra/parts')).toBeNull();
    expect(viewRoutes[0]!.view).toBe('planner');
  });

  test('a header tab links to the view without its optional parameters', () => {
    expect(viewRoutes.map(viewPath)).toEqual(['/planner', '/command/wall', '/command', '/cases', '/worker', '/resident', '/audit', '/import', '/assessment', '/duties', '/worker/duty', '/emergency', '/population']);
  });

  test('the header offers each role the views it uses, once each, never the wall', () => {
    const names = (role: Parameters<typeof headerRoutes>[0]) => headerRoutes(role).map((route) => route.view);
    expect(names(null)).toEqual(['planner', 'command', 'worker', 'resident']);
    expect(names('dispatcher')).toEqual(['planner', 'command', 'cases', 'worker', 'resident', 'duties', 'emergency', 'population']);
    expect(names('auditor')).toEqual(['planner', 'command', 'worker', 'resident', 'audit', 'assessment', 'duties', 'population']);
    expect(names('leader')).toEqual(['planner', 'command', 'worker', 'resident', 'assessment']);
    expect(names('planner')).toEqual(['planner', 'command', 'worker', 'resident', 'import', 'duties', 'population']);
    expect(names('admin')).toEqual(['planner', 'command', 'cases', 'worker', 'resident', 'audit', 'import', 'assessment', 'duties', 'emergency', 'population']);
  });

  test('views with an audience refuse other roles and anonymous visitors; public views refuse no one', () => {
    const route = (view: string) => viewRoutes.find((candidate) => candidate.view === view)!;
    expect(mayOpen(route('cases'), 'dispatcher')).toBe(true);
    expect(mayOpen(route('cases'), 'worker')).toBe(false);
    expect(mayOpen(route('cases'), null)).toBe(false);
    expect(mayOpen(route('worker'), 'worker')).toBe(true);
    expect(mayOpen(route('worker'), 'admin')).toBe(false);
    expect(mayOpen(route('resident'), null)).toBe(true);
    expect(mayOpen(route('import'), 'auditor')).toBe(false);
    expect(mayOpen(route('assessment'), 'leader')).toBe(true);
    expect(mayOpen(route('assessment'), 'worker')).toBe(false);
  });

  test('every title and refusal key is translated in Chinese and English', () => {
    const keys = viewRoutes.flatMap((route) => [route.titleKey, route.access?.refusalKey, route.access?.signedOutKey]).filter((key): key is string => Boolean(key));
    for (const key of keys) {
      for (const lng of ['zh-CN', 'en']) expect(i18next.exists(key, { lng, fallbackLng: false }), `${lng} ${key}`).toBe(true);
    }
  });
});

describe('hash addresses with a query inside the hash', () => {
  test('the query of a tracking link stays out of the path', () => {
    expect(splitHashPath('/resident/track/E1?key=abc')).toEqual({ path: '/resident/track/E1', search: 'key=abc' });
    expect(splitHashPath('/planner')).toEqual({ path: '/planner', search: '' });
  });

  test('resident routes read the reporter key from the query and write it back', () => {
    const route = residentRouteOf({ tab: 'track', code: 'e20260601-000123' }, 'key=k%2F1');
    expect(route).toEqual({ tab: 'track', code: 'E20260601-000123', key: 'k/1' });
    expect(residentPath(route)).toBe('/resident/track/E20260601-000123?key=k%2F1');
    expect(residentRouteOf({}, '')).toEqual({ tab: 'find' });
    expect(residentRouteOf({ tab: 'report' }, '')).toEqual({ tab: 'report' });
    expect(residentPath({ tab: 'track', code: null, key: null })).toBe('/resident/track');
  });
});
