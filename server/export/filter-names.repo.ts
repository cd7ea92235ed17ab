import type { Queryable } from '../db/connect.ts';

/** The ids a workbook's filter may name (KPI report, dataset ledgers). */
export interface FilterIds {
  communityId?: number | undefined;
  gridId?: number | undefined;
  workerId?: number | undefined;
  category?: string | undefined;
}

/** The names behind a filter's ids, in one round trip; null where an id names nothing (or was not given). */
export async function filterNames(
  sql: Queryable, ids: FilterIds,
): Promise<{ community: string | null; grid: string | null; worker: string | null; categoryZh: string | null; categoryEn: string | null }> {
  const [row] = await sql<{ community: string | null; grid: string | null; worker: string | null; categoryZh: string | null; categoryEn: string | null }[]>`
    select (select name from communities where id = ${ids.communityId ?? null}::int) as community,
           (select code || ' ' || name from grid_versions where grid_id = ${ids.gridId ?? null}::int and valid_to is null) as grid,
           (select name from workers where id = ${ids.workerId ?? null}::int) as worker,
           (select name_zh from incident_categories where code = ${ids.category ?? null}::text) as category_zh,
           (select name_en from incident_categories where code = ${ids.category ?? null}::text) as category_en`;
  return row!;
}
