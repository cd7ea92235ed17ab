-- Issue 21, "Also": incidents partitioned by month of reported_at, incident_events by month of at
-- (declarative range partitioning), one partition per calendar month (UTC), a DEFAULT partition each
-- so that no insert ever fails (an import replaying 2019, a clock running ahead), and
-- ensure_incident_partitions() to add months and move rows out of the DEFAULT partition. The heatmap
-- window, the KPI periods and the desk's dated queries read only the months they cover.
--
-- Both databases get the same tables (PGlite runs the same PostgreSQL, partitions included): one
-- schema, one SQL code path, no branch in this file. The embedded database holds few months, so it
-- pays little for them (a few more catalog rows and plans over a handful of partitions).
--
-- ── Keys and references: incident_keys ──────────────────────────────────────────────────────
-- A partitioned table's primary key and unique constraints must contain the partition column, so
-- incidents can no longer promise by itself that id, tracking_code or idempotency_key is unique, and a
-- foreign key cannot reference incidents (id) alone. Instead of composite references (every table that
-- points at a case, and every writer, carrying reported_at), one small unpartitioned table,
-- incident_keys (id, tracking_code, idempotency_key), holds the three unique keys with real unique
-- constraints, and the five references (incidents.duplicate_of, notifications, incident_events,
-- back_street_findings, emergencies) are ordinary foreign keys to incident_keys (id). Triggers on
-- incidents keep it exact:
--   * BEFORE INSERT (row): claims the keys. An id or tracking code used before (in any month) fails
--     with unique_violation, as before; an idempotency key used before skips the row, which is what
--     the former "on conflict (idempotency_key) do nothing" did (a partitioned table cannot have
--     that index, so the insert statements no longer say it: the trigger is the one place).
--   * AFTER UPDATE OF tracking_code, idempotency_key (row): the keys follow.
--   * BEFORE UPDATE OF id, reported_at (row): refused — a case's id and time of report are fixed
--     (nothing changes them; a changed reported_at would move the row to another partition).
--   * AFTER DELETE (row): the key goes, and the foreign keys on incident_keys refuse the delete of a
--     case something still references, exactly as the foreign keys on incidents did.
-- Integrity stays with the database and with PostgreSQL's own foreign-key machinery (row locks
-- against a concurrent delete included), rather than hand-written existence checks per statement;
-- only the pairing of a case with its key rests on the triggers above.
-- Cost, measured on PostgreSQL 15 (1,000 cases with their 'report' events in one statement, the
-- ingestion's insertIncidents shape, rolled back, median of 11 on a shared 2-core machine): 89 ms
-- before, 107 ms after, ≈ 20 ms of it the key trigger (docs/scaling.md, step 4).
--
-- A lookup by id alone (the case page) has no reported_at: it probes every month's primary key
-- (id, reported_at), whose leading column is the id.

-- ── 1. The keys, from the existing rows ──────────────────────────────────────────────────────
create table incident_keys (
  id bigint primary key,
  tracking_code text not null constraint incident_keys_tracking_code_key unique,
  idempotency_key text constraint incident_keys_idempotency_key_key unique
);
comment on table incident_keys is
  'the unique keys of incidents (partitioned by month, which cannot hold them) and the target of every foreign key to a case';
insert into incident_keys (id, tracking_code, idempotency_key)
  select id, tracking_code, idempotency_key from incidents;

-- ── 2. The references leave the old table ────────────────────────────────────────────────────
alter table incidents drop constraint incidents_duplicate_of_fkey;
alter table notifications drop constraint notifications_incident_id_fkey;
alter table incident_events drop constraint incident_events_incident_id_fkey;
alter table back_street_findings drop constraint back_street_findings_incident_id_fkey;
alter table emergencies drop constraint emergencies_incident_id_fkey;

-- ── 3. The old tables step aside; their sequences stay (same objects, same next values) ──────
alter sequence incidents_id_seq owned by none;
alter sequence incident_events_id_seq owned by none;
alter table incidents rename to incidents_before_0027;
alter table incident_events rename to incident_events_before_0027;

-- ── 4. The partitioned tables: same columns, order, defaults and comments ──────────────────────
create table incidents (like incidents_before_0027 including defaults including comments)
  partition by range (reported_at);
create table incident_events (like incident_events_before_0027 including defaults including comments)
  partition by range (at);
-- the owner of the old tables (who may not be the role migrating) owns the new ones and the sequences
do $$
begin
  execute format('alter table incidents owner to %I', (select r.rolname from pg_class c join pg_roles r on r.oid = c.relowner where c.oid = 'incidents_before_0027'::regclass));
  execute format('alter table incident_events owner to %I', (select r.rolname from pg_class c join pg_roles r on r.oid = c.relowner where c.oid = 'incident_events_before_0027'::regclass));
end $$;
alter sequence incidents_id_seq owned by incidents.id;
alter sequence incident_events_id_seq owned by incident_events.id;
create table incidents_default partition of incidents default;
create table incident_events_default partition of incident_events default;

-- ── 5. Monthly partitions, and the function that adds them ───────────────────────────────────
-- One month of one table. Without rows for it in the DEFAULT partition: CREATE … PARTITION OF.
-- With such rows (a case reported beyond the months that existed): the month is built as a plain
-- table, the rows move into it from DEFAULT, it gets the parent's checks (NOT VALID ones stay NOT
-- VALID) and is attached. The move deletes from the DEFAULT partition with the key-releasing trigger
-- disabled for this transaction's statement only (the keys stay: the cases only change partition).
create function ensure_month_partition(p_parent text, p_column text, p_month_start timestamptz)
returns boolean language plpgsql as $$
declare
  month_end timestamptz := ((p_month_start at time zone 'UTC') + interval '1 month') at time zone 'UTC';
  partition_name text := p_parent || '_' || to_char(p_month_start at time zone 'UTC', 'YYYY_MM');
  default_name text := p_parent || '_default';
  waiting boolean;
  checks record;
