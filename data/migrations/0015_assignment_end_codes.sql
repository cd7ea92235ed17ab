-- Why an assignment ended is stored as a code with params (rendered in the reader's language), and
-- the user's own words stay in end_reason. Rows written before this migration held English prose
-- in end_reason; they are parsed into the code, its params and the user's words.
alter table grid_assignments
  add column end_code text,
  add column end_params jsonb not null default '{}'::jsonb;

update grid_assignments
   set end_code = 'moved', end_params = jsonb_build_object('gridCode', m[1]), end_reason = m[2]
  from (select id as match_id, regexp_match(end_reason, '^moved to grid ([^:]+): (.*)$') as m from grid_assignments) parsed
 where parsed.match_id = grid_assignments.id and parsed.m is not null;
update grid_assignments
   set end_code = 'replaced', end_params = jsonb_build_object('workerName', m[1]), end_reason = m[2]
  from (select id as match_id, regexp_match(end_reason, '^replaced by ([^:]+): (.*)$') as m from grid_assignments where end_code is null) parsed
 where parsed.match_id = grid_assignments.id and parsed.m is not null;
update grid_assignments
   set end_code = 'vacated', end_reason = m[1]
  from (select id as match_id, regexp_match(end_reason, '^vacated: (.*)$') as m from grid_assignments where end_code is null) parsed
 where parsed.match_id = grid_assignments.id and parsed.m is not null;
update grid_assignments
   set end_code = 'grid_ceased_in_plan', end_params = jsonb_build_object('planId', (m[1])::int), end_reason = null
  from (select id as match_id, regexp_match(end_reason, '^grid ceased \(plan (\d+)\)$') as m from grid_assignments where end_code is null) parsed
 where parsed.match_id = grid_assignments.id and parsed.m is not null;
update grid_assignments
   set end_code = 'grid_ceased', end_params = jsonb_build_object('operation', m[1]), end_reason = null
  from (select id as match_id, regexp_match(end_reason, '^grid ceased \((.*)\)$') as m from grid_assignments where end_code is null) parsed
 where parsed.match_id = grid_assignments.id and parsed.m is not null;
-- anything else that ended keeps its words as they were
update grid_assignments set end_code = 'other' where ended_at is not null and end_code is null;

alter table grid_assignments
  add constraint grid_assignments_end_code_known
    check (end_code in ('moved', 'replaced', 'vacated', 'grid_ceased', 'grid_ceased_in_plan', 'other')),
  add constraint grid_assignments_end_code_only_when_ended
    check (ended_at is not null or end_code is null);
