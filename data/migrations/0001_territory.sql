-- Schema v1: the territory (street → community → grid, versioned), people who serve it,
-- the buildings and households in it, incidents, risk sources, users, audit and policy.
-- Geometry is SRID 4326; areas and distances are computed on geography where they matter.

create extension if not exists postgis;
create extension if not exists btree_gist;

create table streets (
  id serial primary key,
  code text not null unique check (code ~ '^[0-9]{9}$'), -- 6-digit county (GB/T 2260) + 3-digit street
  name text not null,
  boundary geometry(MultiPolygon, 4326) check (boundary is null or (ST_IsValid(boundary) and not ST_IsEmpty(boundary)))
);
create index streets_boundary_gist on streets using gist (boundary);

create table communities (
  id serial primary key,
  street_id integer not null references streets (id),
  code text not null unique check (code ~ '^[0-9]{12}$'), -- street code + 3-digit community
  name text not null,
  boundary geometry(MultiPolygon, 4326) not null check (ST_IsValid(boundary) and not ST_IsEmpty(boundary)),
  service_hall_address text,
  service_hall_hours text,
  duty_phone text,
  created_at timestamptz not null default now()
);
create index communities_boundary_gist on communities using gist (boundary);

create table users (
  id serial primary key,
  username text not null unique check (username ~ '^[a-z0-9_.-]{3,64}$'),
  display_name text not null,
  role text not null check (role in ('admin', 'planner', 'dispatcher', 'worker', 'auditor')),
  password_hash text,
  worker_id integer, -- set for role 'worker'; foreign key added after workers
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

-- A grid is a stable identity; its shape, code and name live in versions.
create table grids (
  id serial primary key,
  community_id integer not null references communities (id),
  created_at timestamptz not null default now()
);

create table grid_versions (
  id bigserial primary key,
  grid_id integer not null references grids (id),
  community_id integer not null references communities (id),
  code text not null check (code ~ '^[0-9]{15}$'),
  name text not null check (length(name) between 1 and 100),
  geometry geometry(MultiPolygon, 4326) not null check (ST_IsValid(geometry) and not ST_IsEmpty(geometry)),
  valid_from timestamptz not null,
  valid_to timestamptz,
  changed_by integer references users (id),
  change_note text,
  created_at timestamptz not null default now(),
  check (valid_to is null or valid_to > valid_from),
  -- the periods of one grid never overlap, so "the layout at date D" is unambiguous
  exclude using gist (grid_id with =, tstzrange(valid_from, valid_to) with &&)
);
create unique index grid_versions_one_current on grid_versions (grid_id) where valid_to is null;
create unique index grid_versions_current_code on grid_versions (code) where valid_to is null;
create index grid_versions_geometry_gist on grid_versions using gist (geometry);
create index grid_versions_period on grid_versions using gist (tstzrange(valid_from, valid_to));

-- Sibling grids must not overlap in their interiors. A GiST EXCLUDE with && would also reject
-- neighbours that only share an edge, so this is a deferred constraint trigger that measures
-- the shared area (tolerance 0.5 m², i.e. floating-point noise along shared edges).
create function grid_versions_no_overlap() returns trigger language plpgsql as $$
declare
  clash record;
begin
  if new.valid_to is not null then
    return null;
  end if;
  select other.grid_id, other.code,
         ST_Area(ST_Intersection(other.geometry, new.geometry)::geography) as shared_area
    into clash
    from grid_versions other
   where other.community_id = new.community_id
     and other.grid_id <> new.grid_id
     and other.valid_to is null
     and other.geometry && new.geometry
     and ST_Relate(other.geometry, new.geometry, '2********')
     and ST_Area(ST_Intersection(other.geometry, new.geometry)::geography) > 0.5
   limit 1;
  if found then
    raise exception 'grid % overlaps grid % by % m²', new.code, clash.code, round(clash.shared_area::numeric, 2)
      using errcode = '23P01', constraint = 'grid_versions_no_overlap';
  end if;
  return null;
end $$;
create constraint trigger grid_versions_no_overlap
  after insert or update of geometry, valid_to on grid_versions
  deferrable initially deferred
  for each row execute function grid_versions_no_overlap();

-- Every change to the layout bumps a revision so in-memory indexes know when to rebuild.
create table layout_revision (
  singleton boolean primary key default true check (singleton),
  revision bigint not null default 0,
  changed_at timestamptz not null default now()
);
insert into layout_revision default values;
create function bump_layout_revision() returns trigger language plpgsql as $$
begin
  update layout_revision set revision = revision + 1, changed_at = now();
  return null;
end $$;
create trigger grid_versions_bump_revision after insert or update or delete on grid_versions
  for each statement execute function bump_layout_revision();

create table workers (
  id serial primary key,
  name text not null,
  gender text check (gender in ('F', 'M')),
  phone text,                -- personal mobile: private
  duty_phone text,           -- published on the resident card
  duty_hours text,
  photo_path text,
  id_number text,            -- personal: masked, encrypted in a later migration
  active boolean not null default true,
  created_at timestamptz not null default now()
);
alter table users add constraint users_worker_fk foreign key (worker_id) references workers (id);
alter table users add constraint users_worker_role check ((role = 'worker') = (worker_id is not null));

create table grid_assignments (
  id bigserial primary key,
  grid_id integer not null references grids (id),
  worker_id integer not null references workers (id),
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  assigned_by integer references users (id),
  reason text,
  check (ended_at is null or ended_at >= started_at)
);
-- one grid, one worker; one worker, one grid
create unique index grid_assignments_one_worker_per_grid on grid_assignments (grid_id) where ended_at is null;
create unique index grid_assignments_one_grid_per_worker on grid_assignments (worker_id) where ended_at is null;

create trigger grid_assignments_bump_revision after insert or update or delete on grid_assignments
  for each statement execute function bump_layout_revision();
create trigger workers_bump_revision after update on workers
  for each statement execute function bump_layout_revision();

create table buildings (
  id serial primary key,
  community_id integer not null references communities (id),
  complex_name text,          -- 小区 / 村
  number text not null,       -- 栋号, e.g. '3'
  kind text not null check (kind in ('residential', 'resettlement', 'commercial', 'village', 'public', 'industrial')),
  floors smallint check (floors between 1 and 120),
  footprint geometry(Polygon, 4326) not null check (ST_IsValid(footprint) and not ST_IsEmpty(footprint)),
  location geometry(Point, 4326) not null
);
create index buildings_footprint_gist on buildings using gist (footprint);
create index buildings_location_gist on buildings using gist (location);

create table households (
  id serial primary key,
  building_id integer not null references buildings (id),
  grid_id integer not null references grids (id), -- the current grid, kept in step with the layout
  unit text,                  -- 单元
  room text not null,         -- 室
  location geometry(Point, 4326) not null,
  registered_count smallint not null default 0 check (registered_count between 0 and 50),  -- 户籍
  resident_count smallint not null default 0 check (resident_count between 0 and 50),      -- 常住
  floating_count smallint not null default 0 check (floating_count between 0 and 50),      -- 流动
  registered_elsewhere boolean not null default false, -- 人户分离
  elderly_alone boolean not null default false,
  disability boolean not null default false,
  head_name text,             -- personal
  head_id_number text,        -- personal
  head_phone text,            -- personal
  unique (building_id, unit, room)
);
create index households_location_gist on households using gist (location);
create index households_grid on households (grid_id);

create table incident_categories (
  code text primary key check (code ~ '^[0-9]{2}([0-9]{2})?$'), -- '01' major, '0101' minor
  major_code text references incident_categories (code),
  kind text not null check (kind in ('incident', 'component')),
  name_zh text not null,
  name_en text not null,
  deadline_amount integer check (deadline_amount > 0),
  deadline_unit text check (deadline_unit in ('working_hours', 'working_days')),
  photo_required_to_close boolean not null default true,
  department text,            -- set when cases go to a department rather than the grid worker
  check ((major_code is null) = (length(code) = 2)),
  check ((major_code is null) or (deadline_amount is not null and deadline_unit is not null))
);

create table incidents (
  id bigserial primary key,
  tracking_code text not null unique,
  category_code text not null references incident_categories (code),
  source text not null check (source in ('patrol', 'resident', 'hotline', 'referral', 'sensor')),
  status text not null check (status in ('reported', 'registered', 'rejected', 'dispatched', 'handling',
                                          'handled', 'checked', 'closed', 'rework', 'backlog')),
  description text not null check (length(description) between 1 and 2000),
  location geometry(Point, 4326) not null,
  address text,
  grid_id integer references grids (id),          -- the grid at the time of report
  community_id integer references communities (id),
  assigned_worker_id integer references workers (id),
  reported_at timestamptz not null,
  registered_at timestamptz,
  dispatched_at timestamptz,
  handled_at timestamptz,
  closed_at timestamptz,
  due_at timestamptz,
  reporter_name text,         -- personal
  reporter_phone text,        -- personal
  hidden_from_public boolean not null default false,
  idempotency_key text unique,
  created_at timestamptz not null default now()
);
create index incidents_location_gist on incidents using gist (location);
create index incidents_reported_at on incidents (reported_at);
create index incidents_status on incidents (status);
create index incidents_grid on incidents (grid_id);

create table incident_events (
  id bigserial primary key,
  incident_id bigint not null references incidents (id),
  at timestamptz not null default now(),
  from_status text,
  to_status text not null,
  actor_user_id integer references users (id),
  actor_label text,           -- for events with no user: 'system', 'resident', 'hotline'
  note text,
  photos text[] not null default '{}'
);
create index incident_events_incident on incident_events (incident_id, at);

create table risk_sources (
  id serial primary key,
  name text not null,
  kind text not null check (kind in ('gas_station', 'lpg_user', 'construction_site', 'market', 'school',
                                      'old_building', 'chemical_store', 'flood_prone')),
  level smallint not null check (level between 1 and 4), -- 1 重大 red, 2 较大 orange, 3 一般 yellow, 4 低 blue
  geometry geometry(Geometry, 4326) not null check (ST_IsValid(geometry) and not ST_IsEmpty(geometry)),
  community_id integer references communities (id),
  owner_name text,
  owner_phone text,
  inspection_cycle_days integer check (inspection_cycle_days > 0),
  last_inspected_on date,
  emergency_plan text
);
create index risk_sources_geometry_gist on risk_sources using gist (geometry);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  user_id integer references users (id),
  role text,
  action text not null,
  object_type text,
  object_id text,
  result text not null check (result in ('ok', 'denied', 'failed')),
  client_address text,
  details jsonb
);
create index audit_log_at on audit_log (at);
-- append-only, whoever the application connects as
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = '42501';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

