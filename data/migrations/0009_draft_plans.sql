-- Draft plans (issue 6): a planner prepares a new layout for one or more communities, compares it
-- with the live one and publishes it on a date. A plan's layout is a set of grid version ids: live
-- versions it keeps, and versions of its own (plan_grid_versions, numbered from the same sequence
-- as grid_versions so they keep their id when published). Every step of a plan is a row of
-- plan_steps holding the whole resulting layout, so undo inside a plan is pointing back.

create table plans (
  id serial primary key,
  name text not null check (length(name) between 1 and 100),
  note text check (note is null or length(note) <= 1000),
  status text not null default 'draft'
    check (status in ('draft', 'scheduled', 'published', 'discarded', 'conflicted')),
  -- the communities the plan covers (existing ones; communities a plan creates are in plan_communities)
  community_ids integer[] not null check (cardinality(community_ids) between 1 and 50),
  -- the live versions of those communities when the plan was opened or last rebased
  base_version_ids bigint[] not null,
  -- a plan that restores the layout another published plan replaced
  rolls_back_plan_id integer references plans (id),
  created_by integer references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  effective_at timestamptz,
  published_at timestamptz,
  published_by integer references users (id), -- who published it, or scheduled it for publication
  discarded_at timestamptz,
  -- why a scheduled publication was refused when it fell due
  status_reason text,
  check ((status = 'published') = (published_at is not null))
);
create index plans_status on plans (status, id desc);

create table plan_grid_versions (
  id bigint primary key default nextval('grid_versions_id_seq'),
  plan_id integer not null references plans (id),
  -- an existing grid, or one the plan creates (numbered from grids_id_seq; its row is written on publish)
  grid_id integer not null,
  community_id integer not null,
  code text not null check (code ~ '^[0-9]{15}$'),
  name text not null check (length(name) between 1 and 100),
  geometry geometry(MultiPolygon, 4326) not null check (ST_IsValid(geometry) and not ST_IsEmpty(geometry)),
  created_at timestamptz not null default now()
);
create index plan_grid_versions_plan on plan_grid_versions (plan_id);

create table plan_steps (
  id bigserial primary key,
  plan_id integer not null references plans (id),
  step integer not null check (step >= 0),
  operation text not null check (operation in
    ('open', 'split', 'merge', 'reshape', 'fill', 'move_block', 'create_community', 'undo', 'rebase', 'import')),
  at timestamptz not null default now(),
  changed_by integer references users (id),
  change_note text check (change_note is null or length(change_note) <= 500),
  -- the plan's whole layout after this step
  version_ids bigint[] not null,
  -- communities after this step: [{communityId, isNew, streetId, code, name, boundary (hex EWKB), fromCommunityId}]
  communities jsonb not null,
  undoes_step integer,
  details jsonb,
  unique (plan_id, step)
);

-- who published a layout and under which plan: the grid page's history names the plan
alter table grid_versions add column plan_id integer references plans (id);
alter table grid_edits add column plan_id integer references plans (id);
alter table grid_edits drop constraint grid_edits_operation_check;
alter table grid_edits add constraint grid_edits_operation_check
  check (operation in ('split', 'merge', 'reshape', 'fill', 'move_block', 'undo', 'publish'));

-- why and by whom an assignment ended, beside why and by whom it began (until now the end reason
-- was appended to `reason`): two lifecycles, two pairs of columns
alter table grid_assignments add column ended_by integer references users (id);
alter table grid_assignments add column end_reason text check (end_reason is null or length(end_reason) <= 500);
alter table grid_assignments add constraint grid_assignments_end_recorded check (ended_at is not null or (ended_by is null and end_reason is null));

insert into policy (key, value, description_zh, description_en) values
  ('plan_backdate_max_days', '7', '方案生效日期最多可追溯的天数', 'How many days in the past a plan''s effective date may lie');
