import type { Queryable } from '../db/connect.ts';
import { DataKey } from './data-key.ts';

/**
 * Encrypt any ID numbers still stored in clear — rows written by bulk loaders (the demo
 * generator, imports) — and fill their lookup hashes. Runs at start-up; idempotent.
 */
export async function sealPersonalData(sql: Queryable, dataKey: DataKey): Promise<number> {
  let sealed = 0;
  for (;;) {
    const households = await sql<{ id: number; headIdNumber: string }[]>`
      select id, head_id_number from households
       where head_id_number is not null and head_id_number not like 'enc:v1:%'
       limit 2000`;
    if (households.length === 0) break;
    const rows = households.map((row) => ({
      id: row.id,
      sealed: dataKey.seal(row.headIdNumber),
      hash: dataKey.lookupHash(row.headIdNumber),
    }));
    await sql`
      update households set head_id_number = data.sealed, head_id_number_hash = data.hash
        from (select * from json_to_recordset(${JSON.stringify(rows)}::text::json) as t(id int, sealed text, hash text)) as data
       where households.id = data.id`;
    sealed += rows.length;
  }
  const workers = await sql<{ id: number; idNumber: string }[]>`
    select id, id_number from workers where id_number is not null and id_number not like 'enc:v1:%'`;
  for (const worker of workers) {
    await sql`update workers set id_number = ${dataKey.seal(worker.idNumber)}, id_number_hash = ${dataKey.lookupHash(worker.idNumber)}
               where id = ${worker.id}`;
    sealed += 1;
  }
  return sealed;
}
