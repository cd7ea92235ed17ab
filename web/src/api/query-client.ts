import { QueryClient } from '@tanstack/react-query';
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
 * regaining focus does not refetch the map's large collections behind the user's back.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetryRead, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}
