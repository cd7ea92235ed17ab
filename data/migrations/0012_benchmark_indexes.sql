-- Indexes the benchmarks (BENCHMARKS.md, issue 10) showed missing.

-- Heatmap points (GET /api/analytics/incident-points) read every incident of a time window in
-- report-time order: with the columns it needs in the index, that is an index-only scan in order
-- instead of a sequential scan and a sort of up to millions of rows.
create index if not exists incidents_reported_at_points on incidents (reported_at) include (category_code, location);

-- Duplicate suggestions for new incidents (server/incidents, suggestDuplicates) look for open cases
-- within a radius in metres: ST_DWithin on geography. Without an index on the geography the
-- search walks every case of the category in the time window (3.8 s for a batch of 1,000 at
-- 10× the demo zone); with it, 0.6 s.
create index if not exists incidents_location_geography on incidents using gist ((location::geography));
