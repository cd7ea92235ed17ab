-- Community emergency management (issue 20, 第6篇): emergencies on a 24/7 clock with minute-level
-- response targets, plans (预案) as structured data with a version history and the risk sources
-- they cover, drills, teams and duty rooms with a roster, activated emergencies with their event
-- log and hand-overs to the 110/119/120 platforms, and warnings (预警) published to an area.

-- ── Emergency categories and the 24/7 clock ───────────────────────────────────────────────
-- The risk register's kinds of event that had no class of their own (fire itself, chemical
-- leaks, a building in danger, an accident on a construction site). Their working-hours deadline
-- is only a fallback: while the policy below names a response target, the target applies.
insert into incident_categories (code, major_code, kind, name_zh, name_en, deadline_amount, deadline_unit, department) values
  ('0506', '05', 'incident', '火灾', 'Fire', 1, 'working_hours', '消防救援站'),
  ('0507', '05', 'incident', '危险化学品泄漏', 'Hazardous chemical leak', 1, 'working_hours', '应急管理所'),
  ('0508', '05', 'incident', '房屋险情', 'Building in danger', 1, 'working_hours', '房屋安全管理所'),
  ('0509', '05', 'incident', '施工安全事故', 'Construction site accident', 1, 'working_hours', '建设工程安全监督站');

insert into policy (key, value, description_zh, description_en) values
  ('emergency_response_minutes',
   '{"0501": 30, "0502": 30, "0503": 15, "0504": 30, "0505": 60, "0506": 10, "0507": 15, "0508": 30, "0509": 30, "0599": 60}',
   '突发事件类别的响应时限（分钟，全天候计算，不按工作时间）', 'Response targets of emergency categories in minutes, counted round the clock, never in working hours'),
  ('emergency_plan_review_months', '12', '应急预案复审周期（月）', 'Emergency plans are reviewed at least this often (months)'),
  ('emergency_drill_period_months', '12', '应急预案演练周期（月）：超过未演练的预案将被标出', 'A plan without a drill within this many months is flagged'),
  ('emergency_affected_radius_metres', '300', '启动应急时默认的影响范围半径（米）', 'Default radius of the affected circle when an emergency is activated (metres)'),
  ('emergency_equipment_radius_metres', '800', '就近应急设备的搜索半径（米）', 'Radius searched for the nearest emergency equipment (metres)');

-- The response target of a category in minutes, or null when the category runs on working time.
create function emergency_response_minutes(p_category_code text) returns integer
language sql stable as $$
  select (value ->> p_category_code)::integer from policy where key = 'emergency_response_minutes'
$$;

-- A report in an emergency category is due at once on the 24/7 clock: reported_at + the target.
-- Every path that inserts a case (API, resident page, Open311, import) gets it here; registration
-- keeps it (server/emergency/response-clock.ts reads the same policy). A row inserted with its own
-- due time (the demo's history) keeps that.
create function incidents_emergency_clock() returns trigger language plpgsql as $$
declare
  minutes integer;
begin
  if new.due_at is null then
    minutes := emergency_response_minutes(new.category_code);
    if minutes is not null then
      new.due_at := new.reported_at + make_interval(mins => minutes);
    end if;
  end if;
  return new;
end $$;
create trigger incidents_emergency_clock before insert on incidents
  for each row execute function incidents_emergency_clock();

-- ── Plans (预案) ───────────────────────────────────────────────────────────────────────────
create table emergency_plans (
  id serial primary key,
  title text not null check (length(title) between 1 and 200),
  level text not null check (level in ('street', 'community', 'site')),
  community_id integer references communities (id),
  status text not null default 'current' check (status in ('draft', 'current', 'retired')),
  version integer not null default 1 check (version >= 1),
  event_kinds text[] not null default '{}',           -- incident category codes the plan answers
  trigger_conditions text not null default '',
  response_levels jsonb not null default '[]',         -- [{level: 'I'…'IV', actions: [text]}]
  roles jsonb not null default '[]',                   -- [{role, name, phone}] the phone tree in order
  resources jsonb not null default '[]',               -- [{kind: shelter|assembly_point|equipment, name, point:[lng,lat]}]
  reviewed_on date not null,
  review_due_on date not null,
  retired_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by integer references users (id),
  check (review_due_on > reviewed_on),
  check ((status = 'retired') = (retired_at is not null)),
  check (level = 'street' or community_id is not null)
);

create table emergency_plan_risk_sources (
  plan_id integer not null references emergency_plans (id),
  risk_source_id integer not null references risk_sources (id),
  primary key (plan_id, risk_source_id)
);
create index emergency_plan_risk_sources_source on emergency_plan_risk_sources (risk_source_id);

-- Every version of a plan as it was saved: the plan row is the current one.
create table emergency_plan_versions (
  plan_id integer not null references emergency_plans (id),
  version integer not null check (version >= 1),
  snapshot jsonb not null,
  saved_at timestamptz not null default now(),
  saved_by integer references users (id),
  primary key (plan_id, version)
);

create table emergency_drills (
  id serial primary key,
  plan_id integer not null references emergency_plans (id),
  held_on date not null,
  participants integer not null check (participants between 1 and 100000),
  findings text not null default '' check (length(findings) <= 4000),
  recorded_by integer references users (id),
  recorded_at timestamptz not null default now()
);
create index emergency_drills_plan on emergency_drills (plan_id, held_on);

-- ── Teams, duty rooms and the roster ───────────────────────────────────────────────────────
create table emergency_teams (
  id serial primary key,
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('leading_group', 'rescue_team', 'volunteer_team', 'duty_room', 'cctv_room')),
  community_id integer references communities (id),
  location geometry(Point, 4326) check (location is null or (ST_IsValid(location) and not ST_IsEmpty(location))),
  phone text
);
create index emergency_teams_location_gist on emergency_teams using gist (location);

