import type { Queryable } from '../db/connect.ts';
import { addLocalDays, localDate, zoneTimeZone } from '../time/zone.ts';

/**
 * What the assessment (考核) reads beyond cases and patrols, for the demo zone: the day each
 * household's information was last checked (some grids keep it current, some do not), residents'
 * satisfaction ratings on closed cases (worse when the case was late), the street office's monthly
 * leadership scores with comments, and a few award bonuses and deductions with their reasons.
 * Set-based SQL with hash-derived randomness, so it is deterministic and quick at any scale.
 */
export async function loadAssessmentDemo(sql: Queryable, options: { seed: number; now: Date }): Promise<void> {
  const timeZone = await zoneTimeZone(sql);
  const today = localDate(options.now, timeZone);
  const seed = String(options.seed); // hashtext(key || seed) stands in for a seeded random number

  // each grid checks its households within its own window, 120–520 days: a diligent grid's are all
  // current (within 180 days), a neglected one's barely a third
  await sql`
    update households h
       set info_checked_on = ${today}::date - (abs(hashtext(h.id::text || ':' || ${seed})) % (120 + abs(hashtext('grid' || h.grid_id::text || ':' || ${seed})) % 400))::int`;

  // about half of the residents and hotline callers rate a closed case a day later; late cases rate worse
  await sql`
    with rated as (
      select i.id, i.closed_at + interval '20 hours' as rated_at,
             (abs(hashtext(i.id::text || 'r:' || ${seed})) % 10000) / 10000.0 + case when i.handled_at > i.due_at then 0.35 else 0 end
               + (abs(hashtext('w' || coalesce(i.assigned_worker_id, 0)::text || ':' || ${seed})) % 30) / 100.0 as mood
        from incidents i
       where i.status = 'closed' and i.source in ('resident', 'hotline') and i.closed_at + interval '20 hours' < ${options.now}
         and abs(hashtext(i.id::text || 'p:' || ${seed})) % 100 < 50)
    update incidents i
       set satisfaction = case when rated.mood > 1.05 then 'dissatisfied' when rated.mood > 0.8 then 'basically_satisfied' else 'satisfied' end,
           satisfaction_rated_at = rated.rated_at
      from rated where rated.id = i.id`;

  // the records of the street office's assessment group (党政办): not a person who signs in
  const [office] = await sql<{ id: number }[]>`
    insert into users (username, display_name, role, disabled)
    values ('assessment-office', '街道党政办（演示数据）', 'leader', true)
    on conflict (username) do update set display_name = excluded.display_name
    returning id`;
  const officeId = office!.id;

  // leadership scores for the twelve full months before today, by worker and community
  const months: string[] = [];
  let cursor = `${today.slice(0, 7)}-01`;
  for (let index = 0; index < 12; index++) {
    cursor = addLocalDays(cursor, -1).slice(0, 7) + '-01';
    months.push(cursor.slice(0, 7));
  }
  const comments = ['工作扎实，巡查到位', '处置及时，群众反映好', '台账规范，信息更新及时', '巡查频次偏低，需加强', '个别案件超期，需改进', '主动发现问题多'];
  await sql`
    insert into assessment_manual_scores (period_code, level, subject_id, indicator, points, comment, entered_by)
    select m.code, 'worker', w.id, 'leadership',
           round((9 + (abs(hashtext('lead' || w.id::text || m.code || ${seed})) % 61) / 10.0)::numeric, 1),
           (${comments}::text[])[1 + abs(hashtext('c' || w.id::text || m.code || ${seed})) % ${comments.length}],
           ${officeId}
      from workers w cross join unnest(${months}::text[]) as m(code)
     where w.active and exists (select 1 from grid_assignments a where a.worker_id = w.id)
    on conflict do nothing`;
  await sql`
    insert into assessment_manual_scores (period_code, level, subject_id, indicator, points, comment, entered_by)
    select m.code, l.level, c.id, 'leadership',
           round((13 + (abs(hashtext(l.level || c.id::text || m.code || ${seed})) % 71) / 10.0)::numeric, 1),
           (${comments}::text[])[1 + abs(hashtext('c' || l.level || c.id::text || m.code || ${seed})) % ${comments.length}],
           ${officeId}
      from communities c cross join unnest(${months}::text[]) as m(code) cross join (values ('community'), ('station')) as l(level)
    on conflict do nothing`;

  // a few awards and deductions with their reasons (第9篇: 获奖加分 1 / 1.5 / 2; 扣分 1–5, 说明理由)
  const workers = await sql<{ id: number }[]>`
    select w.id from workers w where w.active and exists (select 1 from grid_assignments a where a.worker_id = w.id and a.ended_at is null)
     order by abs(hashtext('adj' || w.id::text || ${seed})) limit 8`;
  const adjustments: [string, 'bonus' | 'deduction', number, string, string | null][] = [
    [months[0]!, 'bonus', 2, '获县委、县政府表彰“优秀网格员”', '优秀网格员'],
    [months[0]!, 'deduction', 2, '巡查台账两次未按时更新，经核查属实', null],
    [months[1]!, 'bonus', 1.5, '以县名义通报表扬：协助处置燃气泄漏', '燃气泄漏处置'],
    [months[1]!, 'deduction', 1, '群众投诉回访未落实', null],
    [months[2]!, 'bonus', 1, '镇级表彰“文明网格”', '文明网格'],
    [months[2]!, 'deduction', 3, '上报数据弄虚作假（重复上报同一问题）', null],
    [months[3]!, 'bonus', 1, '镇级表彰：背街小巷整治先进', '背街小巷整治'],
    [months[4]!, 'deduction', 1.5, '汛期值守缺岗一次', null],
  ];
  for (const [index, [period, kind, points, reason, achievement]] of adjustments.entries()) {
    const worker = workers[index % Math.max(1, workers.length)];
    if (!worker) break;
    await sql`
      insert into assessment_adjustments (period_code, level, subject_id, kind, points, reason, achievement, created_by, created_at)
      values (${period}, 'worker', ${worker.id}, ${kind}, ${points}, ${reason}, ${achievement}, ${officeId}, ${options.now})`;
  }
}
