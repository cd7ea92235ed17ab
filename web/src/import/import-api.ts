import { ApiError } from '../api/api-client.ts';

/** The import endpoints (server/import/import.routes.ts) and the export URLs. */
export interface ImportJob {
  id: number;
  fileName: string;
  format: string;
  status: string;
  detection: {
    rowCount: number;
    fields: string[];
    encoding: { name: string; source: string } | null;
    crs: { kind: string; code?: number; name?: string } | null;
    crsText: string | null;
    warnings: string[];
  };
  sample: Record<string, unknown>[];
  preview: GeoJSON.FeatureCollection;
}

export interface RowProblem { row: number; severity: 'error' | 'warning'; code: string; field?: string; message: string; location?: [number, number] }

export interface ValidationReport {
  target: string;
  rowCount: number;
  skippedRows: number;
  readyRows: number;
  rowsWithErrors: number;
  problems: RowProblem[];
  overlaps: { rows: [number, number]; areaSquareMetres: number; location: [number, number] | null }[];
  gap: { areaSquareMetres: number; geometry: GeoJSON.Geometry | null } | null;
  suggestedCrs: string | null;
  crsFit: { kind: string; inside: number; sample: number }[] | null;
  problemCounts: Record<string, number>;
  preview: GeoJSON.FeatureCollection;
}

export interface TargetOptions {
  targets: { target: string; fields: { field: string; required: boolean; label: string }[] }[];
  streets: { id: number; code: string; name: string }[];
  communities: { id: number; code: string; name: string }[];
}

async function failure(response: Response): Promise<never> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null;
  throw new ApiError(response.status, body?.error?.code ?? 'http_error', body?.error?.message ?? response.statusText, body?.error?.details);
}

export async function fetchTargets(): Promise<TargetOptions> {
  const response = await fetch('/api/imports/targets', { headers: { Accept: 'application/json' } });
  if (!response.ok) return failure(response);
  return (await response.json()) as TargetOptions;
}

/** XHR rather than fetch: only XHR reports upload progress, which a 50 MB file needs. */
export function uploadImportFile(file: File, encoding: string | null, csrfToken: string | null, onProgress: (percent: number) => void): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('file', file);
    if (encoding) form.append('encoding', encoding);
    const request = new XMLHttpRequest();
    request.open('POST', '/api/imports');
    if (csrfToken) request.setRequestHeader('X-CSRF-Token', csrfToken);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(Math.round((event.loaded / event.total) * 100));
    request.onload = () => {
      const body = (() => { try { return JSON.parse(request.responseText); } catch { return null; } })();
      if (request.status === 201) resolve(body as ImportJob);
      else reject(new ApiError(request.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${request.status}`, body?.error?.details));
    };
    request.onerror = () => reject(new ApiError(0, 'network', 'The upload failed (network)', null));
    request.send(form);
  });
}

export async function validateImportJob(id: number, settings: Record<string, unknown>, csrfToken: string | null): Promise<ValidationReport> {
  const response = await fetch(`/api/imports/${id}/validate`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
    body: JSON.stringify(settings),
  });
  if (!response.ok) return failure(response);
  return (await response.json()) as ValidationReport;
}

export type CommitLine =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; written: number; planId?: number; target: string }
  | { type: 'error'; error: { code: string; message: string } };

/** The commit answers with NDJSON lines: progress while the transaction runs, then a result or an error. */
export async function commitImportJob(id: number, csrfToken: string | null, onLine: (line: CommitLine) => void): Promise<void> {
  const response = await fetch(`/api/imports/${id}/commit`, { method: 'POST', headers: csrfToken ? { 'X-CSRF-Token': csrfToken } : {} });
  if (!response.ok || !response.body) return failure(response);
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
