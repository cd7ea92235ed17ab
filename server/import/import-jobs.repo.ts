import type { Queryable } from '../db/connect.ts';
import { DataKey } from '../personal-data/data-key.ts';
import type { ImportSettings, ImportTarget } from './import-settings.ts';
import type { ImportFormat, ImportRow, ParsedUpload } from './read-upload.ts';
import type { ValidationReport } from './validate-import.ts';

export interface ImportJob {
  id: number;
  createdBy: number | null;
  createdAt: Date;
  fileName: string;
  format: ImportFormat;
  status: 'parsed' | 'validated' | 'committed' | 'failed';
  detection: Omit<ParsedUpload, 'rows' | 'format'> & { rowCount: number };
  rows: ImportRow[];
  target: ImportTarget | null;
  settings: ImportSettings | null;
  report: ValidationReport | null;
  result: Record<string, unknown> | null;
  committedAt: Date | null;
}

/**
 * The uploaded rows are kept for validation and commit, but they hold ID numbers and phone numbers:
 * they are stored as ONE sealed JSON string (a jsonb string `enc:v1:…`), sealed before the first
 * write, and opened when the job is read.
 */
export function sealImportRows(dataKey: DataKey, rows: unknown): string {
  return dataKey.seal(JSON.stringify(rows));
}

function openImportRows(dataKey: DataKey, stored: unknown): ImportRow[] {
  // a job stored before rows were sealed (and not yet sealed at start) is read as it is
  if (typeof stored === 'string' && DataKey.isSealed(stored)) return JSON.parse(dataKey.open(stored)) as ImportRow[];
  return stored as ImportRow[];
}

export async function insertImportJob(sql: Queryable, input: { userId: number; fileName: string; parsed: ParsedUpload; dataKey: DataKey }): Promise<number> {
  const { rows, format, ...detection } = input.parsed;
  const [job] = await sql<{ id: number }[]>`
    insert into import_jobs (created_by, file_name, format, detection, rows)
    values (${input.userId}, ${input.fileName.slice(0, 300)}, ${format},
            ${JSON.stringify({ ...detection, rowCount: rows.length })}::text::jsonb, to_jsonb(${sealImportRows(input.dataKey, rows)}::text))
    returning id`;
  return job!.id;
}

/** A job as its creator (or an administrator) sees it; others get nothing. */
export async function findImportJob(
  sql: Queryable,
  dataKey: DataKey,
  id: number,
  viewer: { userId: number; role: string },
  withRows = true,
): Promise<ImportJob | undefined> {
  const [job] = await sql<ImportJob[]>`
    select id, created_by, created_at, file_name, format, status, detection, ${withRows ? sql`rows` : sql`'[]'::jsonb as rows`},
           target, settings, report, result, committed_at
      from import_jobs
     where id = ${id} and (created_by = ${viewer.userId} or ${viewer.role === 'admin'})`;
  return job && { ...job, rows: openImportRows(dataKey, job.rows) };
}

export async function saveValidation(sql: Queryable, id: number, settings: ImportSettings, report: ValidationReport): Promise<void> {
  await sql`
    update import_jobs set status = 'validated', target = ${settings.target},
           settings = ${JSON.stringify(settings)}::text::jsonb, report = ${JSON.stringify(report)}::text::jsonb
     where id = ${id} and status <> 'committed'`;
}

export async function saveResult(sql: Queryable, id: number, status: 'committed' | 'failed', result: Record<string, unknown>): Promise<void> {
  await sql`
    update import_jobs set status = ${status}, result = ${JSON.stringify(result)}::text::jsonb,
           committed_at = case when ${status} = 'committed' then now() else committed_at end
     where id = ${id}`;
}

/** Why a commit failed, as stored on the job: a catalogue code with its params, rendered when the job is read. */
export interface StoredFailure {
  code: string;
  params: Record<string, unknown>;
  details: unknown;
}

/** The commit failed and was rolled back: the job says so (status 'failed') until it is validated again. */
export async function saveFailure(sql: Queryable, id: number, failure: StoredFailure): Promise<void> {
  await saveResult(sql, id, 'failed', { failure });
}
