-- Indexes the benchmarks (BENCHMARKS.md, issue 10) showed missing.

-- Heatmap points (GET /api/analytics/incident-points) read every incident of a time window in
-- report-time order: with the columns it needs in the index, that is an index-only scan in order
-- instead of a sequential scan and a sort of up to millions of rows.
create index if not exists incidents_reported_at_points on incidents (reported_at) include (category_code, location);
