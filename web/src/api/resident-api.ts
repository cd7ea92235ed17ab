import type {
  AddressSuggestions, LookupResult, NearbyReport, PublicReport, ResidentCategory, ResidentPhoto, Satisfaction, SubmittedReport,
} from '../../../contract/residents.ts';
import { http } from './http-client.ts';

/**
 * The public resident API: no account (the client adds a CSRF token only when a staff session
 * exists). Answers are the contract's types (contract/residents.ts); `ReportDraft` is the body a
 * resident's form builds.
 */

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
  addresses: (q: string, signal?: AbortSignal) => http.get<AddressSuggestions>('/api/addresses', { query: { q, limit: 8 }, signal }),
  lookup: (lng: number, lat: number, signal?: AbortSignal) => http.get<LookupResult>('/api/lookup', { query: { lng, lat }, signal }),
  categories: (signal?: AbortSignal) => http.get<{ categories: ResidentCategory[] }>('/api/resident/categories', { signal }),
  nearby: (lng: number, lat: number, category: string, signal?: AbortSignal) =>
    http.get<{ radiusMetres: number; reports: NearbyReport[] }>('/api/resident/nearby', { query: { lng, lat, category }, signal }),
  uploadPhoto: (file: Blob) => {
    const form = new FormData();
    form.append('photo', file);
    return http.postForm<ResidentPhoto>('/api/resident/photos', form);
  },
  submit: (draft: ReportDraft) => http.post<SubmittedReport>('/api/resident/reports', draft),
  /** The tracking page; with the reporter's key the answer also carries their own words and exact point. */
  report: (code: string, reporterKey: string | null, signal?: AbortSignal) =>
    http.get<PublicReport>(`/api/resident/reports/${encodeURIComponent(code)}`, {
      signal, ...(reporterKey ? { headers: { 'X-Reporter-Key': reporterKey } } : {}),
    }),
  support: (code: string) => http.post<{ trackingCode: string; supporterCount: number }>(`/api/resident/reports/${encodeURIComponent(code)}/support`, {}),
  rate: (code: string, reporterKey: string, satisfaction: Satisfaction) =>
    http.post<{ trackingCode: string; satisfaction: Satisfaction }>(`/api/resident/reports/${encodeURIComponent(code)}/rating`, { reporterKey, satisfaction }),
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
