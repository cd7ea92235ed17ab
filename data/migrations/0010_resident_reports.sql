-- Resident reports and Open311 (issue 9): what a resident adds to an incident (anonymity, "me too"
-- supporters, a satisfaction rating after closure), which API key submitted it, who hid it from the
-- public, and the policy values the public side reads.

alter table incidents
  add column reported_anonymously boolean not null default false,
  -- residents who pressed "me too" instead of filing a duplicate
  add column supporter_count integer not null default 0 check (supporter_count >= 0),
  -- 满意 / 基本满意 / 不满意, given once by the reporter (who holds the tracking code) after closure
  add column satisfaction text check (satisfaction in ('satisfied', 'basically_satisfied', 'dissatisfied')),
  add column satisfaction_rated_at timestamptz,
  add column api_key_id integer references api_keys (id),
  add column hidden_by_user_id integer references users (id),
  add column hidden_at timestamptz,
  -- SHA-256 of the key handed to the resident with the tracking code: tracking codes are sequential,
  -- so rating a case needs this key, not just the code
  add column reporter_key_hash bytea,
  add check ((satisfaction is null) = (satisfaction_rated_at is null));
create index incidents_satisfaction_rated_at on incidents (satisfaction_rated_at) where satisfaction_rated_at is not null;
create index incidents_source_reported_at on incidents (source, reported_at);

insert into policy (key, value, description_zh, description_en) values
  ('resident_description_max_chars', '1000', '居民上报描述的最大字数', 'Longest description a resident may submit (characters)'),
  ('open311_default_days', '90', 'Open311 查询默认时间范围（天）', 'Open311 GET requests.json: default window (days)'),
  ('open311_max_results', '1000', 'Open311 查询最多返回条数', 'Open311 GET requests.json: most results returned');
