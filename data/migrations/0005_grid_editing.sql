-- Grid editing (issue 5): every planner edit — split, merge, reshape, fill, move block, undo —
-- is one row here, naming the grid versions it ended and the versions it created, so the
-- editor's undo/redo can restore a previous layout as new versions (history is never rewritten).

-- Area in m² of a small geometry in degrees: the planar area scaled by the WGS84 ellipsoid's radii
-- of curvature at its mid-latitude. ST_Area(::geography) is numerically unstable for slivers a few
-- 1e-15° wide (floating-point noise along shared edges): it can report 20 m² for a sliver of 1e-6 m².
-- This measure is stable, and within 0.01 % of the geodesic area at grid and community size.
create function area_square_metres(g geometry) returns float8 language sql immutable parallel safe as $$
  select case when g is null then null when ST_IsEmpty(g) then 0::float8 else
    ST_Area(g) * pi() * pi() / 32400.0
      * (6378137.0 * (1 - 0.00669437999014) / power(1 - 0.00669437999014 * sin(radians((ST_YMin(g) + ST_YMax(g)) / 2)) ^ 2, 1.5))
      * (6378137.0 / sqrt(1 - 0.00669437999014 * sin(radians((ST_YMin(g) + ST_YMax(g)) / 2)) ^ 2))
      * cos(radians((ST_YMin(g) + ST_YMax(g)) / 2))
  end $$;

-- The overlap guard of 0001 measured shared area on geography, which over-reports noise slivers
-- (see above) and could refuse a correct layout at commit; it now uses the stable measure.
create or replace function grid_versions_no_overlap() returns trigger language plpgsql as $$
declare
  clash record;
begin
  if new.valid_to is not null then
    return null;
  end if;
  select other.grid_id, other.code,
         area_square_metres(ST_Intersection(other.geometry, new.geometry)) as shared_area
    into clash
    from grid_versions other
   where other.community_id = new.community_id
     and other.grid_id <> new.grid_id
     and other.valid_to is null
     and other.geometry && new.geometry
     and ST_Relate(other.geometry, new.geometry, '2********')
     and area_square_metres(ST_Intersection(other.geometry, new.geometry)) > 0.5
   limit 1;
  if found then
    raise exception 'grid % overlaps grid % by % m²', new.code, clash.code, round(clash.shared_area::numeric, 2)
      using errcode = '23P01', constraint = 'grid_versions_no_overlap';
  end if;
  return null;
end $$;

create table grid_edits (
  id bigserial primary key,
  operation text not null check (operation in ('split', 'merge', 'reshape', 'fill', 'move_block', 'undo')),
  community_id integer not null references communities (id),
  at timestamptz not null default now(),
  changed_by integer references users (id),
  change_note text check (change_note is null or length(change_note) <= 500),
  ended_version_ids bigint[] not null,
  created_version_ids bigint[] not null,
  -- assignments ended because their grid ceased to exist; an undo offers them back
  ended_assignment_ids bigint[] not null default '{}',
  undoes_edit_id bigint references grid_edits (id),
  details jsonb
);
create index grid_edits_community on grid_edits (community_id, id desc);

-- the current versions of a community's grids are read on every edit and figure request
create index grid_versions_current_by_community on grid_versions (community_id) where valid_to is null;

insert into policy (key, value, description_zh, description_en) values
  ('grid_min_area_square_metres', '2000', '网格最小面积（平方米），拆分等编辑不得产生更小的网格',
     'Smallest grid area (m²) an edit such as a split may produce');
