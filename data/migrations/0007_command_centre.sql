-- The command centre (issue 8): ids for the live event stream, the layout-change watermark that
-- makes exactly one server process announce a layout change, emergency equipment and CCTV points
-- as map layers, and indexes for the KPI and heatmap queries.

-- ── Live stream ────────────────────────────────────────────────────────────────────────────
-- Every live event gets its id here, so ids increase across restarts and across processes
-- (server/stream/live-events.repo.ts takes one under an advisory lock, so on PostgreSQL the
-- NOTIFY commit order — the order every listener receives them in — is also id order).
create sequence live_event_ids;

-- The last layout_revision announced as a 'layout.changed' event. Each process polls
-- layout_revision; the one whose compare-and-set moves this watermark announces it.
create table live_layout_watermark (
  singleton boolean primary key default true check (singleton),
  revision bigint not null
);
insert into live_layout_watermark (revision) select revision from layout_revision;

-- ── Risk register ──────────────────────────────────────────────────────────────────────────
alter table risk_sources
  add column created_at timestamptz not null default now(),
  add column updated_at timestamptz not null default now(),
  add column updated_by integer references users (id);
create index risk_sources_community on risk_sources (community_id);

-- Emergency equipment (应急设备): extinguishers with an expiry date, hydrants, sandbags, …
create table emergency_equipment (
  id serial primary key,
  kind text not null check (kind in ('fire_extinguisher', 'fire_hydrant', 'first_aid_kit', 'sandbags', 'drainage_pump', 'aed')),
  name text not null check (length(name) between 1 and 200),
  location geometry(Point, 4326) not null check (ST_IsValid(location) and not ST_IsEmpty(location)),
  community_id integer references communities (id),
  risk_source_id integer references risk_sources (id),
  quantity integer not null default 1 check (quantity > 0),
  expires_on date,             -- extinguishers: 有效期至
  last_checked_on date,
  note text
);
create index emergency_equipment_location_gist on emergency_equipment using gist (location);

-- CCTV points (视频监控点) at car parks, stairwells, gates, markets and roads.
create table cctv_points (
  id serial primary key,
  name text not null check (length(name) between 1 and 200),
  placement text not null check (placement in ('car_park', 'stairwell', 'gate', 'road', 'market', 'school', 'other')),
  location geometry(Point, 4326) not null check (ST_IsValid(location) and not ST_IsEmpty(location)),
  community_id integer references communities (id),
  online boolean not null default true,
  installed_on date
);
create index cctv_points_location_gist on cctv_points using gist (location);

-- ── KPI and heatmap queries ────────────────────────────────────────────────────────────────
create index incident_events_to_status_at on incident_events (to_status, at);
create index incidents_closed_at on incidents (closed_at) where closed_at is not null;
create index incidents_handled_at on incidents (handled_at) where handled_at is not null;
create index incidents_due_at on incidents (due_at) where due_at is not null;
