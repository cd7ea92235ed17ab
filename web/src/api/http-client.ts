import i18next from 'i18next';

/**
 * The web app's one way to talk to the API. Every call goes through `request` below, so these
 * things happen in exactly one place:
 *
 * - errors are decoded once from the server's `{error:{code,message,details}}` into an `ApiError`
 *   (a network failure becomes `ApiError` status 0, code `network`);
 * - writes (POST/PUT/PATCH/DELETE) carry the session's `X-CSRF-Token`, remembered here when the
 *   session is read or a user signs in (`rememberCsrfToken`), so no component passes it around;
 * - `Accept-Language` is the current i18next language, so server messages come back in it;
 * - cancellation is the caller's `AbortSignal` (TanStack Query hands every `queryFn` one);
 * - retries are not done here: the query client (`query-client.ts`) retries failed reads, never
 *   a 4xx and never a write.
 *
 * ## Adding a domain's calls
 *
 * A domain (assessment, duties, population, emergency…) adds one file `web/src/api/<domain>-api.ts`:
 *
 * ```ts
 * import type { Period } from '../../../contract/assessment.ts';   // types only, from the contract
 * import { http } from './http-client.ts';
 *
 * export const assessmentKeys = {
 *   all: ['assessment'] as const,
 *   periods: (year: number) => ['assessment', 'periods', year] as const,
 * };
 * export const assessmentApi = {
 *   periods: (year: number, signal?: AbortSignal) => http.get<{ periods: Period[] }>('/api/assessment/periods', { query: { year }, signal }),
 *   close: (id: number) => http.post<Period>(`/api/assessment/periods/${id}/close`, {}),
 * };
 * ```
 *
 * and components read with `useQuery({ queryKey: assessmentKeys.periods(year), queryFn: ({ signal }) => assessmentApi.periods(year, signal) })`
 * and write with `useMutation({ mutationFn: assessmentApi.close, onSuccess: () => queryClient.invalidateQueries({ queryKey: assessmentKeys.all }) })`.
 * Keys start with the domain's name, so invalidating `<domain>Keys.all` refreshes every view of it.
 */

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

/** A query parameter: lists are joined with commas (the API's convention); empty values are left out. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  signal?: AbortSignal | undefined;
  /** Extra headers (e.g. `Accept` for a file); the client's own headers win for CSRF and language. */
  headers?: Record<string, string>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Body = { json: unknown } | { form: FormData } | null;

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every write from now on (null when signed out). */
export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token for the rare write that cannot go through `request` (an XHR upload with progress). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** A same-origin URL with its query; lists become comma-separated, empty values are dropped. */
export function apiUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (text !== '') parameters.set(key, text);
  }
  const search = parameters.toString();
  return search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path;
}

/**
 * The URL of a file the browser downloads by following a link: a link cannot set
 * `Accept-Language`, so the UI language rides along as `lang` and the file's labels follow it.
 */
export function downloadUrl(path: string, query: Record<string, QueryValue> = {}): string {
  return apiUrl(path, { ...query, lang: i18next.language === 'en' ? 'en' : 'zh-CN' });
}

/** The headers every request carries: language always, CSRF on writes. */
export function requestHeaders(method: Method, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extra, 'Accept-Language': i18next.language || 'zh-CN' };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

/** Turn a failed response into an `ApiError`, reading `{error:{code,message,details}}` when it is there. */
export async function errorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
  return new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? (response.statusText || `HTTP ${response.status}`), body?.error?.details);
}

/** Send one request and hand back the response once it is known to be a success (2xx). */
async function request(method: Method, path: string, body: Body, options: RequestOptions): Promise<Response> {
  const headers = requestHeaders(method, options.headers);
  let payload: BodyInit | undefined;
  if (body && 'json' in body) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.json);
  } else if (body && 'form' in body) {
    payload = body.form; // the browser sets the multipart boundary
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), { method, headers, body: payload, signal: options.signal, credentials: 'same-origin' });
  } catch (failure) {
    if (options.signal?.aborted) throw failure; // cancelled: let the caller (or TanStack Query) see the abort
    throw new ApiError(0, 'network', failure instanceof Error ? failure.message : String(failure), null);
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function json<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const http = {
  get: async <T>(path: string, options: RequestOptions = {}) => json<T>(await request('GET', path, null, options)),
  /** Binary answers (the heatmap's incident points): the bytes, errors decoded as for JSON. */
  getBinary: async (path: string, options: RequestOptions = {}) =>
    (await request('GET', path, null, { ...options, headers: { Accept: 'application/octet-stream', ...options.headers } })).arrayBuffer(),
  post: async <T>(path: string, body: unknown = {}, options: RequestOptions = {}) => json<T>(await request('POST', path, { json: body }, options)),
  put: async <T>(path: string, body: unknown, options: RequestOptions = {}) => json<T>(await request('PUT', path, { json: body }, options)),
  patch: async <T>(path: string, body: unknown, options: RequestOptions = {}) => json<T>(await request('PATCH', path, { json: body }, options)),
  delete: async <T>(path: string, body?: unknown, options: RequestOptions = {}) =>
    json<T>(await request('DELETE', path, body === undefined ? null : { json: body }, options)),
  /** A multipart upload (photos); `FormData` as built by the caller. */
  postForm: async <T>(path: string, form: FormData, options: RequestOptions = {}) => json<T>(await request('POST', path, { form }, options)),
  /** A POST whose answer is read by the caller as a stream (the import commit's NDJSON progress). */
  postStream: async (path: string, body: unknown = {}, options: RequestOptions = {}) => request('POST', path, { json: body }, options),
};

/**
 * A failure in words a person can act on: the server's message (already in the UI language, and
 * for a 400 already naming each field), plus the items of a list-shaped `details` when there is one.
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = Array.isArray(error.details)
      ? (error.details as { field?: string; message?: string }[]).map((item) => [item.field, item.message].filter(Boolean).join(': ')).join('; ')
      : '';
    return details ? `${error.message} (${details})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
