-- 城管 duties (issue 18; essays 第3篇 and 第7篇): the people who carry a duty, the back-street register
-- cut into responsibility sections (定点定岗定人定责), community urban-management stations with their
-- roster and equipment ledger, key-point duty posts with a weekly roster and check-ins, and
-- inspections of back-street sections whose findings become incidents.

-- Whoever can be responsible for a stretch or a shift: a station team member, a grid worker, a
-- cleaning contractor, a property company. `left_on` set = the person has left and may carry no duty.
create table duty_people (
  id serial primary key,
  name text not null check (length(btrim(name)) between 1 and 100),
  kind text not null check (kind in ('station_member', 'grid_worker', 'cleaning_contractor', 'property_company', 'other')),
  worker_id integer references workers (id),
  organisation text,
  duty_phone text,
  community_id integer references communities (id),
  left_on date,
  created_at timestamptz not null default now(),
  check ((kind = 'grid_worker') = (worker_id is not null))
);
create unique index duty_people_worker_unique on duty_people (worker_id) where worker_id is not null;

-- Back streets and alleys (背街小巷) as lines; the length is the geodesic one, fixed at insert.
create table back_streets (
  id serial primary key,
  street_id integer not null references streets (id),
  community_id integer references communities (id),
  name text not null check (length(btrim(name)) between 1 and 100),
  geometry geometry(LineString, 4326) not null check (ST_IsValid(geometry) and not ST_IsEmpty(geometry)),
  length_metres double precision not null check (length_metres > 0),
  basemap_feature_id integer unique references basemap_features (id),
  created_at timestamptz not null default now()
);
create index back_streets_geometry_gist on back_streets using gist (geometry);