begin
  if to_regclass(partition_name) is not null then return false; end if;
  execute format('select exists (select 1 from %I where %I >= $1 and %I < $2)', default_name, p_column, p_column)
    into waiting using p_month_start, month_end;
  if not waiting then
    execute format('create table %I partition of %I for values from (%L) to (%L)',
                   partition_name, p_parent, p_month_start, month_end);
    return true;
  end if;
  execute format('create table %I (like %I including defaults)', partition_name, p_parent);
  if p_parent = 'incidents' then
    alter table incidents_default disable trigger incidents_release_key;
  end if;
  execute format('with moved as (delete from %I where %I >= $1 and %I < $2 returning *) insert into %I select * from moved',
                 default_name, p_column, p_column, partition_name) using p_month_start, month_end;
  if p_parent = 'incidents' then
    alter table incidents_default enable trigger incidents_release_key;
  end if;
  for checks in
    select conname, pg_get_constraintdef(oid) as definition from pg_constraint
     where conrelid = p_parent::regclass and contype = 'c' order by conname
  loop
    execute format('alter table %I add constraint %I %s', partition_name, checks.conname, checks.definition);
  end loop;
  execute format('alter table %I attach partition %I for values from (%L) to (%L)',
                 p_parent, partition_name, p_month_start, month_end);
  return true;
end $$;

-- Every month (UTC) from p_from to p_to, both tables; returns how many partitions it created.
create function ensure_incident_partitions(p_from timestamptz, p_to timestamptz)
returns integer language plpgsql as $$
declare
  month_start timestamptz := date_trunc('month', p_from at time zone 'UTC') at time zone 'UTC';
  created integer := 0;
begin
  -- one caller at a time (two processes starting together); the lock ends with the transaction
  perform pg_advisory_xact_lock(7431202625);
  while month_start < p_to loop
    if ensure_month_partition('incidents', 'reported_at', month_start) then created := created + 1; end if;
    if ensure_month_partition('incident_events', 'at', month_start) then created := created + 1; end if;
    month_start := ((month_start at time zone 'UTC') + interval '1 month') at time zone 'UTC';
  end loop;
  return created;
end $$;

-- What the server calls at start and the demo loader after a load: every month that has rows in a
-- DEFAULT partition, and the current month with the three after it (a server runs weeks between
-- restarts; a month ahead of that still lands, in DEFAULT, and moves at the next start).
create function ensure_incident_partitions() returns integer language plpgsql as $$
declare
  earliest timestamptz := least(now(), (select min(reported_at) from incidents_default),
                                (select min(at) from incident_events_default));
  latest timestamptz := greatest(now() + interval '3 months',
                                 (select max(reported_at) + interval '1 microsecond' from incidents_default),
                                 (select max(at) + interval '1 microsecond' from incident_events_default));
begin
  return ensure_incident_partitions(earliest, latest);
end $$;

