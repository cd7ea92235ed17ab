import type {
  BasemapOptions,
  Category,
  Collection,
  CommunityProperties,
  GridDetail,
  GridProperties,
  Health,
  HouseholdLocationProperties,
  IncidentProperties,
  RiskSourceProperties,
  Session,
} from './api-types.ts';

/** A failed API call, carrying the server's `{error:{code,message,details}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function getJson<T>(path: string, query: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
  return answer<T>(await fetch(url, { signal, headers: { Accept: 'application/json' } }));
}

/** Writes carry the session's CSRF token; the session cookie itself is HttpOnly and same-site. */
async function postJson<T>(path: string, body: unknown, csrfToken: string | null): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return answer<T>(await fetch(new URL(path, window.location.origin), { method: 'POST', headers, body: JSON.stringify(body) }));
}

async function answer<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? response.statusText, body?.error?.details);
  }
  return (await response.json()) as T;
}

export type Bbox = [number, number, number, number];
const bboxText = (bbox: Bbox | undefined) => bbox?.map((value) => value.toFixed(6)).join(',');

export const api = {
  health: (signal?: AbortSignal) => getJson<Health>('/api/health', {}, signal),
  communities: (signal?: AbortSignal) => getJson<Collection<CommunityProperties>>('/api/communities', {}, signal),
  grids: (options: { bbox?: Bbox; at?: string } = {}, signal?: AbortSignal) =>
    getJson<Collection<GridProperties>>('/api/grids', { bbox: bboxText(options.bbox), at: options.at }, signal),
  grid: (id: number, signal?: AbortSignal) => getJson<GridDetail>(`/api/grids/${id}`, {}, signal),
  incidents: (
    options: { bbox?: Bbox; from?: string; to?: string; category?: string; status?: string[]; limit?: number } = {},
    signal?: AbortSignal,
  ) =>
    getJson<Collection<IncidentProperties>>(
      '/api/incidents',
      {
        bbox: bboxText(options.bbox),
        from: options.from,
        to: options.to,
        category: options.category,
        status: options.status?.join(','),
        limit: options.limit?.toString(),
      },
      signal,
    ),
  categories: (signal?: AbortSignal) => getJson<{ categories: Category[] }>('/api/categories', {}, signal),
  riskSources: (signal?: AbortSignal) => getJson<Collection<RiskSourceProperties>>('/api/risk-sources', {}, signal),
  householdLocations: (options: { bbox?: Bbox } = {}, signal?: AbortSignal) =>
    getJson<Collection<HouseholdLocationProperties>>('/api/households/locations', { bbox: bboxText(options.bbox) }, signal),
  session: (signal?: AbortSignal) => getJson<Session>('/api/auth/session', {}, signal),
  login: (username: string, password: string) => postJson<Session>('/api/auth/login', { username, password }, null),
  logout: (csrfToken: string | null) => postJson<unknown>('/api/auth/logout', {}, csrfToken),
  basemapOptions: (signal?: AbortSignal) => getJson<BasemapOptions>('/api/basemap/options', {}, signal),
};
