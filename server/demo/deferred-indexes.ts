import type { Queryable, Sql } from '../db/connect.ts';

/**
 * A bulk load's secondary indexes, dropped before it and built again after: building an index
 * from the finished table (a sort, or a sorted GiST build) costs a fraction of keeping it up to
 * date row by row, and at 100× the incidents' indexes no longer fit in the cache, so
 * each new row costs random reads. Only plain indexes go: those behind a primary key, a unique
 * or an exclusion constraint stay, so the load still checks what the schema promises.
 */
export interface DeferredIndex {
  table: string;
  name: string;
  /**
   * pg_get_indexdef: the complete CREATE INDEX statement, with the schema. For a partitioned table's
   * index it says `ON ONLY`, which builds an invalid parent index and none on the partitions: the
   * definition kept here says `ON`, so the index is built on every partition and valid.
   */
  definition: string;
  /** The table is partitioned (its index is built on every partition, each named by PostgreSQL). */
  partitioned: boolean;
}

export async function secondaryIndexes(sql: Queryable, tables: readonly string[]): Promise<DeferredIndex[]> {
  return sql<DeferredIndex[]>`
    select t.relname as table, i.relname as name,
           case when t.relkind = 'p' then regexp_replace(pg_get_indexdef(x.indexrelid), ' ON ONLY ', ' ON ')
                else pg_get_indexdef(x.indexrelid) end as definition,
           t.relkind = 'p' as partitioned
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = current_schema() and t.relname in ${sql(tables)}
       and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
     order by t.relname, i.relname`;
}

/** Drop the tables' secondary indexes; returns what `recreateIndexes` needs to build them again. */
export async function dropSecondaryIndexes(sql: Sql, tables: readonly string[]): Promise<DeferredIndex[]> {
  const indexes = await secondaryIndexes(sql, tables);
  await sql.begin(async (transaction) => {
    for (const index of indexes) await transaction`drop index ${transaction(index.name)}`;
  });
  return indexes;
}

/**
 * Build the indexes again, two at a time (PostgreSQL builds one index per connection; the pool
 * has more), each with a larger sort memory than a query gets. Idempotent: an index that exists
 * (a second call after a failure) is left alone; on a partitioned table (incidents, incident_events)
 * the index is the parent's ('I'), built on every month. Two indexes of one partitioned table are
 * never built at once: PostgreSQL names each month's index from its columns (incidents_2026_03_due_at_idx
 * for both due-time indexes) and two builders picking the same free name collide in the catalog.
 */
export async function recreateIndexes(sql: Sql, indexes: DeferredIndex[], onBuilt?: (index: DeferredIndex) => void, parallel = 2): Promise<void> {
  const queue = [...indexes];
  const building = new Set<string>();
  // the next index whose table no other builder is indexing, if partitioned
  const next = () => {
    const position = queue.findIndex((candidate) => !candidate.partitioned || !building.has(candidate.table));
    return position < 0 ? undefined : queue.splice(position, 1)[0];
  };
  const builder = async () => {
    for (let index = next(); index; index = next()) {
      const current = index;
      if (current.partitioned) building.add(current.table);
      await sql.begin(async (transaction) => {
        await transaction`set local maintenance_work_mem = '256MB'`;
        const [exists] = await transaction`select 1 from pg_class where relname = ${current.name} and relkind in ('i', 'I')`;
        if (!exists) await transaction.unsafe(current.definition);
      }).finally(() => building.delete(current.table));
      onBuilt?.(current);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, builder));
}

/**
 * The tables' foreign keys, dropped for the load and added again after it: PostgreSQL checks a
 * foreign key row by row (a lookup per row and key, four per incident), but adding one to a full
 * table checks every row in one join. Adding it again fails if a row breaks it, so the load still
 * proves what the schema promises; only when is different.
 */
export interface DeferredForeignKey {
  table: string;
  name: string;
  /** pg_get_constraintdef: FOREIGN KEY (…) REFERENCES …. */
  definition: string;
}

export async function dropForeignKeys(sql: Sql, tables: readonly string[]): Promise<DeferredForeignKey[]> {
  const keys = await sql<DeferredForeignKey[]>`
    select t.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
     where c.contype = 'f' and n.nspname = current_schema() and t.relname in ${sql(tables)}
     order by t.relname, c.conname`;
  await sql.begin(async (transaction) => {
    for (const key of keys) await transaction`alter table ${transaction(key.table)} drop constraint ${transaction(key.name)}`;
  });
  return keys;
}

/** Add the foreign keys again (each checks the whole table); one that exists is left alone. */
export async function restoreForeignKeys(sql: Sql, keys: DeferredForeignKey[], onAdded?: (key: DeferredForeignKey) => void): Promise<void> {
  for (const key of keys) {
    await sql.begin(async (transaction) => {
      await transaction`set local work_mem = '256MB'`;
      const [exists] = await transaction`
        select 1 from pg_constraint c join pg_class t on t.oid = c.conrelid
         where t.relname = ${key.table} and c.conname = ${key.name} and t.relnamespace = current_schema()::regnamespace`;
      if (!exists) await transaction.unsafe(`alter table ${quoteIdentifier(key.table)} add constraint ${quoteIdentifier(key.name)} ${key.definition}`);
    });
    onAdded?.(key);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