-- the months the existing rows need (before the key trigger exists: the move path is not taken here)
select ensure_incident_partitions(
  least(now(), (select min(reported_at) from incidents_before_0027), (select min(at) from incident_events_before_0027)),
  greatest(now() + interval '3 months',
           (select max(reported_at) + interval '1 microsecond' from incidents_before_0027),
           (select max(at) + interval '1 microsecond' from incident_events_before_0027)));

-- the months and the keys belong to the tables' owner too (ensure_incident_partitions moves rows
-- between partitions directly); a no-op when the owner migrates, as usual
do $$
declare
  owner_name text := (select r.rolname from pg_class c join pg_roles r on r.oid = c.relowner where c.oid = 'incidents'::regclass);
  partition_name text;
begin
  execute format('alter table incident_keys owner to %I', owner_name);
  for partition_name in
    select c.relname from pg_inherits h join pg_class c on c.oid = h.inhrelid
     where h.inhparent in ('incidents'::regclass, 'incident_events'::regclass)
  loop
    execute format('alter table %I owner to %I', partition_name, owner_name);
  end loop;
end $$;

-- ── 6. The rows, ids kept ────────────────────────────────────────────────────────────────────
insert into incidents select * from incidents_before_0027;
insert into incident_events select * from incident_events_before_0027;
drop table incident_events_before_0027;
drop table incidents_before_0027;
-- the sequences are the same objects and were never reset; this only guards a hand-edited database
select setval('incidents_id_seq', max(id)) from incidents having max(id) > (select last_value from incidents_id_seq);
select setval('incident_events_id_seq', max(id)) from incident_events having max(id) > (select last_value from incident_events_id_seq);

-- ── 7. Keys, checks and indexes (every former index name, on the partitioned parents) ──────────
alter table incidents add constraint incidents_pkey primary key (id, reported_at);
alter table incident_events add constraint incident_events_pkey primary key (id, at);
alter table incidents
  add constraint incidents_check check (duplicate_of is null or duplicate_of <> id),
  add constraint incidents_check1 check ((rejection_reason = 'duplicate') = (duplicate_of is not null)),
  add constraint incidents_check2 check ((satisfaction is null) = (satisfaction_rated_at is null)),
  add constraint incidents_check3 check ((published_by_user_id is null) = (published_at is null)),
  add constraint incidents_check4 check (not (hidden_from_public and published_at is not null)),
  add constraint incidents_description_check check (length(description) between 1 and 2000),
  add constraint incidents_public_summary_check check (public_summary is null or char_length(public_summary) between 1 and 500),
  add constraint incidents_rejection_reason_check check (rejection_reason in ('invalid', 'duplicate')),
  add constraint incidents_rework_count_check check (rework_count >= 0),
  add constraint incidents_satisfaction_check check (satisfaction in ('satisfied', 'basically_satisfied', 'dissatisfied')),
  add constraint incidents_source_check check (source in ('patrol', 'resident', 'hotline', 'referral', 'sensor')),
  add constraint incidents_status_check check (status in ('reported', 'registered', 'rejected', 'dispatched', 'handling',
                                                          'handled', 'checked', 'closed', 'rework', 'backlog')),
  add constraint incidents_supporter_count_check check (supporter_count >= 0);
-- 0021: NOT VALID on purpose (rows written in clear before it are sealed at start, in TypeScript)
alter table incidents
  add constraint incidents_reporter_phone_sealed check (reporter_phone is null or reporter_phone like 'enc:v1:%') not valid,
  add constraint incidents_reporter_name_sealed check (reporter_name is null or reporter_name like 'enc:v1:%') not valid;
alter table incident_events
  add constraint incident_events_note_code_params check ((note_code is null) = (note_params is null));

-- the two former unique constraints' names, now plain indexes (the keys are unique in incident_keys):
-- lookups by tracking code and by idempotency key still find their month through them
create index incidents_tracking_code_key on incidents (tracking_code);
create index incidents_idempotency_key_key on incidents (idempotency_key);
create index incidents_location_gist on incidents using gist (location);
create index incidents_status on incidents (status);
create index incidents_grid on incidents (grid_id);
create index incidents_assigned_worker on incidents (assigned_worker_id) where assigned_worker_id is not null;
create index incidents_due_open on incidents (due_at)
  where status in ('registered', 'dispatched', 'handling', 'rework') and escalated_at is null;
