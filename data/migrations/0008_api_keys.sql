-- API keys for machine clients: Open311 GeoReport v2 submitters and OGC API Features readers
-- that may see households (masked). Only a SHA-256 of the key is stored; the key itself is shown
-- once when an administrator creates it. Scopes say what a key may do.
create table api_keys (
  id serial primary key,
  name text not null check (length(name) between 1 and 100),
  key_prefix text not null check (key_prefix ~ '^[A-Za-z0-9_-]{4,16}$'), -- shown in lists to tell keys apart
  key_hash bytea not null unique,
  scopes text[] not null default '{}' check (scopes <@ array['open311_submit', 'ogc_households']::text[]),
  created_by integer references users (id),
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
