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
import { http, rememberCsrfToken } from './http-client.ts';

export { ApiError } from './http-client.ts';

export type Bbox = [number, number, number, number];
const bboxText = (bbox: Bbox | undefined) => bbox?.map((value) => value.toFixed(6)).join(',');

/** Reads the session and remembers its CSRF token for the writes that follow. */
async function sessionAnswer(answer: Promise<Session>): Promise<Session> {
  const session = await answer;
  rememberCsrfToken(session.csrfToken);
  return session;
}

export const territoryKeys = {
  all: ['territory'] as const,
  grids: (at: string | null) => ['territory', 'grids', at] as const,
  grid: (id: number) => ['territory', 'grid', id] as const,
};
export const sessionKey = ['session'] as const;

export const api = {
  health: (signal?: AbortSignal) => http.get<Health>('/api/health', { signal }),
  communities: (signal?: AbortSignal) => http.get<Collection<CommunityProperties>>('/api/communities', { signal }),
  grids: (options: { bbox?: Bbox; at?: string } = {}, signal?: AbortSignal) =>
    http.get<Collection<GridProperties>>('/api/grids', { query: { bbox: bboxText(options.bbox), at: options.at }, signal }),
  grid: (id: number, signal?: AbortSignal) => http.get<GridDetail>(`/api/grids/${id}`, { signal }),
  incidents: (
    options: { bbox?: Bbox; from?: string; to?: string; category?: string; status?: string[]; limit?: number } = {},
    signal?: AbortSignal,
  ) =>
    http.get<Collection<IncidentProperties>>('/api/incidents', {
      query: { bbox: bboxText(options.bbox), from: options.from, to: options.to, category: options.category, status: options.status, limit: options.limit },
      signal,
    }),
  categories: (signal?: AbortSignal) => http.get<{ categories: Category[] }>('/api/categories', { signal }),
  riskSources: (signal?: AbortSignal) => http.get<Collection<RiskSourceProperties>>('/api/risk-sources', { signal }),
  householdLocations: (options: { bbox?: Bbox } = {}, signal?: AbortSignal) =>
    http.get<Collection<HouseholdLocationProperties>>('/api/households/locations', { query: { bbox: bboxText(options.bbox) }, signal }),
  session: (signal?: AbortSignal) => sessionAnswer(http.get<Session>('/api/auth/session', { signal })),
  login: (username: string, password: string) => sessionAnswer(http.post<Session>('/api/auth/login', { username, password })),
  logout: async () => {
    await http.post<unknown>('/api/auth/logout', {});
    rememberCsrfToken(null);
  },
  basemapOptions: (signal?: AbortSignal) => http.get<BasemapOptions>('/api/basemap/options', { signal }),
};
