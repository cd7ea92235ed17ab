import type { Queryable } from '../db/connect.ts';
import { fakeMobile, fakeName } from './fake-identity.ts';
import { SeededRandom } from './seeded-random.ts';

/**
 * The demo's 城管 duties (issue 18), made from the street just inserted: its alleys become back
 * streets cut into ~400 m responsibility sections, each held by the grid worker of the grid it runs
 * through (or the community's cleaning contractor where that grid is vacant), so coverage is 0 m
 * unassigned; one urban-management station per community with a roster (one short of the rule, one
 * with a member who left), an equipment ledger; duty posts at markets, schools and one vendor cluster
 * with a weekly roster. Deterministic: names come from a stream named after the street's code.
 */
const sectionMetres = 400;
/** Team members per station, community by community: the first meets the rule, the others fall short. */
const membersByCommunity = [9, 7, 9];

export async function loadDemoDuties(sql: Queryable, streetId: number): Promise<{ backStreets: number; sections: number; dutyPosts: number }> {
  const [street] = await sql<{ code: string }[]>`select code from streets where id = ${streetId}`;
  const random = new SeededRandom(0, `duties/${street!.code}`);
  const communities = await sql<{ id: number; name: string }[]>`select id, name from communities where street_id = ${streetId} order by code`;

  // people: every serving grid worker, one cleaning contractor and a station per community
  await sql`
    insert into duty_people (name, kind, worker_id, duty_phone, community_id)
    select w.name, 'grid_worker', w.id, w.duty_phone, gv.community_id
      from workers w
      join grid_assignments ga on ga.worker_id = w.id and ga.ended_at is null
      join grid_versions gv on gv.grid_id = ga.grid_id and gv.valid_to is null
      join communities c on c.id = gv.community_id and c.street_id = ${streetId}
     where w.active`;
  for (const [index, community] of communities.entries()) {
    const short = community.name.replace(/社区$/, '');
    const [contractor] = await sql<{ id: number }[]>`
      insert into duty_people (name, kind, organisation, duty_phone, community_id)
      values (${fakeName(random, 'M')}, 'cleaning_contractor', ${`${short}环卫保洁有限公司`}, ${fakeMobile(random)}, ${community.id})
      returning id`;
    const [station] = await sql<{ id: number }[]>`
      insert into urban_stations (community_id, name, office_address, office_area_square_metres, has_vendor_cluster)
      values (${community.id}, ${`${short}社区城管工作站`}, ${`${community.name}服务中心一楼`}, ${index === 1 ? 22 : 30 + index * 5}, ${index === 2})
      returning id`;
    const person = async (name: string, kind: string, leftOn: string | null = null) => {
      const [row] = await sql<{ id: number }[]>`
        insert into duty_people (name, kind, duty_phone, community_id, left_on)
        values (${name}, ${kind}, ${fakeMobile(random)}, ${community.id}, ${leftOn}) returning id`;
      return row!.id;
    };
    const roster: { personId: number; role: string; joinedOn: string; leftOn: string | null }[] = [
      { personId: await person(fakeName(random, 'F'), 'other'), role: 'head', joinedOn: '2023-01-01', leftOn: null },
      { personId: await person(fakeName(random, 'M'), 'other'), role: 'deputy', joinedOn: '2023-01-01', leftOn: null },
    ];
    for (let member = 0; member < membersByCommunity[index % membersByCommunity.length]!; member++) {
      roster.push({ personId: await person(fakeName(random, 'M'), 'station_member'), role: 'member', joinedOn: `202${3 + (member % 3)}-0${1 + (member % 9)}-01`, leftOn: null });
    }
    // a member who left: history stays on the roster
    roster.push({ personId: await person(fakeName(random, 'M'), 'station_member', '2025-12-31'), role: 'member', joinedOn: '2023-03-01', leftOn: '2025-12-31' });
    await sql`insert into station_memberships ${sql(roster.map((entry) => ({ stationId: station!.id, ...entry })))}`;
    const members = roster.filter((entry) => entry.role === 'member' && entry.leftOn === null).length;
    await sql`insert into station_equipment_entries ${sql([
      { stationId: station!.id, kind: 'e_bike', quantityChange: members, recordedOn: '2024-03-01', note: '城管专用两轮电瓶车（配发）' },
      { stationId: station!.id, kind: 'radio', quantityChange: members + 2, recordedOn: '2024-03-01', note: '移动通讯对讲机（配发）' },
      { stationId: station!.id, kind: 'evidence_camera', quantityChange: 2, recordedOn: '2024-03-01', note: '数码取证设备（配发）' },
      { stationId: station!.id, kind: 'computer', quantityChange: 1, recordedOn: '2024-03-01', note: '工作电脑' },
      { stationId: station!.id, kind: 'radio', quantityChange: -1, recordedOn: '2025-09-15', note: '对讲机损坏报废' },
    ])}`;
    void contractor;
  }

  // back streets: the alleys whose middle lies in this street office's territory
  const backStreets = await sql<{ id: number }[]>`
    insert into back_streets (street_id, community_id, name, geometry, length_metres, basemap_feature_id)
    select ${streetId},
           (select c.id from communities c where c.street_id = ${streetId} and ST_Intersects(c.boundary, ST_LineInterpolatePoint(f.geometry, 0.5)) order by c.code limit 1),
           coalesce(f.name, '无名巷'), f.geometry, ST_Length(f.geometry::geography), f.id
      from basemap_features f, streets s
     where s.id = ${streetId} and f.layer = 'road' and f.class = 'alley' and GeometryType(f.geometry) = 'LINESTRING'
       and ST_Intersects(s.boundary, ST_LineInterpolatePoint(f.geometry, 0.5))
       and not exists (select 1 from back_streets b where b.basemap_feature_id = f.id)
    returning id`;
  // sections of about 400 m; the grid worker of the grid at the section's middle holds it, else the contractor
  const sections = await sql<{ id: number }[]>`
    with cut as (
      select b.id as back_street_id, b.name, b.length_metres, b.geometry, piece, pieces
        from back_streets b,
             lateral (select greatest(1, round(b.length_metres / ${sectionMetres}))::int as pieces) counted,
             lateral generate_series(0, pieces - 1) piece
       where b.id = any(${backStreets.map((row) => row.id)}::int[])
    ), placed as (
      select cut.*, ST_LineSubstring(geometry, piece::float8 / pieces, (piece + 1)::float8 / pieces) as section_geometry,
             ST_LineInterpolatePoint(geometry, (piece + 0.5) / pieces) as middle
        from cut
    )
    insert into back_street_sections (back_street_id, name, grade, from_metres, to_metres, geometry, responsible_person_id, post, fixed_points, duties)
    select p.back_street_id, p.name || '第' || (p.piece + 1) || '段',
           case when exists (select 1 from risk_sources r where r.kind in ('market', 'school') and ST_DWithin(r.geometry, p.section_geometry, 0.002)) then 1
                when exists (select 1 from buildings bu where ST_DWithin(bu.location, p.middle, 0.0006)) then 2
                else 3 end,
           p.length_metres * p.piece / p.pieces,
           case when p.piece = p.pieces - 1 then p.length_metres else p.length_metres * (p.piece + 1) / p.pieces end,
           p.section_geometry,
           coalesce(
             (select dp.id from grid_versions gv
                join grid_assignments ga on ga.grid_id = gv.grid_id and ga.ended_at is null
                join duty_people dp on dp.worker_id = ga.worker_id and dp.left_on is null
               where gv.valid_to is null and ST_Intersects(gv.geometry, p.middle)
               order by gv.code limit 1),
             (select dp.id from duty_people dp join communities c on c.id = dp.community_id
               where dp.kind = 'cleaning_contractor' and c.street_id = ${streetId}
               order by ST_Distance(c.boundary, p.middle), c.code limit 1)),
           case when exists (select 1 from grid_versions gv join grid_assignments ga on ga.grid_id = gv.grid_id and ga.ended_at is null
                              where gv.valid_to is null and ST_Intersects(gv.geometry, p.middle)) then '网格员包干' else '保洁包干' end,
           ST_Multi(p.middle),
           '每日巡查保洁，劝导占道经营与乱停车，发现问题当日上报'
      from placed p
    returning id`;

  // duty posts at markets and schools, and one vendor cluster by the third community's market
  const posts = await sql<{ id: number; kind: string; communityId: number }[]>`
    insert into duty_posts (community_id, name, kind, location, radius_metres, opens_at, closes_at, risk_source_id)
    select r.community_id, r.name || '守点', r.kind, ST_PointOnSurface(r.geometry),
           case when r.kind = 'market' then 150 else 100 end,
           case when r.kind = 'market' then time '06:00' else time '07:00' end,
           case when r.kind = 'market' then time '19:00' else time '18:00' end, r.id
      from risk_sources r join communities c on c.id = r.community_id and c.street_id = ${streetId}
     where r.kind in ('market', 'school')
     order by r.community_id, r.kind, r.id
    returning id, kind, community_id`;
  const vendorCommunity = communities[2] ?? communities[0];
  const vendorPosts = vendorCommunity
    ? await sql<{ id: number; kind: string; communityId: number }[]>`
        insert into duty_posts (community_id, name, kind, location, radius_metres, opens_at, closes_at)
        select ${vendorCommunity.id}, ${`${vendorCommunity.name.replace(/社区$/, '')}夜市摊点集聚点守点`}, 'vendor_cluster',
               ST_Translate(ST_PointOnSurface(r.geometry), 0.0015, 0), 120, time '16:00', time '22:00'
          from risk_sources r where r.community_id = ${vendorCommunity.id} and r.kind = 'market' order by r.id limit 1
        returning id, kind, community_id`
    : [];
  const shifts: { postId: number; personId: number; weekday: number; startsAt: string; endsAt: string }[] = [];
  for (const [postIndex, post] of [...posts, ...vendorPosts].entries()) {
    const team = await sql<{ personId: number }[]>`
      select m.person_id from station_memberships m join urban_stations s on s.id = m.station_id
       where s.community_id = ${post.communityId} and m.role = 'member' and m.left_on is null order by m.id`;
    if (team.length === 0) continue;
    const slots = post.kind === 'market' ? [['06:00', '12:30'], ['12:30', '19:00']] : post.kind === 'school' ? [['07:00', '08:30'], ['16:00', '17:30']] : [['17:00', '22:00']];
    const weekdays = post.kind === 'school' ? [1, 2, 3, 4, 5] : [1, 2, 3, 4, 5, 6, 7];
    for (const weekday of weekdays) {
      slots.forEach(([startsAt, endsAt], slot) => {
        shifts.push({ postId: post.id, personId: team[(postIndex * 2 + slot + weekday) % team.length]!.personId, weekday, startsAt: startsAt!, endsAt: endsAt! });
      });
    }
  }
  // the demo worker account (the worker of the first staffed grid) also guards its community's market at the rush hours
  const [demoWorker] = await sql<{ personId: number; postId: number }[]>`
    select dp.id as person_id, post.id as post_id
      from grid_versions gv
      join communities c on c.id = gv.community_id and c.street_id = ${streetId}
      join grid_assignments ga on ga.grid_id = gv.grid_id and ga.ended_at is null
      join duty_people dp on dp.worker_id = ga.worker_id
      join duty_posts post on post.community_id = gv.community_id and post.kind = 'market'
     where gv.valid_to is null
     order by gv.code, post.id limit 1`;
  if (demoWorker) {
    for (let weekday = 1; weekday <= 7; weekday++) {
      shifts.push({ postId: demoWorker.postId, personId: demoWorker.personId, weekday, startsAt: '07:00', endsAt: '09:00' });
      shifts.push({ postId: demoWorker.postId, personId: demoWorker.personId, weekday, startsAt: '16:30', endsAt: '18:30' });
    }
  }
  if (shifts.length > 0) await sql`insert into duty_shifts ${sql(shifts)}`;
  return { backStreets: backStreets.length, sections: sections.length, dutyPosts: posts.length + vendorPosts.length };
}
