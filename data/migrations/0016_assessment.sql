-- Performance assessment (考核, issue 17; seed essays 第9篇, 第3篇, 第7篇): schemes as data per year,
-- versioned; leaders' manual scores; bonus and deduction adjustments with objections; periods that
-- are signed off (frozen as snapshots) and reopened only by an audited administrator action.
-- Scores themselves are computed from the records the system keeps (incidents, their events,
-- households); only what a person decides or signs is stored here.

-- ── The leader role: reads all of the assessment, signs off periods, enters leadership scores ──
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check
  check (role in ('admin', 'planner', 'dispatcher', 'worker', 'auditor', 'leader'));
alter table notifications drop constraint notifications_recipient_role_check;
alter table notifications add constraint notifications_recipient_role_check
  check (recipient_role in ('admin', 'planner', 'dispatcher', 'worker', 'auditor', 'leader'));

-- ── Household information kept current (户情信息): the day the grid worker last checked it ─────
alter table households add column info_checked_on date;

-- ── Schemes: one per year and version; a signed-off period keeps the version it was scored with ─
create table assessment_schemes (
  id serial primary key,
  year integer not null check (year between 2000 and 2100),
  version integer not null check (version >= 1),
  definition jsonb not null check (jsonb_typeof(definition) = 'object'),
  note text check (note is null or char_length(note) <= 500),
  created_by integer references users (id),
  created_at timestamptz not null default now(),
  unique (year, version)
);

-- ── Periods: a row exists once a period was signed off (or reopened); no row = an open draft ────
create table assessment_periods (
  code text primary key check (code ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  kind text not null check (kind in ('month', 'quarter', 'year')),
  status text not null check (status in ('open', 'signed_off')),
  scheme_id integer references assessment_schemes (id),
  signed_off_by integer references users (id),
  signed_off_at timestamptz,
  comment text check (comment is null or char_length(comment) <= 2000),
  check ((status = 'signed_off') = (signed_off_at is not null and signed_off_by is not null and scheme_id is not null)),
  check ((kind = 'month') = (code ~ '^[0-9]{4}-[0-9]{2}$') and (kind = 'quarter') = (code ~ '-Q'))
);

-- history of sign-offs and reopenings (the audit log has them too, with the client address)
create table assessment_period_events (
  id bigserial primary key,
  period_code text not null references assessment_periods (code),
  action text not null check (action in ('sign_off', 'reopen')),
  actor_user_id integer not null references users (id),
  at timestamptz not null default now(),
  reason text check (reason is null or char_length(reason) between 1 and 1000),
  check (action <> 'reopen' or reason is not null)
);

-- The frozen result of a signed-off period: one row per level and subject, as it was answered.
create table assessment_snapshots (
  period_code text not null references assessment_periods (code),
  level text not null check (level in ('worker', 'community', 'station')),
  subject_id integer not null,
  total numeric(7, 2) not null,
  rank integer not null check (rank >= 1),
  row jsonb not null,
  primary key (period_code, level, subject_id)
);

-- ── Adjustments: 获奖加分 1 / 1.5 / 2 by award level; 扣分 1–5 always with a reason ────────────
create table assessment_adjustments (
  id bigserial primary key,
  period_code text not null check (period_code ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  level text not null check (level in ('worker', 'community', 'station')),
  subject_id integer not null,
  kind text not null check (kind in ('bonus', 'deduction')),
  points numeric(3, 1) not null,
  reason text check (reason is null or char_length(reason) <= 1000),
  -- the same achievement counts once, at its highest level (第9篇 二(一)2)
  achievement text check (achievement is null or char_length(achievement) between 1 and 200),
  award_level text check (award_level in ('town', 'county', 'county_committee')),
  evidence_photos text[] not null default '{}',
  status text not null default 'active' check (status in ('active', 'withdrawn')),
  created_by integer not null references users (id),
  created_at timestamptz not null default now(),
  check ((kind = 'bonus' and points in (1, 1.5, 2)) or (kind = 'deduction' and points between 1 and 5 and points * 2 = round(points * 2))),
  -- 扣分必须说明理由
  check (kind <> 'deduction' or (reason is not null and char_length(btrim(reason)) > 0))
);
create index assessment_adjustments_subject on assessment_adjustments (level, subject_id, period_code);

-- The assessed may object once to an adjustment; a reviewer decides.
create table assessment_objections (
  id bigserial primary key,
  adjustment_id bigint not null unique references assessment_adjustments (id),
  raised_by integer not null references users (id),
  raised_at timestamptz not null default now(),
  reason text not null check (char_length(btrim(reason)) between 1 and 1000),
  decision text check (decision in ('upheld', 'rejected')),
  decided_by integer references users (id),
  decided_at timestamptz,
  decision_note text check (decision_note is null or char_length(decision_note) <= 1000),
  check ((decision is null) = (decided_at is null) and (decision is null) = (decided_by is null)),
  check (decided_by is null or decided_by <> raised_by)
);

-- Manual indicators (班子领导水平, 第9篇 二(一)1): entered by a leader, always with a comment.
create table assessment_manual_scores (
  period_code text not null check (period_code ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
  level text not null check (level in ('worker', 'community', 'station')),
  subject_id integer not null,
  indicator text not null check (indicator ~ '^[a-z][a-z0-9_]{0,39}$'),
  points numeric(5, 2) not null check (points >= 0),
  comment text not null check (char_length(btrim(comment)) between 1 and 1000),
  entered_by integer not null references users (id),
  entered_at timestamptz not null default now(),
  primary key (period_code, level, subject_id, indicator)
);

insert into policy (key, value, description_zh, description_en) values
  ('assessment_year_close_by', '"12-15"', '年度考核须在此日期（月-日）前完成签署（第9篇：考评时间12月15日前）',
   'The annual assessment is signed off before this date (month-day; essay 9: before 15 December)');
