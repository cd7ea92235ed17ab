import { QueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { ApiError } from './http-client.ts';

/** Reads are retried at most twice, and only when a retry can help: never a 4xx (the request itself is wrong). */
export function shouldRetryRead(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  if (error instanceof DOMException && error.name === 'AbortError') return false;
  return failureCount < 2;
}

/**
 * The app's one query client: the single place where retries are decided. Writes (mutations) are
 * never retried — a write that timed out may have happened. Data is fresh for 30 s, and a window
 * regaining focus does not refetch the map's large collections behind the user's back; a language
 * switch does refetch what is shown.
 */
export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetryRead, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  // answers carry text the server rendered in the request's language (case notes, rule warnings,
  // notifications): after a language switch the shown queries are asked again, in the new language
  i18next.on('languageChanged', () => void client.invalidateQueries());
  return client;
}
