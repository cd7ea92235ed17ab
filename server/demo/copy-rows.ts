import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Queryable } from '../db/connect.ts';

/**
 * How the demo loader writes its bulky rows (households, incidents, incident events …):
 * multi-row INSERTs of 1,000 rows, which run everywhere, or `COPY … FROM STDIN` in PostgreSQL's
 * text format, several times faster on real PostgreSQL. PGlite behind its socket serves the
 * simple and extended protocols only, so the embedded database keeps the INSERTs.
 */
export type BulkWrite = 'insert' | 'copy';

const insertBatch = 1000;
/** Rows per chunk handed to the COPY stream; progress is reported per chunk. */
const copyChunk = 2000;

/**
 * Write `rows` (camelCase keys, as postgres.js maps them) into `table`. Both ways take the columns
 * from the first row's keys and the values as they are, so they write the same rows: a Date as
 * ISO-8601 (postgres.js sends the same text), EWKT geometry as text the column casts, null as NULL.
 * Values must already be what the table stores: personal data sealed before it gets here.
 */
export async function writeRows(
  transaction: Queryable,
  table: string,
  rows: Record<string, unknown>[],
  how: BulkWrite,
  onWritten?: (count: number) => void,
): Promise<void> {
  if (rows.length === 0) return;
  if (how === 'insert') {
    for (let start = 0; start < rows.length; start += insertBatch) {
      const batch = rows.slice(start, start + insertBatch);
      await transaction`insert into ${transaction(table)} ${transaction(batch)}`;
      onWritten?.(batch.length);
    }
    return;
  }
  const keys = Object.keys(rows[0]!);
  // transaction(keys) maps camelCase keys to the snake_case columns, as the INSERT helper does
  const target = await transaction`copy ${transaction(table)} (${transaction(keys)}) from stdin`.writable();
  async function* chunks(): AsyncGenerator<string> {
    for (let start = 0; start < rows.length; start += copyChunk) {
      const end = Math.min(rows.length, start + copyChunk);
      let text = '';
      for (let index = start; index < end; index++) text += copyLine(rows[index]!, keys);
      yield text;
      onWritten?.(end - start);
    }
  }
  await pipeline(Readable.from(chunks()), target);
}

/** One row in COPY's text format: tab-separated fields, `\N` for null, backslash escapes. */
export function copyLine(row: Record<string, unknown>, keys: string[]): string {
  let line = '';
  for (let index = 0; index < keys.length; index++) {
    if (index > 0) line += '\t';
    line += copyField(row[keys[index]!]);
  }
  return `${line}\n`;
}

const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot COPY the number ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return String(value);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(/[\\\t\n\r]/g, (character) => escapes[character]!);
}