create index incidents_category_reported on incidents (category_code, reported_at);
create index incidents_closed_at on incidents (closed_at) where closed_at is not null;
create index incidents_handled_at on incidents (handled_at) where handled_at is not null;
create index incidents_due_at on incidents (due_at) where due_at is not null;
create index incidents_satisfaction_rated_at on incidents (satisfaction_rated_at) where satisfaction_rated_at is not null;
create index incidents_patrol_reported_at on incidents (reported_at) where source = 'patrol';
create index incidents_reported_at_points on incidents (reported_at) include (category_code, location);
create index incident_events_incident on incident_events (incident_id, at);
create index incident_events_rework_at on incident_events (at) where to_status = 'rework';

-- ── 8. Foreign keys: the incidents' own, and the five references, now to incident_keys ─────────
alter table incidents
  add constraint incidents_api_key_id_fkey foreign key (api_key_id) references api_keys (id),
  add constraint incidents_assigned_user_id_fkey foreign key (assigned_user_id) references users (id),
  add constraint incidents_assigned_worker_id_fkey foreign key (assigned_worker_id) references workers (id),
  add constraint incidents_category_code_fkey foreign key (category_code) references incident_categories (code),
  add constraint incidents_checked_by_user_id_fkey foreign key (checked_by_user_id) references users (id),
  add constraint incidents_community_id_fkey foreign key (community_id) references communities (id),
  add constraint incidents_grid_id_fkey foreign key (grid_id) references grids (id),
  add constraint incidents_handled_by_user_id_fkey foreign key (handled_by_user_id) references users (id),
  add constraint incidents_hidden_by_user_id_fkey foreign key (hidden_by_user_id) references users (id),
  add constraint incidents_published_by_user_id_fkey foreign key (published_by_user_id) references users (id),
  add constraint incidents_reporter_user_id_fkey foreign key (reporter_user_id) references users (id),
  add constraint incidents_duplicate_of_fkey foreign key (duplicate_of) references incident_keys (id);
alter table incident_events
  add constraint incident_events_actor_user_id_fkey foreign key (actor_user_id) references users (id),
  add constraint incident_events_incident_id_fkey foreign key (incident_id) references incident_keys (id);
alter table notifications add constraint notifications_incident_id_fkey foreign key (incident_id) references incident_keys (id);
alter table back_street_findings
  add constraint back_street_findings_incident_id_fkey foreign key (incident_id) references incident_keys (id);
alter table emergencies add constraint emergencies_incident_id_fkey foreign key (incident_id) references incident_keys (id);

-- ── 9. Triggers: 0019's emergency clock, 0024's data revision, and the keys ────────────────────
create trigger incidents_emergency_clock before insert on incidents
  for each row execute function incidents_emergency_clock();
create trigger incidents_bump_point_data_revision after insert or update or delete on incidents
  for each statement execute function bump_point_data_revision();

create function incidents_claim_keys() returns trigger language plpgsql as $$
begin
  insert into incident_keys (id, tracking_code, idempotency_key)
    values (new.id, new.tracking_code, new.idempotency_key)
    on conflict (idempotency_key) do nothing;
  if not found then return null; end if;  -- the idempotency key was used: an idempotent repeat, not inserted
  return new;
end $$;
create trigger incidents_claim_keys before insert on incidents
  for each row execute function incidents_claim_keys();

create function incidents_follow_keys() returns trigger language plpgsql as $$
begin
  update incident_keys set tracking_code = new.tracking_code, idempotency_key = new.idempotency_key where id = new.id;
  return null;
end $$;
create trigger incidents_follow_keys after update of tracking_code, idempotency_key on incidents
  for each row when (old.tracking_code is distinct from new.tracking_code or old.idempotency_key is distinct from new.idempotency_key)
  execute function incidents_follow_keys();

create function incidents_fixed_keys() returns trigger language plpgsql as $$
begin
  raise exception 'an incident''s id and reported_at do not change (incident %)', old.id using errcode = 'check_violation';
end $$;
create trigger incidents_fixed_keys before update of id, reported_at on incidents
  for each row when (old.id is distinct from new.id or old.reported_at is distinct from new.reported_at)
  execute function incidents_fixed_keys();

create function incidents_release_key() returns trigger language plpgsql as $$
begin
  delete from incident_keys where id = old.id;
  return null;
end $$;
create trigger incidents_release_key after delete on incidents
  for each row execute function incidents_release_key();

analyze incidents;
analyze incident_events;
analyze incident_keys;
