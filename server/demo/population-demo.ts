import type { Queryable } from '../db/connect.ts';
import { drawInfoGrids } from '../population/draw-info-grids.ts';
import { readPopulationPolicy } from '../population/population-policy.ts';
import { residentialAreaCondition } from '../population/population.repo.ts';
import { insertResidentsGroupAroundArea } from '../population/residents-groups.repo.ts';
import { addLocalDays, localDate, zoneTimeZone } from '../time/zone.ts';
import { insertEstateRoads } from './estate-roads.ts';
import { fakeMobile, fakeName } from './fake-identity.ts';
import { SeededRandom } from './seeded-random.ts';

/**
 * The population side of one demo street (issue 19), from what the loader has just inserted:
 * residential areas under 500 households become residents' groups with a leader (第4篇); housing
 * blocks get their estate access roads (estate-roads.ts); every
 * grid gets its information grids of about ten buildings with an information officer (第8篇);
 * and a year of movements — some of today's households moved in during it, others left.
 * Deterministic: the same seed, street and `now` give the same rows.
 */
export async function loadPopulationDemo(sql: Queryable, streetCode: string, options: { seed: number; now: Date }): Promise<void> {
  const random = new SeededRandom(options.seed, `population ${streetCode}`);
  const policy = await readPopulationPolicy(sql);

  const areas = await sql<{ communityId: number; complexName: string; households: number }[]>`
    select b.community_id, b.complex_name, count(h.id)::int as households
      from buildings b
      join communities c on c.id = b.community_id
      join streets s on s.id = c.street_id
      join households h on h.building_id = b.id
     where s.code = ${streetCode} and ${residentialAreaCondition(sql)}
     group by b.community_id, b.complex_name
     order by b.community_id, b.complex_name`;
  for (const area of areas) {
    if (area.households >= policy.residentsGroupBelow) continue;
    const leader = random.fork(`group ${area.communityId} ${area.complexName}`);
    await insertResidentsGroupAroundArea(sql, {
      communityId: area.communityId,
      name: `${area.complexName}居民小组`,
      complexName: area.complexName,
      leaderName: fakeName(leader, leader.chance(0.55) ? 'F' : 'M'),
      leaderPhone: fakeMobile(leader),
    });
  }

  await insertEstateRoads(sql, streetCode);

  const grids = await sql<{ gridId: number; versionId: number; name: string; code: string }[]>`
    select v.grid_id, v.id as version_id, v.name, v.code
      from grid_versions v join communities c on c.id = v.community_id join streets s on s.id = c.street_id
     where s.code = ${streetCode} and v.valid_to is null
     order by v.code`;
  for (const grid of grids) {
    const officers = random.fork(`officers ${grid.code}`);
    await drawInfoGrids(sql, grid, policy.infoGridBuildings, () => ({ name: fakeName(officers, officers.chance(0.7) ? 'F' : 'M'), phone: fakeMobile(officers) }));
  }

  const today = localDate(options.now, await zoneTimeZone(sql));
  const households = await sql<{ id: number; gridId: number; buildingId: number; residentCount: number }[]>`
    select h.id, h.grid_id, h.building_id, h.resident_count
      from households h join buildings b on b.id = h.building_id join communities c on c.id = b.community_id join streets s on s.id = c.street_id
     where s.code = ${streetCode}
     order by h.id`;
  const movements = random.fork('movements');
  const rows: { householdId: number | null; buildingId: number; gridId: number; direction: 'in' | 'out'; movedOn: string; persons: number }[] = [];
  for (const household of households) {
    // about 14 % of today's households arrived within the year; about 11 % as many others left
    if (movements.chance(0.14)) {
      rows.push({ householdId: household.id, buildingId: household.buildingId, gridId: household.gridId, direction: 'in', movedOn: addLocalDays(today, -movements.integer(0, 364)), persons: household.residentCount });
    }
    if (movements.chance(0.11)) {
      rows.push({ householdId: null, buildingId: household.buildingId, gridId: household.gridId, direction: 'out', movedOn: addLocalDays(today, -movements.integer(0, 364)), persons: movements.integer(1, 4) });
    }
  }
  for (let start = 0; start < rows.length; start += 1000) {
    await sql`insert into household_movements ${sql(rows.slice(start, start + 1000))}`;
  }
}
