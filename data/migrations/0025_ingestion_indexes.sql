-- Issue 21 §4: fewer index writes per ingested case. A batch of 1,000 reports inserts 1,000 cases and
-- their 1,000 'report' events in one statement; each row is written to the heap and to every index
-- whose predicate it meets. Indexes a new case ('reported', no worker, no deadline unless an
-- emergency, not closed, handled or rated) was written to before this migration: incidents_pkey,
-- incidents_tracking_code_key, incidents_idempotency_key_key (a null key too), incidents_location_gist,
-- incidents_location_geography, incidents_status, incidents_grid, incidents_assigned_worker (a null
-- worker too), incidents_category_reported, incidents_source_reported_at, incidents_reported_at_points;
-- a report event: incident_events_pkey, incident_events_incident, incident_events_to_status_at. The
-- partial indexes incidents_due_open, incidents_due_at, incidents_closed_at, incidents_handled_at and
-- incidents_satisfaction_rated_at take no new case (incidents_due_at: an emergency one).
--
-- Below, four of those fourteen writes go. Each query an index served was checked with EXPLAIN
-- (ANALYZE) at 10× the demo zone (191,421 cases, 1,336,376 events) on PostgreSQL 15 before and after
-- (times on a shared 2-core machine, load 4–7: read the costs first); every plan kept the same or a
-- lower cost but one, +0.2 % (nearby open reports, below). Measured: WAL of the ingestion statement
-- for 1,000 cases 13,142 records / 2.09 MB → 10,063 / 1.00 MB, for their events 4,047 / 385 kB →
-- 3,037 / 269 kB; backend CPU of the statement, median of 40, 66.6 → 57.9 ms (BENCHMARKS.md, issue 21).
--
-- Kept, and why: the primary and unique keys; incidents_location_gist (map, tiles, OGC bbox, and now
-- the radius searches below); incidents_status (BitmapAnd with the worker for "my open cases", the
-- queues by status and their counts: a few hundred open cases among 191,421); incidents_grid (a grid's
-- KPIs, cases, vacancy counts); incidents_category_reported (duplicate suggestions and the residents'
-- "nearby open reports", both category + time window); incidents_reported_at_points (heatmap, lists in
-- report order, KPI periods); incident_events_incident (a case's history, the foreign key, KPI rework
-- probes). Triggers: incidents_bump_point_data_revision is already per statement. The row trigger
-- incidents_emergency_clock stays per row: it sets NEW.due_at before the row is written, which the
-- insert's RETURNING (the answer and the live event) reads; a statement trigger could only UPDATE the
-- emergency cases afterwards (a second version of the row and of every index entry) and RETURNING
-- would miss the deadline. The remaining row triggers are PostgreSQL's foreign-key checks.

