/** Where inside the resident page: #/resident, #/resident/report, #/resident/track/E…?key=… */
export type ResidentRoute =
  | { tab: 'find' }
  | { tab: 'report' }
  | { tab: 'track'; code: string | null; key: string | null };

export function residentRouteFromHash(hash: string): ResidentRoute {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'resident') return { tab: 'find' };
  if (parts[1] === 'report') return { tab: 'report' };
  if (parts[1] === 'track') {
    const code = parts[2] ? decodeURIComponent(parts[2]).toUpperCase().slice(0, 40) : null;
    return { tab: 'track', code, key: new URLSearchParams(query).get('key') };
  }
  return { tab: 'find' };
}

export function residentHash(route: ResidentRoute): string {
  if (route.tab === 'find') return '#/resident';
  if (route.tab === 'report') return '#/resident/report';
  return `#/resident/track${route.code ? `/${encodeURIComponent(route.code)}` : ''}${route.key ? `?key=${encodeURIComponent(route.key)}` : ''}`;
}