create table emergency_team_members (
  id serial primary key,
  team_id integer not null references emergency_teams (id),
  name text not null check (length(name) between 1 and 100),
  duty text not null default '',                       -- 组长, 队员, 值班员, 志愿者 …
  phone text,
  is_resident boolean not null default false,          -- a resident volunteer (第6篇: 吸收居民)
  user_id integer references users (id)
);
create index emergency_team_members_team on emergency_team_members (team_id);

create table emergency_duty_shifts (
  id serial primary key,
  team_id integer not null references emergency_teams (id),
  member_id integer not null references emergency_team_members (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  check (ends_at > starts_at)
);
create index duty_shifts_period on emergency_duty_shifts (starts_at, ends_at);

-- ── Activated emergencies, their log and hand-overs ────────────────────────────────────────
create table emergencies (
  id serial primary key,
  plan_id integer references emergency_plans (id),
  plan_version integer,
  incident_id bigint references incidents (id),
  response_level text not null check (response_level in ('I', 'II', 'III', 'IV')),
  location geometry(Point, 4326) not null check (ST_IsValid(location) and not ST_IsEmpty(location)),
  radius_metres integer not null check (radius_metres between 10 and 5000),
  community_id integer references communities (id),
  status text not null default 'active' check (status in ('active', 'closed')),
  activated_at timestamptz not null,
  activated_by integer references users (id),
  closed_at timestamptz,
  closed_by integer references users (id),
  review text,
  check ((status = 'closed') = (closed_at is not null)),
  check (status = 'active' or length(review) > 0),
  check (closed_at is null or closed_at >= activated_at)
);
create index emergencies_status on emergencies (status, activated_at);

create table emergency_log (
  id bigserial primary key,
  emergency_id integer not null references emergencies (id),
  at timestamptz not null,
  kind text not null check (kind in ('activated', 'note', 'handover', 'webhook_received', 'closed')),
  actor_user_id integer references users (id),
  actor_label text,                                    -- 'system' or a platform: '110', '119', '120'
  note text,
  details jsonb
);
create index emergency_log_emergency on emergency_log (emergency_id, at, id);

create table emergency_handovers (
  id serial primary key,
  emergency_id integer not null references emergencies (id),
  platform text not null check (platform in ('110', '119', '120')),
  handed_at timestamptz not null,
  handed_by integer references users (id),
  channel text not null check (channel in ('phone', 'webhook')),
  reference text check (reference is null or length(reference) between 1 and 100),
  delivery text not null check (delivery in ('recorded', 'delivered', 'failed'))
);
create index emergency_handovers_emergency on emergency_handovers (emergency_id);

-- ── Warnings (预警) ─────────────────────────────────────────────────────────────────────────
create table emergency_warnings (
  id serial primary key,
  identifier text not null unique check (identifier ~ '^[A-Za-z0-9.-]{8,100}$'),  -- the CAP identifier
  level text not null check (level in ('blue', 'yellow', 'orange', 'red')),
  event_kind text,                                     -- an incident category code, when there is one
  headline text not null check (length(headline) between 1 and 200),
  body text not null check (length(body) between 1 and 4000),
  area geometry(MultiPolygon, 4326) not null check (ST_IsValid(area) and not ST_IsEmpty(area)),
  grid_ids integer[] not null default '{}',
  community_ids integer[] not null default '{}',
  valid_from timestamptz not null,
  valid_to timestamptz not null,
  published_at timestamptz not null,
  published_by integer references users (id),
  cancelled_at timestamptz,
  check (valid_to > valid_from)
);
create index emergency_warnings_area_gist on emergency_warnings using gist (area);
create index emergency_warnings_valid on emergency_warnings (valid_to);

create table emergency_warning_acknowledgements (
  warning_id integer not null references emergency_warnings (id),
  user_id integer not null references users (id),
  acknowledged_at timestamptz not null,
  primary key (warning_id, user_id)
);
