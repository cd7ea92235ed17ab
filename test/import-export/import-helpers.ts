import type { TestApp } from '../support/test-app.ts';

/** The wizard's three calls, as a test makes them. */
export async function uploadFile(app: TestApp, headers: Record<string, string>, name: string, bytes: Uint8Array | string, encoding?: string) {
  const form = new FormData();
  form.append('file', new File([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : (bytes as Uint8Array<ArrayBuffer>)], name));
  if (encoding) form.append('encoding', encoding);
  const response = await app.request('/api/imports', { method: 'POST', headers, body: form });
  return { status: response.status, body: (await response.json()) as any };
}

export async function validateJob(app: TestApp, headers: Record<string, string>, id: number, settings: Record<string, unknown>) {
  const response = await app.request(`/api/imports/${id}/validate`, {
    method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(settings),
  });
  return { status: response.status, body: (await response.json()) as any };
}

export async function commitJob(app: TestApp, headers: Record<string, string>, id: number) {
  const response = await app.request(`/api/imports/${id}/commit`, { method: 'POST', headers });
  const text = await response.text();
  if (response.status !== 200) return { status: response.status, lines: [] as any[], last: JSON.parse(text) };
  const lines = text.trim().split('\n').map((line) => JSON.parse(line));
  return { status: response.status, lines, last: lines[lines.length - 1] };
}
