import { ApiError } from './api-client.ts';

/** The public resident API: no account; writes carry the CSRF token only when a staff session exists. */

export interface PlaceCard {
  inServiceArea: boolean;
  street?: { code: string; name: string };
  community: { id: number; code: string; name: string; serviceHallAddress: string | null; serviceHallHours: string | null } | null;
  grid: { id: number; code: string; name: string } | null;
  worker: { name: string; dutyPhone: string | null; dutyHours: string | null; photoPath: string | null } | null;
  nearestCommunity: { id: number; code: string; name: string; distanceMetres: number } | null;
}

export interface AddressSuggestion {
  label: string;
  buildingId: number;
  score: number;
  location: { lng: number; lat: number };
  community: { code: string; name: string } | null;
  grid: { id: number; code: string; name: string } | null;
}

export interface ResidentCategory {
  code: string;
  categoryCode: string;
  nameZh: string;
  nameEn: string;
}

export interface NearbyReport {
  trackingCode: string;
  categoryCode: string;
  status: string;
  description: string;
  reportedAt: string;
  distanceMetres: number;
  supporterCount: number;
}

export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export interface PublicReport {
  trackingCode: string;
  status: string;
  publicStatus: 'open' | 'closed';
  statusNote: { zh: string; en: string };
  category: { code: string; residentCode: string | null; nameZh: string; nameEn: string };
  hiddenFromPublic: boolean;
  description: string | null;
  address: string | null;
  community: string | null;
  gridCode: string | null;
  reportedAt: string;
  updatedAt: string;
  closedAt: string | null;
  supporterCount: number;
  photoCount: number;
  satisfaction: Satisfaction | null;
  canRate: boolean;
  timeline: { at: string; step: string; status: string }[];
}

export interface ReportDraft {
  category: string;
  description: string;
  longitude: number;
  latitude: number;
  address?: string;
  photos: string[];
  anonymous: boolean;
  contactName?: string;
  contactPhone?: string;
}

async function answer<T>(response: Response): Promise<T> {
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? response.statusText, body?.error?.details);
  }
  return (await response.json()) as T;
}

const get = async <T>(path: string, signal?: AbortSignal) => answer<T>(await fetch(path, { signal, headers: { Accept: 'application/json' } }));

function headers(csrfToken: string | null, json: boolean): Record<string, string> {
  const result: Record<string, string> = { Accept: 'application/json' };
  if (json) result['Content-Type'] = 'application/json';
  if (csrfToken) result['X-CSRF-Token'] = csrfToken;
  return result;
}

const post = async <T>(path: string, body: unknown, csrfToken: string | null) =>
  answer<T>(await fetch(path, { method: 'POST', headers: headers(csrfToken, true), body: JSON.stringify(body) }));

export const residentApi = {
  addresses: (q: string, signal?: AbortSignal) =>
    get<{ suggestions: AddressSuggestion[] }>(`/api/addresses?${new URLSearchParams({ q, limit: '8' })}`, signal),
  lookup: (lng: number, lat: number, signal?: AbortSignal) => get<PlaceCard>(`/api/lookup?lng=${lng}&lat=${lat}`, signal),
  categories: (signal?: AbortSignal) => get<{ categories: ResidentCategory[] }>('/api/resident/categories', signal),
  nearby: (lng: number, lat: number, category: string, signal?: AbortSignal) =>
    get<{ radiusMetres: number; reports: NearbyReport[] }>(`/api/resident/nearby?lng=${lng}&lat=${lat}&category=${encodeURIComponent(category)}`, signal),
  uploadPhoto: async (file: Blob, csrfToken: string | null) => {
    const form = new FormData();
    form.append('photo', file);
    return answer<{ name: string }>(await fetch('/api/resident/photos', { method: 'POST', headers: headers(csrfToken, false), body: form }));
  },
  submit: (draft: ReportDraft, csrfToken: string | null) =>
    post<{ trackingCode: string; reporterKey: string; status: string }>('/api/resident/reports', draft, csrfToken),
  report: (code: string, signal?: AbortSignal) => get<PublicReport>(`/api/resident/reports/${encodeURIComponent(code)}`, signal),
  support: (code: string, csrfToken: string | null) =>
    post<{ supporterCount: number }>(`/api/resident/reports/${encodeURIComponent(code)}/support`, {}, csrfToken),
  rate: (code: string, reporterKey: string, satisfaction: Satisfaction, csrfToken: string | null) =>
    post<unknown>(`/api/resident/reports/${encodeURIComponent(code)}/rating`, { reporterKey, satisfaction }, csrfToken),
};

/** Reporter keys stay on the phone that filed the report: they are what lets it rate the result. */
const keyStorage = 'gridatlas.reporterKeys';
export function rememberReporterKey(code: string, key: string): void {
  try {
    const keys = JSON.parse(window.localStorage.getItem(keyStorage) ?? '{}') as Record<string, string>;
    keys[code] = key;
    window.localStorage.setItem(keyStorage, JSON.stringify(keys));
  } catch {
    // no storage (private mode): the key in the tracking link still works
  }
}
export function reporterKeyOf(code: string): string | null {
  try {
    return (JSON.parse(window.localStorage.getItem(keyStorage) ?? '{}') as Record<string, string>)[code] ?? null;
  } catch {
    return null;
  }
}
export function rememberedTrackingCodes(): string[] {
  try {
    return Object.keys(JSON.parse(window.localStorage.getItem(keyStorage) ?? '{}') as Record<string, string>).reverse();
  } catch {
    return [];
  }
}
