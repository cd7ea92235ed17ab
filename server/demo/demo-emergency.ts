import type { Sql } from '../db/connect.ts';
import { addLocalDays, localDate, startOfLocalDay } from '../time/zone.ts';
import { fakeMobile, fakeName } from './fake-identity.ts';
import { SeededRandom } from './seeded-random.ts';

/**
 * The demo zone's emergency management (issue 20, 第6篇), synthetic like the rest: a street plan,
 * a flood and a gas plan per community, site plans for the 重大 gas stations and chemical stores
 * (the 较大 sources are deliberately left without one, so the coverage check has something to
 * show), one plan overdue for review and one never drilled; the street's leading group, a rescue
 * team with resident volunteers per community, a duty room at the gate of each resettlement
 * complex with a three-shift roster for the week around `now`, a CCTV room; and a rainstorm
 * warning over the flood-prone spots, valid for two days from `now`. Same seed and `now` → same rows.
 */
export async function loadDemoEmergency(sql: Sql, options: { seed: number; now: Date; timeZone: string }): Promise<void> {
  const random = new SeededRandom(options.seed, 'emergency');
  const today = localDate(options.now, options.timeZone);
  const [street] = await sql<{ id: number; name: string }[]>`select id, name from streets order by id limit 1`;
  if (!street) return;
  const communities = await sql<{ id: number; name: string }[]>`select id, name from communities where street_id = ${street.id} order by code`;
  const person = () => ({ name: fakeName(random, random.chance(0.5) ? 'F' : 'M'), phone: fakeMobile(random) });
  const phoneTree = (roles: string[]) => roles.map((role) => ({ role, ...person() }));

  await sql.begin(async (transaction) => {
    const plan = async (fields: {
      title: string; level: string; communityId: number | null; eventKinds: string[]; riskSourceIds: number[]; trigger: string;
      levels: { level: string; actions: string[] }[]; roles: string[]; resources: unknown[]; reviewedOn: string;
    }) => {
      const [row] = await transaction<{ id: number }[]>`
        insert into emergency_plans (title, level, community_id, status, event_kinds, trigger_conditions, response_levels, roles, resources, reviewed_on, review_due_on)
        values (${fields.title}, ${fields.level}, ${fields.communityId}, 'current', ${fields.eventKinds}::text[], ${fields.trigger},
                ${JSON.stringify(fields.levels)}::text::jsonb, ${JSON.stringify(phoneTree(fields.roles))}::text::jsonb,
                ${JSON.stringify(fields.resources)}::text::jsonb, ${fields.reviewedOn}::date, (${fields.reviewedOn}::date + interval '12 months')::date)
        returning id`;
      if (fields.riskSourceIds.length > 0) {
        await transaction`insert into emergency_plan_risk_sources (plan_id, risk_source_id) select ${row!.id}, unnest(${fields.riskSourceIds}::int[])`;
      }
      await transaction`
        insert into emergency_plan_versions (plan_id, version, snapshot, saved_at)
        select id, 1, jsonb_build_object('title', title, 'level', level, 'eventKinds', to_jsonb(event_kinds)), ${options.now} from emergency_plans where id = ${row!.id}`;
      return row!.id;
    };
    const levels = (first: string) => [
      { level: 'IV', actions: [first, '网格员到场核实，设置警戒区', '报告社区值班室'] },
      { level: 'III', actions: ['社区应急队集结', '疏散警戒区内居民，优先转移独居老人和残疾人'] },
      { level: 'II', actions: ['街道应急领导小组到场指挥', '联动 110、119、120'] },
      { level: 'I', actions: ['请求区级应急指挥部支援'] },
    ];

    const streetPlan = await plan({
      title: `${street.name}突发事件总体应急预案`, level: 'street', communityId: null, eventKinds: ['0501', '0502', '0503', '0504', '0505', '0506', '0507', '0508', '0509', '0599'],
      riskSourceIds: [], trigger: '辖区内发生各类突发事件，社区无力单独处置时', levels: levels('街道值班室接报并通知领导小组'),
      roles: ['总指挥', '副总指挥', '街道值班室'], resources: [], reviewedOn: addLocalDays(today, -120),
    });
    const planIds: number[] = [streetPlan];
    for (const [index, community] of communities.entries()) {
      const [spot] = await transaction<{ longitude: number; latitude: number }[]>`
        select ST_X(ST_PointOnSurface(boundary)) as longitude, ST_Y(ST_PointOnSurface(boundary)) as latitude from communities where id = ${community.id}`;
      const floodSources = (await transaction<{ id: number }[]>`select id from risk_sources where community_id = ${community.id} and kind = 'flood_prone' order by id`).map((row) => row.id);
      planIds.push(await plan({
        title: `${community.name}社区防汛应急预案`, level: 'community', communityId: community.id, eventKinds: ['0504', '0501'], riskSourceIds: floodSources,
        trigger: '发布暴雨预警，或低洼处积水超过 20 厘米', levels: levels('巡查低洼易涝点，放置警示标志'), roles: ['社区书记', '网格长', '应急队长'],
        resources: [{ kind: 'assembly_point', name: `${community.name}社区广场集合点`, point: [spot!.longitude, spot!.latitude] }],
        // the first community's flood plan is overdue for review
        reviewedOn: index === 0 ? addLocalDays(today, -430) : addLocalDays(today, -60 - index * 20),
      }));
      planIds.push(await plan({
        title: `${community.name}社区燃气事故应急预案`, level: 'community', communityId: community.id, eventKinds: ['0503', '0506'], riskSourceIds: [],
        trigger: '接报燃气泄漏或起火', levels: levels('关闭气源总阀，禁止明火和开关电器'), roles: ['社区书记', '燃气安全员', '应急队长'],
        resources: [{ kind: 'shelter', name: `${community.name}社区服务中心（临时安置点）`, point: [spot!.longitude + 0.0008, spot!.latitude] }],
        reviewedOn: addLocalDays(today, -200),
      }));
    }
    const sites = await transaction<{ id: number; name: string; communityId: number | null; kind: string }[]>`
      select id, name, community_id, kind from risk_sources where level = 1 and kind in ('gas_station', 'chemical_store', 'lpg_user') order by id`;
    for (const site of sites) {
      planIds.push(await plan({
        title: `${site.name}现场处置方案`, level: 'site', communityId: site.communityId, eventKinds: site.kind === 'chemical_store' ? ['0507', '0506'] : ['0503', '0506'],
        riskSourceIds: [site.id], trigger: '泄漏、起火或爆炸', levels: levels('切断气源或电源，启用现场灭火器'), roles: ['现场负责人', '安全员'], resources: [],
        reviewedOn: addLocalDays(today, -90),
      }));
    }
    // drills: every plan but the last one had one within the year
    for (const [index, planId] of planIds.slice(0, -1).entries()) {
      await transaction`
        insert into emergency_drills (plan_id, held_on, participants, findings)
        values (${planId}, ${addLocalDays(today, -30 - ((index * 47) % 300))}::date, ${12 + ((index * 7) % 60)}, '疏散路线通畅；个别灭火器过期，已更换')`;
    }

    // teams, duty rooms and the roster
    const team = async (name: string, kind: string, communityId: number | null, point: [number, number] | null, members: { duty: string; isResident: boolean }[]) => {
      const [row] = await transaction<{ id: number }[]>`
        insert into emergency_teams (name, kind, community_id, location, phone)
        values (${name}, ${kind}, ${communityId}, ${point ? transaction`ST_SetSRID(ST_MakePoint(${point[0]}, ${point[1]}), 4326)` : null},
                ${`0551-0000${String(random.integer(0, 9999)).padStart(4, '0')}`})
        returning id`;
      const memberIds: number[] = [];
      for (const member of members) {
        const { name: memberName, phone } = person();
        const [added] = await transaction<{ id: number }[]>`
          insert into emergency_team_members (team_id, name, duty, phone, is_resident)
          values (${row!.id}, ${memberName}, ${member.duty}, ${phone}, ${member.isResident}) returning id`;
        memberIds.push(added!.id);
      }
      return { id: row!.id, memberIds };
    };
    await team(`${street.name}应急管理领导小组`, 'leading_group', null, null, [
      { duty: '组长', isResident: false }, { duty: '副组长', isResident: false }, { duty: '成员（物业）', isResident: false }, { duty: '成员（业委会）', isResident: true },
    ]);
    for (const community of communities) {
      await team(`${community.name}社区综合应急队`, 'rescue_team', community.id, null, [
        { duty: '队长', isResident: false }, { duty: '水电', isResident: true }, { duty: '燃气', isResident: true }, { duty: '医疗救护', isResident: true }, { duty: '治安', isResident: false },
      ]);
    }
    const gates = await transaction<{ complexName: string; communityId: number; longitude: number; latitude: number }[]>`
      select distinct on (b.complex_name) b.complex_name, b.community_id, ST_X(b.location) as longitude, ST_Y(b.location) as latitude
        from buildings b join communities c on c.id = b.community_id
       where c.street_id = ${street.id} and b.kind = 'resettlement' and b.complex_name is not null
       order by b.complex_name, b.id`;
    const rosterStart = startOfLocalDay(addLocalDays(today, -7), options.timeZone).getTime();
    const shiftHours = 8;
    for (const gate of gates) {
      const room = await team(`${gate.complexName}大门应急值班室`, 'duty_room', gate.communityId, [gate.longitude, gate.latitude], [
        { duty: '值班员', isResident: false }, { duty: '值班员', isResident: false }, { duty: '值班员（志愿者）', isResident: true },
      ]);
      const shifts = (14 * 24) / shiftHours;
      for (let index = 0; index < shifts; index++) {
        const startsAt = new Date(rosterStart + index * shiftHours * 3_600_000);
        await transaction`
          insert into emergency_duty_shifts (team_id, member_id, starts_at, ends_at)
          values (${room.id}, ${room.memberIds[index % room.memberIds.length]!}, ${startsAt}, ${new Date(startsAt.getTime() + shiftHours * 3_600_000)})`;
      }
    }
    if (gates[0]) {
      await team(`${street.name}视频监控室`, 'cctv_room', gates[0].communityId, [gates[0].longitude + 0.0005, gates[0].latitude], [
        { duty: '监控员', isResident: false }, { duty: '监控员', isResident: false },
      ]);
    }

    // a rainstorm warning over the grids with flood-prone spots, valid for two days from now
    const [area] = await transaction<{ gridIds: number[] | null }[]>`
      select array_agg(distinct gv.grid_id order by gv.grid_id) as grid_ids
        from risk_sources r join grid_versions gv on gv.valid_to is null and ST_Intersects(gv.geometry, r.geometry)
       where r.kind = 'flood_prone' and gv.community_id in (select id from communities where street_id = ${street.id})`;
    const gridIds = area?.gridIds ?? [];
    if (gridIds.length > 0) {
      await transaction`
        insert into emergency_warnings (identifier, level, event_kind, headline, body, area, grid_ids, valid_from, valid_to, published_at)
        select ${`gridatlas-warning-demo${options.seed}`}, 'yellow', '0504', '暴雨黄色预警（演示）',
               '预计未来 48 小时有短时强降雨，低洼易涝点可能积水。请勿在地下车库、低洼处停车，出行注意安全。',
               ST_Multi(ST_CollectionExtract(ST_Union(gv.geometry), 3)), ${gridIds}::int[],
               ${new Date(options.now.getTime() - 3_600_000)}, ${new Date(options.now.getTime() + 48 * 3_600_000)}, ${new Date(options.now.getTime() - 3_600_000)}
          from grid_versions gv where gv.grid_id = any (${gridIds}::int[]) and gv.valid_to is null`;
    }
  });
}
