-- The incident closed loop (issue 7): the working-time calendar deadlines are counted in,
-- routing and lifecycle columns on incidents, action names on events, escalation
-- notifications, uploaded photos, and the policy values the loop reads.

-- ── Working-time calendar ──────────────────────────────────────────────────────────────────
-- Working periods per ISO weekday (1 Monday … 7 Sunday), in the zone's local time
-- (policy 'zone_time_zone'). A weekday without rows is a rest day.
create table working_hours (
  weekday smallint not null check (weekday between 1 and 7),
  starts_at time not null,
  ends_at time not null,
  check (ends_at > starts_at),
  primary key (weekday, starts_at)
);
insert into working_hours (weekday, starts_at, ends_at)
select weekday, period.starts_at, period.ends_at
  from generate_series(1, 5) as weekday,
       (values (time '08:30', time '12:00'), (time '14:00', time '17:30')) as period (starts_at, ends_at);

-- Exceptions to the weekly pattern: public holidays (no work even on a weekday) and make-up
-- working days (调休, a weekend day that is worked with the hours of `hours_of_weekday`).
-- EDITABLE DATA: an administrator maintains these (PUT/DELETE /api/calendar/days/{day}) when
-- the State Council publishes each year's arrangement. 2027 rows are provisional estimates.
create table calendar_days (
  day date primary key,
  kind text not null check (kind in ('holiday', 'working_day')),
  name_zh text not null check (length(name_zh) between 1 and 100),
  name_en text,
  hours_of_weekday smallint not null default 1 check (hours_of_weekday between 1 and 7),
  provisional boolean not null default false,
  updated_at timestamptz not null default now()
);

insert into calendar_days (day, kind, name_zh, name_en, provisional)
select day::date, 'holiday', name_zh, name_en, provisional
  from (values
    -- 2026 (国务院办公厅 2026 年部分节假日安排, as best known when this file was written)
    ('2026-01-01', '2026-01-03', '元旦', 'New Year''s Day', false),
    ('2026-02-15', '2026-02-23', '春节', 'Spring Festival', false),
    ('2026-04-04', '2026-04-06', '清明节', 'Qingming Festival', false),
    ('2026-05-01', '2026-05-05', '劳动节', 'Labour Day', false),
    ('2026-06-19', '2026-06-21', '端午节', 'Dragon Boat Festival', false),
    ('2026-09-25', '2026-09-27', '中秋节', 'Mid-Autumn Festival', false),
    ('2026-10-01', '2026-10-07', '国庆节', 'National Day', false),
    -- 2027: provisional, estimated from the lunar calendar; replace when published
    ('2027-01-01', '2027-01-03', '元旦', 'New Year''s Day', true),
    ('2027-02-05', '2027-02-13', '春节', 'Spring Festival', true),
    ('2027-04-03', '2027-04-05', '清明节', 'Qingming Festival', true),
    ('2027-05-01', '2027-05-05', '劳动节', 'Labour Day', true),
    ('2027-06-09', '2027-06-11', '端午节', 'Dragon Boat Festival', true),
    ('2027-09-15', '2027-09-17', '中秋节', 'Mid-Autumn Festival', true),
    ('2027-10-01', '2027-10-07', '国庆节', 'National Day', true)
  ) as period (first_day, last_day, name_zh, name_en, provisional),
  generate_series(first_day::date, last_day::date, interval '1 day') as day;

insert into calendar_days (day, kind, name_zh, name_en, provisional) values
  ('2026-01-04', 'working_day', '元旦调休上班', 'Make-up working day (New Year)', false),
  ('2026-02-14', 'working_day', '春节调休上班', 'Make-up working day (Spring Festival)', false),
  ('2026-02-28', 'working_day', '春节调休上班', 'Make-up working day (Spring Festival)', false),
  ('2026-05-09', 'working_day', '劳动节调休上班', 'Make-up working day (Labour Day)', false),
  ('2026-09-20', 'working_day', '国庆节调休上班', 'Make-up working day (National Day)', false),
  ('2026-10-10', 'working_day', '国庆节调休上班', 'Make-up working day (National Day)', false),
  ('2027-02-20', 'working_day', '春节调休上班', 'Make-up working day (Spring Festival)', true),
  ('2027-04-25', 'working_day', '劳动节调休上班', 'Make-up working day (Labour Day)', true),
  ('2027-05-08', 'working_day', '劳动节调休上班', 'Make-up working day (Labour Day)', true),
  ('2027-06-12', 'working_day', '端午节调休上班', 'Make-up working day (Dragon Boat)', true),
  ('2027-09-19', 'working_day', '中秋节调休上班', 'Make-up working day (Mid-Autumn)', true),
  ('2027-09-26', 'working_day', '国庆节调休上班', 'Make-up working day (National Day)', true),
  ('2027-10-09', 'working_day', '国庆节调休上班', 'Make-up working day (National Day)', true);

