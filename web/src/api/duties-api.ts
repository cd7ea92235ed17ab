import type {
  BackStreetCoverage, BackStreetInspection, BackStreetSectionCollection, DutyCheckIn, DutyPostList, Station,
} from '../../../contract/duties.ts';
import { http } from './http-client.ts';

/** 城管 duties (issue 18): back streets and coverage, stations, duty posts, check-ins, inspections. */
export const dutiesKeys = {
  all: ['duties'] as const,
  sections: ['duties', 'sections'] as const,
  coverage: ['duties', 'coverage'] as const,
  stations: ['duties', 'stations'] as const,
  posts: (date?: string) => ['duties', 'posts', date ?? 'today'] as const,
};

export interface FindingDraft {
  categoryCode: string;
  description: string;
  longitude: number;
  latitude: number;
  photos: string[];
}

export const dutiesApi = {
  sections: (signal?: AbortSignal) => http.get<BackStreetSectionCollection>('/api/back-streets', { signal }),
  coverage: (signal?: AbortSignal) => http.get<BackStreetCoverage>('/api/back-streets/coverage', { signal }),
  stations: (signal?: AbortSignal) => http.get<{ stations: Station[] }>('/api/stations', { signal }),
  posts: (date?: string, signal?: AbortSignal) => http.get<DutyPostList>('/api/duty-posts', { query: { date }, signal }),
  checkIn: (postId: number, location: { longitude: number; latitude: number }) => http.post<DutyCheckIn>(`/api/duty-posts/${postId}/check-ins`, location),
  recordInspection: (sectionId: number, body: {
    kind: 'scheduled' | 'spot'; startedAt: string; finishedAt: string; route?: GeoJSON.LineString | GeoJSON.MultiPoint; photos: string[]; note?: string; findings: FindingDraft[];
  }) => http.post<BackStreetInspection>(`/api/back-street-sections/${sectionId}/inspections`, body),
};