-- ── 1. incidents_location_geography: the radius searches use the geometry GiST ─────────────────
-- Three queries searched within a radius in metres with ST_DWithin on geography, which only the
-- GiST on (location::geography) could serve: duplicate suggestions (suggestDuplicates, 1,000 probes
-- after each batch), a risk source's nearby incidents (listIncidentsNear) and a resident's nearby
-- open reports (findNearbyOpenReports). Each now adds `location && geography_search_box(centre, r)`,
-- a lon/lat box that holds every point within r metres on the spheroid, served by
-- incidents_location_gist; the ST_DWithin on geography stays as the exact test, so the rows are the
-- same (checked at 10×: 16,156 cases' duplicates at 50 m and 500 m, 2,170 and 24,918 pairs, and every
-- risk source at 300 m, 98,066 pairs: none missing; test/incidents/incident-placement.test.ts).
-- 10× EXPLAIN ANALYZE, before → after:
--   duplicates of a batch of 1,000 new cases (3 batches each): nested loop, BitmapAnd of the geography
--     GiST (83–133 rows a probe, 0.037–0.045 ms) and category_reported, cost 32,379, 82–91 ms →
--     BitmapAnd of location_gist (69–183 rows, 0.014–0.021 ms) and category_reported, cost 32,262, 74–95 ms
--   risk source 38 (a polygon), 300 m, 90 days: index scan on the geography GiST, cost 1,749, 15.2 ms →
--     index scan on location_gist, cost 591, 13.5 ms
--   nearby open reports (one category, 100 m): BitmapAnd geography GiST + category_reported, cost 91.43,
--     0.46 ms → the same with location_gist, cost 91.60 (+0.2 %: the box's estimate and call), 0.42 ms
-- The box: latitude ± r / 110,574 m (the shortest degree of latitude on WGS 84), longitude ± r /
-- (111,319.49 m × cos of the highest latitude the box reaches) (a degree of longitude is never
-- shorter there), both with 10 % to spare; across the antimeridian or within a degree of a pole,
-- every longitude.
create function geography_search_box(centre geometry, metres double precision) returns geometry
language plpgsql immutable strict parallel safe cost 10 as $$
declare
  spread_latitude constant double precision := metres * 1.1 / 110574 + 1e-7;
  south constant double precision := ST_YMin(centre) - spread_latitude;
  north constant double precision := ST_YMax(centre) + spread_latitude;
  spread_longitude double precision;
begin
  if north >= 89 or south <= -89 then
    return ST_MakeEnvelope(-180, greatest(south, -90), 180, least(north, 90), ST_SRID(centre));
  end if;
  spread_longitude := metres * 1.1 / (111319.49 * cos(radians(greatest(abs(south), abs(north))))) + 1e-7;
  if ST_XMin(centre) - spread_longitude < -180 or ST_XMax(centre) + spread_longitude > 180 then
    return ST_MakeEnvelope(-180, south, 180, north, ST_SRID(centre));
  end if;
  return ST_MakeEnvelope(ST_XMin(centre) - spread_longitude, south, ST_XMax(centre) + spread_longitude, north, ST_SRID(centre));
end $$;
comment on function geography_search_box(geometry, double precision) is
  'A lon/lat box (same SRID) holding every point within `metres` of the geometry on the WGS 84 spheroid: `location && geography_search_box(c, r)` lets the geometry GiST pre-filter an exact ST_DWithin(location::geography, c::geography, r)';
drop index if exists incidents_location_geography;

-- ── 2. incidents_source_reported_at → incidents_patrol_reported_at ───────────────────────────
-- Its only queries are the assessment's patrol reports (loadPatrolReports, worker and community
-- level): source = 'patrol' and reported_at in the period. An index on reported_at of patrol cases
-- alone serves them and takes no hotline, resident, referral or sensor case. 10×, before → after:
--   worker level, May: bitmap on source_reported_at cost 10,442, 8.8 ms → on patrol_reported_at 10,322, 4.4 ms
--   community level, Q1, two classes: 12,383, 20.1 ms → 12,045, 10.8 ms
-- (Without any replacement the community query fell to a parallel sequential scan, 69 ms.)
drop index if exists incidents_source_reported_at;
create index incidents_patrol_reported_at on incidents (reported_at) where source = 'patrol';

-- ── 3. incidents_assigned_worker: only cases that have a worker ─────────────────────────────
-- Every query names a worker (assigned_worker_id = $1: the worker's cases and map, KPIs and
-- assessment by worker, the foreign key's check when a worker row goes), which implies "is not
-- null"; a new case has none, and 38,074 of the 191,421 at 10× never had one. Same name, partial.
--   worker 404's open cases: BitmapAnd status + assigned_worker, cost 81.5, 0.28 ms → 69.4, 0.22 ms
--   foreign-key probe (select … where assigned_worker_id = 404 for key share): 4,264, 5.2 ms → 4,252, 2.0 ms
drop index if exists incidents_assigned_worker;
create index incidents_assigned_worker on incidents (assigned_worker_id) where assigned_worker_id is not null;

-- ── 4. incident_events_to_status_at → incident_events_rework_at ─────────────────────────────
-- Every query on events by status asks for 'rework' (KPI rework count and its EXISTS, the
-- assessment's failed checks), 10,703 of 1,336,376 events; the index held all of them, a 'report'
-- event for every new case included. 10×, before → after:
--   assessment rework, May: bitmap on to_status_at, cost 8,818, 7.7 ms → on rework_at 8,811, 2.7 ms
--   KPIs of a grid, May: cost 25,392, 7.1 ms → 25,392, 3.2 ms; KPIs of the zone: 1,640,912, 118 ms → 1,640,912, 110 ms
drop index if exists incident_events_to_status_at;
create index incident_events_rework_at on incident_events (at) where to_status = 'rework';
