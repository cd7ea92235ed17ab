import { http } from './http-client.ts';

/** The public resident API: no account (the client adds a CSRF token only when a staff session exists). */

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

// the public report's shapes come from the API contract (contract/residents.ts)
import type { AddressSuggestions, EstateAnswer, NearbyReport, PublicReport, Satisfaction } from '../../../contract/residents.ts';
export type { AddressSuggestions, EstateAnswer, NearbyReport, PublicReport, Satisfaction };

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

export const residentKeys = {
  all: ['resident'] as const,
  categories: ['resident', 'categories'] as const,
  report: (code: string) => ['resident', 'report', code] as const,
};

export const residentApi = {
  addresses: (q: string, signal?: AbortSignal) =>
    http.get<AddressSuggestions>('/api/addresses', { query: { q, limit: 8 }, signal }),
  lookup: (lng: number, lat: number, signal?: AbortSignal) => http.get<PlaceCard>('/api/lookup', { query: { lng, lat }, signal }),
  categories: (signal?: AbortSignal) => http.get<{ categories: ResidentCategory[] }>('/api/resident/categories', { signal }),
  nearby: (lng: number, lat: number, category: string, signal?: AbortSignal) =>
    http.get<{ radiusMetres: number; reports: NearbyReport[] }>('/api/resident/nearby', { query: { lng, lat, category }, signal }),
  uploadPhoto: (file: Blob) => {
    const form = new FormData();
    form.append('photo', file);
    return http.postForm<{ name: string }>('/api/resident/photos', form);
  },
  submit: (draft: ReportDraft) => http.post<{ trackingCode: string; reporterKey: string; status: string }>('/api/resident/reports', draft),
  /** The tracking page; with the reporter's key the answer also carries their own words and exact point. */
  report: (code: string, reporterKey: string | null, signal?: AbortSignal) =>
    http.get<PublicReport>(`/api/resident/reports/${encodeURIComponent(code)}`, {
      signal, ...(reporterKey ? { headers: { 'X-Reporter-Key': reporterKey } } : {}),
    }),
  support: (code: string) => http.post<{ supporterCount: number }>(`/api/resident/reports/${encodeURIComponent(code)}/support`, {}),
  rate: (code: string, reporterKey: string, satisfaction: Satisfaction) =>
    http.post<unknown>(`/api/resident/reports/${encodeURIComponent(code)}/rating`, { reporterKey, satisfaction }),
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