-- A responsibility section (片/块): a stretch [from_metres, to_metres) of one back street, measured
-- from its first vertex. Two sections of one street may not share a stretch (exclusion constraint);
-- sections of different streets that lie on top of each other are refused by the trigger below.
create table back_street_sections (
  id serial primary key,
  back_street_id integer not null references back_streets (id),
  name text not null check (length(btrim(name)) between 1 and 100),
  grade smallint not null check (grade between 1 and 3),
  from_metres double precision not null check (from_metres >= 0),
  to_metres double precision not null,
  geometry geometry(LineString, 4326) not null check (ST_IsValid(geometry) and not ST_IsEmpty(geometry)),
  responsible_person_id integer references duty_people (id),
  post text not null check (length(btrim(post)) between 1 and 100),
  fixed_points geometry(MultiPoint, 4326),
  duties text not null check (length(btrim(duties)) between 1 and 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (to_metres > from_metres),
  constraint back_street_sections_no_overlap
    exclude using gist (back_street_id with =, numrange(from_metres::numeric, to_metres::numeric, '[)') with &&)
);
create index back_street_sections_geometry_gist on back_street_sections using gist (geometry);
create index back_street_sections_person on back_street_sections (responsible_person_id);

-- A stretch lying in two sections of different streets (drawn twice) is a double assignment: refused.
create function back_street_sections_no_shared_stretch() returns trigger language plpgsql as $$
begin
  if exists (
    select 1 from back_street_sections other
     where other.id <> new.id and other.back_street_id <> new.back_street_id
       and other.geometry && new.geometry
       and ST_Length(ST_Intersection(other.geometry, new.geometry)::geography) > 1
  ) then
    raise exception using errcode = '23P01', constraint = 'back_street_sections_no_shared_stretch',
      message = 'back_street_sections_no_shared_stretch';
  end if;
  return null;
end $$;
create constraint trigger back_street_sections_no_shared_stretch
  after insert or update of geometry on back_street_sections
  deferrable initially deferred
  for each row execute function back_street_sections_no_shared_stretch();

-- Community urban-management stations (社区城管工作站, 第7篇).
create table urban_stations (
  id serial primary key,
  community_id integer not null unique references communities (id),
  name text not null check (length(btrim(name)) between 1 and 100),
  office_address text,
  office_area_square_metres double precision check (office_area_square_metres is null or office_area_square_metres > 0),
  has_vendor_cluster boolean not null default false,
  created_at timestamptz not null default now()
);

-- The roster with its history: head (the community director), deputy, full-time team members.
create table station_memberships (
  id serial primary key,
  station_id integer not null references urban_stations (id),
  person_id integer not null references duty_people (id),
  role text not null check (role in ('head', 'deputy', 'member')),
  joined_on date not null,
  left_on date,
  check (left_on is null or left_on > joined_on),
  -- one station and one role at a time
  constraint station_memberships_one_at_a_time exclude using gist (person_id with =, daterange(joined_on, left_on, '[)') with &&)
);
create unique index station_memberships_one_head on station_memberships (station_id) where role = 'head' and left_on is null;
create unique index station_memberships_one_deputy on station_memberships (station_id) where role = 'deputy' and left_on is null;

-- Equipment ledger (电瓶车, 对讲, 取证): entries add or remove items; the stock is their sum.
create table station_equipment_entries (
  id serial primary key,
  station_id integer not null references urban_stations (id),
  kind text not null check (kind in ('e_bike', 'radio', 'evidence_camera', 'computer', 'other')),
  quantity_change integer not null check (quantity_change <> 0),
  recorded_on date not null,
  note text,
  recorded_by integer references users (id),
  created_at timestamptz not null default now()
);
create index station_equipment_entries_station on station_equipment_entries (station_id);

-- Monthly 讲评 and half-year summaries per team member.
create table station_reviews (
  id serial primary key,
  station_id integer not null references urban_stations (id),
  person_id integer not null references duty_people (id),
  kind text not null check (kind in ('monthly', 'half_year')),
  period text not null check ((kind = 'monthly' and period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$') or (kind = 'half_year' and period ~ '^[0-9]{4}-H[12]$')),
  note text not null check (length(btrim(note)) between 1 and 4000),
  recorded_by integer references users (id),
  created_at timestamptz not null default now(),
  unique (person_id, kind, period)
);

-- Key-point duty posts (定人定时守点执勤) around farmers' markets, schools and vendor clusters.
create table duty_posts (
  id serial primary key,
  community_id integer references communities (id),
  name text not null check (length(btrim(name)) between 1 and 100),
  kind text not null check (kind in ('market', 'school', 'vendor_cluster', 'other')),
  location geometry(Point, 4326) not null check (ST_IsValid(location)),
  radius_metres integer not null check (radius_metres between 10 and 2000),
  opens_at time not null,
  closes_at time not null,
  risk_source_id integer references risk_sources (id),
  created_at timestamptz not null default now(),
  check (closes_at > opens_at)
);

-- The weekly roster: person, post, weekday (1 = Monday … 7 = Sunday), time slot inside the post's hours.
create table duty_shifts (
  id serial primary key,
  post_id integer not null references duty_posts (id),
  person_id integer not null references duty_people (id),
  weekday smallint not null check (weekday between 1 and 7),
  starts_at time not null,
  ends_at time not null,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index duty_shifts_post on duty_shifts (post_id, weekday);

create function duty_shifts_inside_post_hours() returns trigger language plpgsql as $$
begin
  if exists (select 1 from duty_posts p where p.id = new.post_id and (new.starts_at < p.opens_at or new.ends_at > p.closes_at)) then
    raise exception using errcode = '23514', constraint = 'duty_shifts_inside_post_hours', message = 'duty_shifts_inside_post_hours';
  end if;
  return new;
end $$;
create trigger duty_shifts_inside_post_hours before insert or update on duty_shifts
  for each row execute function duty_shifts_inside_post_hours();

-- A check-in on the phone: where the person stood, and how far that was from the post.
create table duty_check_ins (
  id serial primary key,
  shift_id integer not null references duty_shifts (id),
  person_id integer not null references duty_people (id),
  duty_date date not null,
  checked_in_at timestamptz not null default now(),
  location geometry(Point, 4326) not null,
  distance_metres double precision not null check (distance_metres >= 0),
  unique (shift_id, duty_date)
);

create function duty_check_ins_within_radius() returns trigger language plpgsql as $$
begin
  if exists (select 1 from duty_shifts s join duty_posts p on p.id = s.post_id
              where s.id = new.shift_id and ST_Distance(p.location::geography, new.location::geography) > p.radius_metres) then
    raise exception using errcode = '23514', constraint = 'duty_check_ins_within_radius', message = 'duty_check_ins_within_radius';
  end if;
  return new;
end $$;
create trigger duty_check_ins_within_radius before insert or update on duty_check_ins
  for each row execute function duty_check_ins_within_radius();

-- Inspections of a section: scheduled rounds (定期检查) and spot checks (不定期巡查), with the route
-- walked (a GPS track or tapped points) and photos; each finding became an incident.
create table back_street_inspections (
  id serial primary key,
  section_id integer not null references back_street_sections (id),
  kind text not null check (kind in ('scheduled', 'spot')),
  inspector_user_id integer not null references users (id),
  started_at timestamptz not null,
  finished_at timestamptz not null,
  route geometry(Geometry, 4326) check (route is null or GeometryType(route) in ('LINESTRING', 'MULTIPOINT', 'POINT')),
  photos text[] not null default '{}',
  note text,
  created_at timestamptz not null default now(),
  check (finished_at >= started_at)
);
create index back_street_inspections_section on back_street_inspections (section_id, finished_at desc);

create table back_street_findings (
  id serial primary key,
  inspection_id integer not null references back_street_inspections (id),
  category_code text not null,
  description text not null,
  location geometry(Point, 4326) not null,
  photos text[] not null default '{}',
  incident_id integer not null references incidents (id)
);

insert into policy (key, value, description_zh, description_en) values
  ('back_street_inspection_days_by_grade', '[1, 3, 7]', '背街小巷定期检查周期（天，按一、二、三级）', 'Back-street scheduled inspection cycle in days, by grade 1, 2, 3'),
  ('station_office_min_square_metres', '25', '城管工作站办公场所最小面积（平方米）', 'Urban-management station office: minimum floor area (m²)')
on conflict (key) do nothing;
