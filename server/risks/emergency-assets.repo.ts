import type { CctvPointProperties, EmergencyEquipmentProperties } from '../../contract/risks.ts';
import type { Queryable } from '../db/connect.ts';
import { zoneNameSql, zoneTodaySql } from '../time/zone.ts';
import type { Bbox } from '../http/query-parameters.ts';

export interface EmergencyEquipmentRow {
  id: number;
  kind: EmergencyEquipmentProperties['kind'];
  name: string;
  communityId: number | null;
  riskSourceId: number | null;
  quantity: number;
  expiresOn: string | null;
  lastCheckedOn: string | null;
  /** expires_on before today (the zone's calendar). */
  expired: boolean;
  /** expires within the next 30 days. */
  expiresSoon: boolean;
  note: string | null;
  longitude: number;
  latitude: number;
}


/** Emergency equipment for the map layer, with expiry flags (extinguishers: 有效期). */
export async function listEmergencyEquipment(sql: Queryable, filter: { bbox?: Bbox | undefined; expired?: boolean | undefined } = {}) {
  const { bbox, expired } = filter;
  return sql<EmergencyEquipmentRow[]>`
    select * from (
      select e.id, e.kind, e.name, e.community_id, e.risk_source_id, e.quantity,
             to_char(e.expires_on, 'YYYY-MM-DD') as expires_on, to_char(e.last_checked_on, 'YYYY-MM-DD') as last_checked_on,
             coalesce(e.expires_on < ${zoneTodaySql(sql)}, false) as expired,
             coalesce(e.expires_on >= ${zoneTodaySql(sql)} and e.expires_on < ${zoneTodaySql(sql)} + 30, false) as expires_soon,
             e.note, ST_X(e.location) as longitude, ST_Y(e.location) as latitude
        from emergency_equipment e
       where true
         ${bbox ? sql`and e.location && ST_MakeEnvelope(${bbox.minLng}, ${bbox.minLat}, ${bbox.maxLng}, ${bbox.maxLat}, 4326)` : sql``}
    ) listed
    ${expired !== undefined ? sql`where expired = ${expired}` : sql``}
    order by id`;
}

export interface CctvPointRow {
  id: number;
  name: string;
  placement: CctvPointProperties['placement'];
  communityId: number | null;
  online: boolean;
  installedOn: string | null;
  longitude: number;
  latitude: number;
}

/** CCTV points (视频监控点) for the map layer. */
export async function listCctvPoints(sql: Queryable, filter: { bbox?: Bbox | undefined } = {}) {
  const { bbox } = filter;
  return sql<CctvPointRow[]>`
    select c.id, c.name, c.placement, c.community_id, c.online, to_char(c.installed_on, 'YYYY-MM-DD') as installed_on,
           ST_X(c.location) as longitude, ST_Y(c.location) as latitude
      from cctv_points c
     where true
       ${bbox ? sql`and c.location && ST_MakeEnvelope(${bbox.minLng}, ${bbox.minLat}, ${bbox.maxLng}, ${bbox.maxLat}, 4326)` : sql``}
     order by c.id`;
}

/**
 * Demo rows for the two layers, derived deterministically from the demo's risk sources and
 * buildings (no randomness: ordered by id). Does nothing if either table already has rows.
 * Call after loadDemoZone; returns how many rows it added.
 */
export async function seedDemoEmergencyAssets(sql: Queryable, now: Date = new Date()): Promise<{ equipment: number; cctvPoints: number }> {
  const [existing] = await sql<{ equipment: number; cameras: number }[]>`
    select (select count(*)::int from emergency_equipment) as equipment, (select count(*)::int from cctv_points) as cameras`;
  if (existing!.equipment > 0 || existing!.cameras > 0) return { equipment: 0, cctvPoints: 0 };
  // extinguishers beside every risk source, expiring over the next 18 months (every 7th already expired)
  const equipment = await sql`
    insert into emergency_equipment (kind, name, location, community_id, risk_source_id, quantity, expires_on, last_checked_on, note)
    select 'fire_extinguisher', r.name || ' 灭火器', ST_Translate(ST_PointOnSurface(r.geometry), 0.00008, 0.00005),
           r.community_id, r.id, 2 + (r.id % 3),
           (${now}::timestamptz at time zone ${zoneNameSql(sql)})::date + (case when r.id % 7 = 0 then -20 else 30 + (r.id * 37) % 520 end),
           (${now}::timestamptz at time zone ${zoneNameSql(sql)})::date - (r.id * 11) % 90,
           '演示数据 synthetic'
      from risk_sources r
     order by r.id
    returning id`;
  const cameras = await sql`
    insert into cctv_points (name, placement, location, community_id, online, installed_on)
    select name, placement, location, community_id, online, installed_on from (
      -- one camera at the gate of each risk source that is a market or a school
      select r.name || ' 门口' as name, case when r.kind = 'market' then 'market' else 'school' end as placement,
             ST_Translate(ST_PointOnSurface(r.geometry), -0.00006, 0.00004) as location, r.community_id,
             r.id % 11 <> 0 as online, date '2023-06-01' + (r.id * 13) % 700 as installed_on, 1 as source_order, r.id as row_order
        from risk_sources r where r.kind in ('market', 'school')
      union all
      -- stairwell and gate cameras in every 25th building of the commercial complexes
      select coalesce(b.complex_name, '') || ' ' || b.number || '栋 ' || case when b.id % 2 = 0 then '楼道' else '单元门' end,
             case when b.id % 2 = 0 then 'stairwell' else 'gate' end,
             b.location, b.community_id, true, date '2022-03-01' + (b.id * 7) % 900, 2, b.id
        from (select b.*, row_number() over (order by b.id) as position from buildings b where b.kind = 'commercial') b
       where b.position % 25 = 1
      union all
      -- car park cameras at the resettlement complexes' first building
      select coalesce(b.complex_name, '') || ' 停车场', 'car_park', ST_Translate(b.location, 0.0002, -0.0001), b.community_id, true,
             date '2024-01-15', 3, b.id
        from (select distinct on (complex_name) * from buildings where kind = 'resettlement' and complex_name is not null order by complex_name, id) b
    ) candidates
    order by source_order, row_order
    returning id`;
  return { equipment: equipment.length, cctvPoints: cameras.length };
}
