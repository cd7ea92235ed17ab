-- Import jobs (issue 11): a parsed upload waits here between the wizard's steps (preview,
-- mapping, validation report) and records what its commit wrote. The parsed rows are kept in
-- jsonb so the validation and the commit read exactly what the user previewed.
create table import_jobs (
  id bigserial primary key,
  created_by integer references users (id),
  created_at timestamptz not null default now(),
  file_name text not null check (length(file_name) between 1 and 300),
  format text not null check (format in ('geojson', 'shapefile', 'kml', 'csv', 'xlsx')),
  status text not null default 'parsed' check (status in ('parsed', 'validated', 'committed', 'failed')),
  detection jsonb not null,        -- encoding, CRS, fields, geometry kinds, warnings
  rows jsonb not null,             -- [{ properties, geometry (source CRS) }]
  target text check (target in ('communities', 'grids', 'households', 'incidents', 'risk_sources')),
  settings jsonb,                  -- the mapping, CRS and target the report was made for
  report jsonb,                    -- the validation report
  result jsonb,                    -- what the commit wrote
  committed_at timestamptz
);
create index import_jobs_created_by on import_jobs (created_by, created_at);
