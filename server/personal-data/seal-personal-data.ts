import type { Queryable } from '../db/connect.ts';
import { DataKey } from './data-key.ts';

const clear = (value: string | null): value is string => value !== null && !DataKey.isSealed(value);

/**
 * Seal any personal data still stored in clear — rows written before sealing existed on a path
 * (ID numbers, then residents' phones and reporters' names, migration 0021, then household heads'
 * names, migration 0026), and uploaded import rows — and fill the lookup hashes. Runs at start-up, before the server answers; idempotent
 * (sealed values start with `enc:v1:`). Every personal column of a row is sealed in the same
 * UPDATE: the 0021 constraints refuse a row that would still hold a clear one.
 */
export async function sealPersonalData(sql: Queryable, dataKey: DataKey): Promise<number> {
  let sealed = 0;
  for (;;) {
    const households = await sql<{ id: number; headIdNumber: string | null; headPhone: string | null; headName: string | null }[]>`
      select id, head_id_number, head_phone, head_name from households
       where (head_id_number is not null and head_id_number not like 'enc:v1:%')
          or (head_phone is not null and head_phone not like 'enc:v1:%')
          or (head_name is not null and head_name not like 'enc:v1:%')
       limit 2000`;
    if (households.length === 0) break;
    const rows = households.map((row) => ({
      id: row.id,
      sealedIdNumber: clear(row.headIdNumber) ? dataKey.seal(row.headIdNumber) : row.headIdNumber,
      hash: clear(row.headIdNumber) ? dataKey.lookupHash(row.headIdNumber) : null,
      sealedPhone: clear(row.headPhone) ? dataKey.seal(row.headPhone) : row.headPhone,
      sealedName: clear(row.headName) ? dataKey.seal(row.headName) : row.headName,
    }));
    await sql`
      update households
         set head_id_number = data.sealed_id_number, head_id_number_hash = coalesce(data.hash, households.head_id_number_hash),
             head_phone = data.sealed_phone, head_name = data.sealed_name
        from (select * from json_to_recordset(${JSON.stringify(rows.map((row) => ({ id: row.id, sealed_id_number: row.sealedIdNumber, hash: row.hash, sealed_phone: row.sealedPhone, sealed_name: row.sealedName })))}::text::json)
                as t(id int, sealed_id_number text, hash text, sealed_phone text, sealed_name text)) as data
       where households.id = data.id`;
    sealed += rows.length;
  }
  for (;;) {
    const incidents = await sql<{ id: number; reporterName: string | null; reporterPhone: string | null }[]>`
      select id, reporter_name, reporter_phone from incidents
       where (reporter_name is not null and reporter_name not like 'enc:v1:%')
          or (reporter_phone is not null and reporter_phone not like 'enc:v1:%')
       limit 2000`;
    if (incidents.length === 0) break;
    const rows = incidents.map((row) => ({
      id: Number(row.id),
      sealed_name: clear(row.reporterName) ? dataKey.seal(row.reporterName) : row.reporterName,
      sealed_phone: clear(row.reporterPhone) ? dataKey.seal(row.reporterPhone) : row.reporterPhone,
    }));
    await sql`
      update incidents set reporter_name = data.sealed_name, reporter_phone = data.sealed_phone
        from (select * from json_to_recordset(${JSON.stringify(rows)}::text::json) as t(id bigint, sealed_name text, sealed_phone text)) as data
       where incidents.id = data.id`;
    sealed += rows.length;
  }
  const workers = await sql<{ id: number; idNumber: string | null; phone: string | null }[]>`
    select id, id_number, phone from workers
     where (id_number is not null and id_number not like 'enc:v1:%') or (phone is not null and phone not like 'enc:v1:%')`;
  for (const worker of workers) {
    await sql`update workers
                 set id_number = ${clear(worker.idNumber) ? dataKey.seal(worker.idNumber) : worker.idNumber},
                     id_number_hash = ${clear(worker.idNumber) ? dataKey.lookupHash(worker.idNumber) : sql`id_number_hash`},
                     phone = ${clear(worker.phone) ? dataKey.seal(worker.phone) : worker.phone}
               where id = ${worker.id}`;
    sealed += 1;
  }
  // uploaded rows of import jobs: one job at a time (a job may hold 200,000 rows)
  const jobs = await sql<{ id: number }[]>`select id from import_jobs where jsonb_typeof(rows) <> 'string' order by id`;
  for (const job of jobs) {
    const [row] = await sql<{ rows: unknown }[]>`select rows from import_jobs where id = ${job.id}`;
    await sql`update import_jobs set rows = to_jsonb(${dataKey.seal(JSON.stringify(row!.rows))}::text) where id = ${job.id}`;
    sealed += 1;
  }
  return sealed;
}

/**
 * At start: seal what is still clear, and when something was, rewrite the tables it lived in
 * (VACUUM FULL) so the clear values of the old row versions leave the heap files too, not only the
 * live rows. Runs once per upgrade in practice: afterwards every path writes sealed values.
 */
export async function sealPersonalDataAtStart(sql: Queryable, dataKey: DataKey, log: (message: string) => void): Promise<number> {
  const sealed = await sealPersonalData(sql, dataKey);
  if (sealed > 0) {
    await sql`vacuum full households, incidents, workers, import_jobs`;
    await sql`checkpoint`;
    log(`Sealed personal data at rest in ${sealed} rows (ID numbers, phones, household heads' names, reporters' contacts, uploaded import rows); tables rewritten without the clear copies`);
  }
  return sealed;
}
