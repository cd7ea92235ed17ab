import type {
  Adjustment, AssessmentLevel, AssessmentPeriod, AssessmentScheme, AssessmentScores, ItemSources, ManualScore,
} from '../../../contract/assessment.ts';
import { http } from './http-client.ts';

/** The assessment's (考核) calls: periods, scores, the rows behind an item, adjustments, sign-off. */

export const assessmentKeys = {
  all: ['assessment'] as const,
  periods: (year: number) => ['assessment', 'periods', year] as const,
  scores: (period: string, level: AssessmentLevel) => ['assessment', 'scores', period, level] as const,
  sources: (period: string, level: AssessmentLevel, subject: number, indicator: string) => ['assessment', 'sources', period, level, subject, indicator] as const,
  adjustments: (period: string, level: AssessmentLevel, subject: number) => ['assessment', 'adjustments', period, level, subject] as const,
  scheme: (year: number) => ['assessment', 'scheme', year] as const,
};

export interface AdjustmentDraft {
  subject: number;
  level: AssessmentLevel;
  period: string;
  kind: 'bonus' | 'deduction';
  points: number;
  reason?: string;
  achievement?: string;
}

export const assessmentApi = {
  periods: (year: number, signal?: AbortSignal) => http.get<{ periods: AssessmentPeriod[] }>('/api/assessment/periods', { query: { year }, signal }),
  scores: (period: string, level: AssessmentLevel, signal?: AbortSignal) => http.get<AssessmentScores>('/api/assessment/scores', { query: { period, level }, signal }),
  sources: (period: string, level: AssessmentLevel, subject: number, indicator: string, signal?: AbortSignal) =>
    http.get<ItemSources>('/api/assessment/sources', { query: { period, level, subject, indicator }, signal }),
  scheme: (year: number, signal?: AbortSignal) => http.get<AssessmentScheme>('/api/assessment/scheme', { query: { year }, signal }),
  adjustments: (period: string, level: AssessmentLevel, subject: number, signal?: AbortSignal) =>
    http.get<{ adjustments: Adjustment[] }>('/api/assessment/adjustments', { query: { period, level, subject }, signal }),
  addAdjustment: (draft: AdjustmentDraft) => http.post<Adjustment>('/api/assessment/adjustments', draft),
  object: (id: number, reason: string) => http.post<Adjustment>(`/api/assessment/adjustments/${id}/objection`, { reason }),
  review: (id: number, decision: 'upheld' | 'rejected', note?: string) => http.post<Adjustment>(`/api/assessment/adjustments/${id}/review`, { decision, note }),
  manualScore: (input: { period: string; level: AssessmentLevel; subject: number; indicator: string; points: number; comment: string }) =>
    http.put<ManualScore>('/api/assessment/manual-scores', input),
  signOff: (period: string, comment?: string) => http.post<AssessmentPeriod>(`/api/assessment/periods/${encodeURIComponent(period)}/sign-off`, { comment }),
  reopen: (period: string, reason: string) => http.post<AssessmentPeriod>(`/api/assessment/periods/${encodeURIComponent(period)}/reopen`, { reason }),
};
