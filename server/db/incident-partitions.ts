import type { Queryable } from './connect.ts';

/**
 * Incidents and incident events are partitioned by month (migration 0027). Make sure the months
 * exist: those holding rows in a DEFAULT partition (which are moved into their month) and the
 * current month with the three after it. Called at server start and by the demo loader; the SQL
 * function does the work, so both databases take the same path. Returns the partitions created.
 */
export async function ensureIncidentPartitions(sql: Queryable, range?: { from: Date; to: Date }): Promise<number> {
  const [row] = range
    ? await sql<{ created: number }[]>`select ensure_incident_partitions(${range.from}::timestamptz, ${range.to}::timestamptz) as created`
    : await sql<{ created: number }[]>`select ensure_incident_partitions() as created`;
  return row?.created ?? 0;
}
