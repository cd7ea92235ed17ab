-- Stored text keeps codes (issue 15): notifications and the notes the system writes on a case's
-- timeline become a code with its params, rendered in the reader's language when they are read
-- (server/messages), instead of a bilingual sentence frozen at the time of writing. A note a
-- person typed stays in `note`, as typed.

-- ── Notifications ──────────────────────────────────────────────────────────────────────────
alter table notifications
  add column message_code text,
  add column message_params jsonb not null default '{}'::jsonb;

-- every notification so far is an overdue escalation: '案件 E… 已超期 (case E… is overdue)'
update notifications n
   set message_code = 'incident_overdue',
       message_params = jsonb_build_object('trackingCode', coalesce(
         (select i.tracking_code from incidents i where i.id = n.incident_id),
         (regexp_match(n.message, '案件 (\S+) 已超期'))[1],
         ''));

alter table notifications
  alter column message_code set not null,
  drop column message;

-- ── System notes on a case's timeline ──────────────────────────────────────────────────────
alter table incident_events
  add column note_code text,
  add column note_params jsonb;

-- escalation by the deadline scheduler: '超期督办：应于 … 前处置 (overdue since 2026-…Z)'
update incident_events
   set note_code = 'overdue_escalated',
       note_params = jsonb_build_object('dueAt', (regexp_match(note, 'overdue since ([0-9T:.Z-]+)\)'))[1]),
       note = null
 where note ~ '^超期督办：.*\(overdue since [0-9T:.Z-]+\)$';

-- escalation written by the demo generator
update incident_events
   set note_code = 'overdue_escalated', note_params = '{}'::jsonb, note = null
 where actor_label = 'system' and note = '已超过处置时限，自动升级督办';

-- automatic routing; a dispatcher's own note, if any, stood before ' — '
update incident_events
   set note_code = 'routed_to_department',
       note_params = jsonb_build_object('department', (regexp_match(note, '自动派遣至部门 (.*) \(routed to department\)$'))[1]),
       note = (regexp_match(note, '^(.*) — 自动派遣至部门 '))[1]
 where note ~ '自动派遣至部门 .* \(routed to department\)$';

update incident_events
   set note_code = 'routed_to_worker',
       note_params = jsonb_build_object('gridId', nullif((regexp_match(note, 'routed to the worker of grid ([^)]*)\)$'))[1], '—')::int),
       note = (regexp_match(note, '^(.*) — 自动派遣至网格员'))[1]
 where note ~ '自动派遣至网格员 \(routed to the worker of grid [^)]*\)$';

update incident_events
   set note_code = 'routed_to_duty_dispatcher',
       note_params = jsonb_build_object('gridId', nullif((regexp_match(note, '\(vacant grid ([^:]*): routed')) [1], '—')::int),
       note = (regexp_match(note, '^(.*) — 网格空缺，派至社区值班调度员'))[1]
 where note ~ '网格空缺，派至社区值班调度员 \(vacant grid [^:]*: routed to the community''s duty dispatcher\)$';

update incident_events
   set note_code = 'routing_failed',
       note_params = jsonb_build_object('gridId', nullif((regexp_match(note, '\(vacant grid ([^,]*), no duty dispatcher\)$'))[1], '—')::int),
       note = null
 where note ~ '^网格空缺且无值班调度员，待人工派遣 \(vacant grid [^,]*, no duty dispatcher\)$';

-- merges: the duplicate and the original each got a sentence naming the other
update incident_events
   set note_code = 'merged_into',
       note_params = jsonb_build_object('trackingCode', (regexp_match(note, '^重复案件，并入 (\S+) \(duplicate of'))[1]),
       note = null
 where note ~ '^重复案件，并入 \S+ \(duplicate of \S+\)$';

update incident_events
   set note_code = 'duplicate_merged',
       note_params = jsonb_build_object('trackingCode', (regexp_match(note, '^并入重复案件 (\S+) \(duplicate'))[1]),
       note = null
 where note ~ '^并入重复案件 \S+ \(duplicate \S+ merged into this case\)$';

-- a code never comes without its params
alter table incident_events
  add constraint incident_events_note_code_params check ((note_code is null) = (note_params is null));

-- ── Why a scheduled plan could not be published ────────────────────────────────────────────
-- plans.status_reason holds the failure's code (plan_conflict, plan_layout_invalid, …), rendered
-- when the plan is read; the English sentences written before become their codes.
update plans set status_reason = 'plan_conflict' where status_reason like 'The live layout changed since plan%';
update plans set status_reason = 'plan_layout_invalid' where status_reason like 'The plan''s layout is not valid%';
update plans set status_reason = 'plan_status_forbids' where status_reason ~ '^Plan “.*” is [a-z]+; only ';
update plans set status_reason = 'plan_publication_failed' where status_reason is not null and status_reason !~ '^[a-z_]+$';
