-- Population and community structure (issue 19, essays 第4篇 and 第8篇).
-- Residents' groups (居民小组): a residential area of a community with its own leader.
-- Household movements: who moved in and out, month by month (the households table holds only
-- who lives here now). Population information grids (人口信息网格): about ten buildings inside
-- one comprehensive grid version, each with one 人口信息员.

create table residents_groups (
  id serial primary key,
  community_id integer not null references communities (id),
  name text not null check (char_length(name) between 1 and 100),
  -- the residential area (小区 / 村) the group is drawn around
  complex_name text,
  leader_name text check (leader_name is null or char_length(leader_name) between 1 and 50),
  leader_phone text check (leader_phone is null or leader_phone ~ '^[0-9-]{5,20}$'),
  boundary geometry(MultiPolygon, 4326) not null check (ST_IsValid(boundary) and not ST_IsEmpty(boundary)),
  created_at timestamptz not null default now(),
  unique (community_id, name)
);
create index residents_groups_boundary_gist on residents_groups using gist (boundary);

-- A residents' group lies inside its community (10 cm of floating-point noise allowed). Predicates on a
-- slightly buffered boundary rather than overlay (ST_Difference): they cannot fail on nearly-coincident edges.
create function residents_groups_inside_community() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from communities c where c.id = new.community_id and ST_CoveredBy(new.boundary, ST_Buffer(c.boundary, 1e-6))) then
    raise exception 'residents'' group % lies outside its community', new.name
      using errcode = '23514', constraint = 'residents_groups_inside_community';
  end if;
  return new;
end $$;
create trigger residents_groups_inside_community before insert or update of boundary, community_id on residents_groups
  for each row execute function residents_groups_inside_community();

create table household_movements (
  id bigserial primary key,
  -- the household that moved in (still here) or null for one that has since left
  household_id integer references households (id) on delete set null,
  building_id integer not null references buildings (id),
  grid_id integer not null references grids (id),
  direction text not null check (direction in ('in', 'out')),
  moved_on date not null,
  persons smallint not null check (persons between 0 and 50),
  check (direction = 'in' or household_id is null)
);
create index household_movements_grid_day on household_movements (grid_id, moved_on);

create table info_grids (
  id serial primary key,
  grid_id integer not null references grids (id),
  -- the grid version the information grid was drawn inside; a new grid version needs new ones
  grid_version_id bigint not null references grid_versions (id),
  sequence smallint not null check (sequence between 1 and 999),
  name text not null check (char_length(name) between 1 and 100),
  geometry geometry(MultiPolygon, 4326) not null check (ST_IsValid(geometry) and not ST_IsEmpty(geometry)),
  information_officer text check (information_officer is null or char_length(information_officer) between 1 and 50),
  officer_phone text check (officer_phone is null or officer_phone ~ '^[0-9-]{5,20}$'),
  created_at timestamptz not null default now(),
  unique (grid_version_id, sequence)
);
create index info_grids_geometry_gist on info_grids using gist (geometry);
create index info_grids_grid on info_grids (grid_id);

-- every building is in exactly one information grid of a grid version
create table info_grid_buildings (
  grid_version_id bigint not null references grid_versions (id),
  building_id integer not null references buildings (id),
  info_grid_id integer not null references info_grids (id) on delete cascade,
  primary key (grid_version_id, building_id)
);
create index info_grid_buildings_info_grid on info_grid_buildings (info_grid_id);

-- An information grid never crosses its parent grid version, nor overlaps a sibling (10 cm of
-- floating-point noise allowed along edges; predicates, not overlay, as above).
create function info_grids_inside_parent() returns trigger language plpgsql as $$
declare
  clash integer;
begin
  if not exists (select 1 from grid_versions v where v.id = new.grid_version_id and v.grid_id = new.grid_id
                    and ST_CoveredBy(new.geometry, ST_Buffer(v.geometry, 1e-6))) then
    raise exception 'information grid % lies outside its grid', new.name
      using errcode = '23514', constraint = 'info_grids_inside_parent';
  end if;
  select other.id into clash from info_grids other
   where other.grid_version_id = new.grid_version_id and other.id <> new.id
     and other.geometry && new.geometry
     and ST_Intersects(ST_Buffer(other.geometry, -1e-6), ST_Buffer(new.geometry, -1e-6))
   limit 1;
  if found then
    raise exception 'information grid % overlaps information grid %', new.name, clash
      using errcode = '23P01', constraint = 'info_grids_no_overlap';
  end if;
  return null;
end $$;
create constraint trigger info_grids_inside_parent after insert or update of geometry, grid_version_id on info_grids
  deferrable initially deferred
  for each row execute function info_grids_inside_parent();

