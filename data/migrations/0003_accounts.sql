-- Accounts and sessions (等保 2.0 level 2: identification, access control, audit) and
-- protection of personal data at rest.

alter table users
  add column failed_login_count integer not null default 0,
  add column locked_until timestamptz,
  add column password_changed_at timestamptz,
  add column must_change_password boolean not null default false,
  add column last_login_at timestamptz;

-- Opaque session tokens: only their SHA-256 is stored, so a database leak yields no live session.
create table sessions (
  token_hash text primary key,
  user_id integer not null references users (id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  client_address text,
  user_agent text
);
create index sessions_user on sessions (user_id);

-- ID numbers are stored encrypted (AES-256-GCM, key outside the database) with a keyed hash
-- for exact lookup; names and phones are masked on the way out.
alter table households add column head_id_number_hash text;
create index households_id_number_hash on households (head_id_number_hash);
alter table workers add column id_number_hash text;

insert into policy (key, value, description_zh, description_en) values
  ('session_idle_minutes', '30', '会话空闲超时（分钟）', 'Session idle timeout (minutes)'),
  ('session_absolute_hours', '12', '会话最长时长（小时）', 'Session absolute lifetime (hours)'),
  ('login_lockout_failures', '5', '连续失败多少次后锁定账户', 'Failed logins before an account is locked'),
  ('login_lockout_minutes', '15', '账户锁定时长（分钟）', 'Account lockout duration (minutes)'),
  ('password_min_length', '10', '密码最短长度', 'Minimum password length');
