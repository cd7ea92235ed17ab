/** Where inside the resident page: `#/resident`, `#/resident/report`, `#/resident/track/E…?key=…`. */
export type ResidentRoute =
  | { tab: 'find' }
  | { tab: 'report' }
  | { tab: 'track'; code: string | null; key: string | null };

/** The resident route of the router's parameters (`/resident/:tab?/:code?`) and the hash's query. */
export function residentRouteOf(params: { tab?: string | undefined; code?: string | undefined }, search: string): ResidentRoute {
  if (params.tab === 'report') return { tab: 'report' };
  if (params.tab === 'track') {
    const code = params.code ? params.code.toUpperCase().slice(0, 40) : null;
    return { tab: 'track', code, key: new URLSearchParams(search).get('key') };
  }
  return { tab: 'find' };
}

/** The hash path of a resident route (for the router's `navigate`). */
export function residentPath(route: ResidentRoute): string {
  if (route.tab === 'find') return '/resident';
  if (route.tab === 'report') return '/resident/report';
  return `/resident/track${route.code ? `/${encodeURIComponent(route.code)}` : ''}${route.key ? `?key=${encodeURIComponent(route.key)}` : ''}`;
}
