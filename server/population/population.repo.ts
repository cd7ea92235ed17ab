import type { Queryable } from '../db/connect.ts';

/** Population figures of one grid or community, straight from its households and their movements. */
export interface PopulationFigureRow {
  id: number;
  code: string;
  name: string;
  communityId: number;
  communityName: string;
  households: number;
  registered: number;
  resident: number;
  floating: number;
  hereElsewhereHouseholds: number;
  hereElsewherePersons: number;
  elsewhereHereHouseholds: number;
  elsewhereHerePersons: number;
  elderlyAlone: number;
  disability: number;
  specialCare: number;
  movedIn: number;
  movedOut: number;
  movedInPreviousMonth: number;
  movedOutPreviousMonth: number;
}

/**
 * One row per current grid (residence first, 以现居住地管理为主: a household counts where it lives,
 * whatever its 户籍). 人户分离 both ways: living here registered elsewhere is the household's flag;
 * registered here living elsewhere is the members registered here beyond those living here.
 * Movements are counted in the month starting `monthStart` and the month before it.
 */
export async function gridPopulation(sql: Queryable, monthStart: string, previousMonthStart: string): Promise<PopulationFigureRow[]> {
  return sql<PopulationFigureRow[]>`
    with figures as (
      select h.grid_id,
             count(*)::int as households,
             sum(h.registered_count)::int as registered,
             sum(h.resident_count)::int as resident,
             sum(h.floating_count)::int as floating,
             count(*) filter (where h.registered_elsewhere)::int as here_elsewhere_households,
             coalesce(sum(h.resident_count) filter (where h.registered_elsewhere), 0)::int as here_elsewhere_persons,
             count(*) filter (where h.registered_count > h.resident_count)::int as elsewhere_here_households,
             coalesce(sum(h.registered_count - h.resident_count) filter (where h.registered_count > h.resident_count), 0)::int as elsewhere_here_persons,
             count(*) filter (where h.elderly_alone)::int as elderly_alone,
             count(*) filter (where h.disability)::int as disability,
             count(*) filter (where h.elderly_alone or h.disability)::int as special_care
        from households h
       group by h.grid_id
    ),
    movements as (
      select m.grid_id,
             count(*) filter (where m.direction = 'in' and m.moved_on >= ${monthStart}::date and m.moved_on < (${monthStart}::date + interval '1 month'))::int as moved_in,
             count(*) filter (where m.direction = 'out' and m.moved_on >= ${monthStart}::date and m.moved_on < (${monthStart}::date + interval '1 month'))::int as moved_out,
             count(*) filter (where m.direction = 'in' and m.moved_on >= ${previousMonthStart}::date and m.moved_on < ${monthStart}::date)::int as moved_in_previous_month,
             count(*) filter (where m.direction = 'out' and m.moved_on >= ${previousMonthStart}::date and m.moved_on < ${monthStart}::date)::int as moved_out_previous_month
        from household_movements m
       where m.moved_on >= ${previousMonthStart}::date and m.moved_on < (${monthStart}::date + interval '1 month')
       group by m.grid_id
    )
    select v.grid_id as id, v.code, v.name, v.community_id, c.name as community_name,
           coalesce(f.households, 0) as households, coalesce(f.registered, 0) as registered,
           coalesce(f.resident, 0) as resident, coalesce(f.floating, 0) as floating,
           coalesce(f.here_elsewhere_households, 0) as here_elsewhere_households,
           coalesce(f.here_elsewhere_persons, 0) as here_elsewhere_persons,
           coalesce(f.elsewhere_here_households, 0) as elsewhere_here_households,
           coalesce(f.elsewhere_here_persons, 0) as elsewhere_here_persons,
           coalesce(f.elderly_alone, 0) as elderly_alone, coalesce(f.disability, 0) as disability,
           coalesce(f.special_care, 0) as special_care,
           coalesce(m.moved_in, 0) as moved_in, coalesce(m.moved_out, 0) as moved_out,
           coalesce(m.moved_in_previous_month, 0) as moved_in_previous_month,
           coalesce(m.moved_out_previous_month, 0) as moved_out_previous_month
      from grid_versions v
      join communities c on c.id = v.community_id
      left join figures f on f.grid_id = v.grid_id
      left join movements m on m.grid_id = v.grid_id
     where v.valid_to is null
     order by v.code`;
}

export interface CommunityRow {
  id: number;
  code: string;
  name: string;
}

export async function listCommunityNames(sql: Queryable): Promise<CommunityRow[]> {
  return sql<CommunityRow[]>`select id, code, name from communities order by code`;
}

/**
 * A residential area (居住区) of 第4篇 is a named housing complex or village: factory dormitories (…有限公司) and
 * scattered houses along a road (…沿线散居户) are not areas of their own.
 */
export function residentialAreaCondition(sql: Queryable) {
  return sql`b.complex_name is not null and b.kind in ('residential', 'resettlement', 'village') and b.complex_name not like '%散居户' and b.complex_name not like '%公司'`;
}

/** Households by residential area (小区 / 村) of each community, for the residents' group rule. */
export async function householdsByArea(sql: Queryable): Promise<{ communityId: number; complexName: string; households: number }[]> {
  return sql<{ communityId: number; complexName: string; households: number }[]>`
    select b.community_id, b.complex_name, count(h.id)::int as households
      from buildings b join households h on h.building_id = b.id
     where ${residentialAreaCondition(sql)}
     group by b.community_id, b.complex_name
     order by b.community_id, households desc, b.complex_name`;
}

/** Households of each community: those living in its current grids (residence first). */
export async function communityHouseholds(sql: Queryable): Promise<Map<number, number>> {
  const rows = await sql<{ communityId: number; households: number }[]>`
    select v.community_id, count(h.id)::int as households
      from grid_versions v left join households h on h.grid_id = v.grid_id
     where v.valid_to is null
     group by v.community_id`;
  return new Map(rows.map((row) => [row.communityId, row.households]));
}