create table policy (
  key text primary key,
  value jsonb not null,
  description_zh text not null,
  description_en text not null
);
insert into policy (key, value, description_zh, description_en) values
  ('grid_households_min', '300', '网格户数下限', 'Grid households: lower target'),
  ('grid_households_max', '500', '网格户数上限', 'Grid households: upper target'),
  ('grid_buildings_population_info', '10', '人口信息网格约含楼栋数', 'Buildings in a population-information grid'),
  ('community_households_target', '1500', '社区户数标准', 'Community households: usual size'),
  ('community_households_max', '2000', '社区户数上限', 'Community households: maximum'),
  ('residents_group_below', '500', '不足此户数的居住区并入邻近社区为居民小组', 'A residential area below this joins the nearest community as a residents'' group'),
  ('station_staff_by_population', '[{"upTo":5000,"staff":3},{"upTo":10000,"staff":5},{"upTo":15000,"staff":6},{"upTo":null,"staff":7}]',
     '城管工作站人员配置（按常住人口）', 'Urban-management station staff by resident population'),
  ('station_staff_extra_for_market', '[2,3]', '有农贸市场或摊贩集中点时增配', 'Extra staff where there is a farmers'' market or vendor cluster');

-- Layers the offline basemap is drawn from (roads, water, green, land use, blocks).
create table basemap_features (
  id serial primary key,
  layer text not null check (layer in ('land', 'water', 'green', 'farmland', 'road', 'block', 'label')),
  class text,                 -- e.g. road: 'main' | 'secondary' | 'alley'
  name text,
  geometry geometry(Geometry, 4326) not null check (ST_IsValid(geometry))
);
create index basemap_features_geometry_gist on basemap_features using gist (geometry);
