import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ApiError, apiUrl, describeError, http, rememberCsrfToken } from '../../web/src/api/http-client.ts';
import { shouldRetryRead } from '../../web/src/api/query-client.ts';
import i18next from '../../web/src/i18n/i18n.ts';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A stand-in for the network: records each request and answers with the given response. */
function answerWith(response: () => Response): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    sent.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body });
    return response();
  });
  return sent;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('http client', () => {
  beforeEach(async () => {
    rememberCsrfToken(null);
    await i18next.changeLanguage('zh-CN');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test('a server error becomes one ApiError with status, code, message and details', async () => {
    answerWith(() => json(422, { error: { code: 'split_line_misses_grid', message: '分割线未穿过网格', details: { geometry: null } } }));
    const failure = await http.post('/api/grid-edits/split', { versionId: 1 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 422, code: 'split_line_misses_grid', message: '分割线未穿过网格', details: { geometry: null } });
  });

  test('an answer that is not the error shape still becomes an ApiError naming the status', async () => {
    answerWith(() => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(http.get('/api/grids')).rejects.toMatchObject({ status: 502, code: 'http_error', message: 'Bad Gateway' });
  });

  test('a network failure is an ApiError with status 0; a cancelled request stays an abort', async () => {
    vi.stubGlobal('fetch', async () => { throw new TypeError('Failed to fetch'); });
    await expect(http.get('/api/grids')).rejects.toMatchObject({ status: 0, code: 'network' });
    answerWith(() => json(200, {}));
    const abort = new AbortController();
    abort.abort();
    await expect(http.get('/api/grids', { signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('the CSRF token goes with writes only, once the session is known', async () => {
    const sent = answerWith(() => json(200, { ok: true }));
    await http.post('/api/plans', { name: 'a' });
    rememberCsrfToken('token-1');
    await http.get('/api/plans');
    await http.put('/api/grids/1/worker', { workerId: 2, reason: 'r' });
    await http.delete('/api/grids/1/worker', { reason: 'r' });
    expect(sent.map((request) => [request.method, request.headers['X-CSRF-Token']])).toEqual([
      ['POST', undefined], ['GET', undefined], ['PUT', 'token-1'], ['DELETE', 'token-1'],
    ]);
    expect(sent[2]!.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(sent[2]!.body as string)).toEqual({ workerId: 2, reason: 'r' });
  });

  test('Accept-Language follows the UI language, so server messages come back in it', async () => {
    const sent = answerWith(() => json(200, {}));
    await http.get('/api/grids');
    await i18next.changeLanguage('en');
    await http.get('/api/grids');
    expect(sent.map((request) => request.headers['Accept-Language'])).toEqual(['zh-CN', 'en']);
  });

  test('binary answers come back as bytes; 204 as nothing', async () => {
    answerWith(() => new Response(new Uint8Array([1, 2, 3]), { status: 200 }));
    expect(new Uint8Array(await http.getBinary('/api/analytics/incident-points'))).toEqual(new Uint8Array([1, 2, 3]));
    answerWith(() => new Response(null, { status: 204 }));
    expect(await http.delete('/api/api-keys/1')).toBeUndefined();
  });

  test('query parameters: lists joined with commas, empty values left out', () => {
    expect(apiUrl('/api/cases', { status: ['reported', 'registered'], gridId: 7, overdue: false, category: '', limit: undefined, q: null }))
      .toBe('/api/cases?status=reported%2Cregistered&gridId=7&overdue=false');
    expect(apiUrl('/api/grids')).toBe('/api/grids');
  });

  test('describeError adds list-shaped details to the message', () => {
    expect(describeError(new ApiError(409, 'conflict', '冲突', [{ field: 'name', message: '已存在' }]))).toBe('冲突 (name: 已存在)');
    expect(describeError(new ApiError(400, 'invalid_request', '请求无效：name：必填', { fields: [] }))).toBe('请求无效：name：必填');
  });
});

describe('retries live in the query client', () => {
  test('reads are retried twice on a server or network failure, never on a 4xx or an abort', () => {
    expect(shouldRetryRead(0, new ApiError(503, 'unavailable', '', null))).toBe(true);
    expect(shouldRetryRead(1, new ApiError(0, 'network', '', null))).toBe(true);
    expect(shouldRetryRead(2, new ApiError(503, 'unavailable', '', null))).toBe(false);
    expect(shouldRetryRead(0, new ApiError(404, 'not_found', '', null))).toBe(false);
    expect(shouldRetryRead(0, new ApiError(409, 'conflict', '', null))).toBe(false);
    expect(shouldRetryRead(0, new DOMException('aborted', 'AbortError'))).toBe(false);
  });
});