-- ── Routing ────────────────────────────────────────────────────────────────────────────────
-- The command-centre dispatcher on duty for a community: cases in a vacant grid go to them.
alter table communities add column duty_dispatcher_user_id integer references users (id);

-- ── Incidents: routing, lifecycle and ingestion columns ───────────────────────────────────
create sequence incident_tracking_number;
alter table incidents
  add column reporter_user_id integer references users (id),
  add column assigned_user_id integer references users (id),      -- a dispatcher holding the case (vacant grid)
  add column assigned_department text,                              -- a department handling the case
  add column vacant_grid boolean not null default false,            -- routed to the duty dispatcher: the grid has no worker
  add column accepted_at timestamptz,
  add column started_at timestamptz,
  add column handled_by_user_id integer references users (id),
  add column checked_at timestamptz,
  add column checked_by_user_id integer references users (id),
  add column rework_count integer not null default 0 check (rework_count >= 0),
  add column rejection_reason text check (rejection_reason in ('invalid', 'duplicate')),
  add column duplicate_of bigint references incidents (id),
  add column backlog_reason text,
  add column backlogged_at timestamptz,
  -- the escalation lifecycle, separate from the status: set once when the scheduler escalates
  add column escalated_at timestamptz,
  add column idempotency_body_hash text,
  add column updated_at timestamptz not null default now(),
  add check (duplicate_of is null or duplicate_of <> id),
  add check ((rejection_reason = 'duplicate') = (duplicate_of is not null));
create index incidents_assigned_worker on incidents (assigned_worker_id);
create index incidents_due_open on incidents (due_at)
  where status in ('registered', 'dispatched', 'handling', 'rework') and escalated_at is null;
create index incidents_category_reported on incidents (category_code, reported_at);

-- What happened in an event, beyond the status change ('register', 'escalate', 'merge', …).
alter table incident_events add column action text;

-- ── Notifications (escalations for the command centre) ────────────────────────────────────
create table notifications (
  id bigserial primary key,
  created_at timestamptz not null default now(),
  recipient_role text not null check (recipient_role in ('admin', 'planner', 'dispatcher', 'worker', 'auditor')),
  recipient_user_id integer references users (id),  -- set: for that user only; null: for everyone in the role
  kind text not null check (kind in ('incident_overdue')),
  incident_id bigint references incidents (id),
  message text not null,
  read_at timestamptz,
  unique (kind, incident_id)
);
create index notifications_recipient on notifications (recipient_role, created_at);

-- ── Uploaded photos (re-encoded, metadata stripped, stored under random names) ─────────────
create table photos (
  name text primary key check (name ~ '^[0-9a-f]{32}\.(jpg|png|webp)$'),
  content_type text not null check (content_type in ('image/jpeg', 'image/png', 'image/webp')),
  byte_size integer not null check (byte_size > 0),
  width integer not null,
  height integer not null,
  uploaded_by integer references users (id),
  uploaded_at timestamptz not null default now()
);

insert into policy (key, value, description_zh, description_en) values
  ('zone_time_zone', '"Asia/Shanghai"', '辖区时区（工作日历按此计算）', 'Time zone of the zone: the working calendar is counted in it'),
  ('duplicate_radius_metres', '50', '疑似重复案件的距离范围（米）', 'Radius within which an open case of the same category is a suspected duplicate (metres)'),
  ('duplicate_window_hours', '72', '疑似重复案件的时间范围（小时）', 'Time window within which an open case of the same category is a suspected duplicate (hours)');
