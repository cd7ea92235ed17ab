-- Issue 21 §4: ingestion places incidents from the in-memory grid index (server/lookup/grid-spatial-index.ts).
-- The index now also holds community boundaries, and is trusted only at the layout revision it was built
-- from: a community created, removed or given another boundary bumps that revision like a grid edit does
-- (a plan can move a community boundary without touching any grid version).
create trigger communities_bump_revision after insert or delete or update of boundary on communities
  for each statement execute function bump_layout_revision();

-- incidents_reported_at_points (0012: reported_at include category_code, location) serves every
-- query incidents_reported_at served, with the same leading column: one index write less per new incident.
drop index if exists incidents_reported_at;
