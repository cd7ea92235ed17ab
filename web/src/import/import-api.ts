import type { ImportJob, ImportProblemsPage, ImportReport, ImportTargets, UploadedImport } from '../../../contract/imports.ts';
import { ApiError, currentCsrfToken, errorOf, http } from '../api/http-client.ts';

/**
 * The import endpoints (server/import/import.routes.ts) and the export URLs. Answers are the
 * contract's types (contract/imports.ts); everything but the upload goes through the one client.
 */

export const importKeys = {
  all: ['import'] as const,
  targets: ['import', 'targets'] as const,
};

export const fetchTargets = (signal?: AbortSignal) => http.get<ImportTargets>('/api/imports/targets', { signal });

/**
 * XHR rather than fetch: only XHR reports upload progress, which a 50 MB file needs. Its failure
 * is decoded by the client's own `errorOf`, so it reads exactly like any other refusal.
 */
export function uploadImportFile(file: File, encoding: string | null, onProgress: (percent: number) => void): Promise<UploadedImport> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('file', file);
    if (encoding) form.append('encoding', encoding);
    const request = new XMLHttpRequest();
    request.open('POST', '/api/imports');
    const csrfToken = currentCsrfToken();
    if (csrfToken) request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.setRequestHeader('Accept', 'application/json');
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(Math.round((event.loaded / event.total) * 100));
    request.onload = () => {
      if (request.status === 201) {
        resolve(JSON.parse(request.responseText) as UploadedImport);
        return;
      }
      void errorOf(new Response(request.responseText || null, { status: request.status, statusText: request.statusText })).then(reject);
    };
    request.onerror = () => reject(new ApiError(0, 'network', 'network', null));
    request.send(form);
  });
}

/** The job as stored: after a failed commit, status 'failed' and `failure` (code, message in the reader's language). */
export const fetchImportJob = (id: number) => http.get<ImportJob>(`/api/imports/${id}`);

export const validateImportJob = (id: number, settings: Record<string, unknown>) => http.post<ImportReport>(`/api/imports/${id}/validate`, settings);

/** A page of the last validation's problems (errors first): the report itself carries only the first page. */
export const fetchImportProblems = (id: number, query: { offset: number; limit: number; severity?: 'error' | 'warning'; code?: string }, signal?: AbortSignal) =>
  http.get<ImportProblemsPage>(`/api/imports/${id}/problems`, { query, ...(signal ? { signal } : {}) });

export type CommitLine =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; written: number; planId?: number; target: string }
  | { type: 'error'; error: { code: string; message: string; details?: unknown } };

/** The commit answers with NDJSON lines: progress while the transaction runs, then a result or an error. */
export async function commitImportJob(id: number, onLine: (line: CommitLine) => void): Promise<void> {
  const response = await http.postStream(`/api/imports/${id}/commit`, {});
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(JSON.parse(line) as CommitLine);
  }
  if (buffered.trim()) onLine(JSON.parse(buffered) as CommitLine);
}

export const exportUrl = (dataset: string, format: string, filters: Record<string, string | undefined> = {}, encoding?: string) => {
  const parameters = new URLSearchParams({ format, ...(encoding ? { encoding } : {}) });
  for (const [key, value] of Object.entries(filters)) if (value) parameters.set(key, value);
  return `/api/exports/${dataset}?${parameters.toString()}`;
};
