-- Residents' phone numbers and reporters' names sealed at rest (issue 16, "Personal data at rest").
--
-- households.head_phone, incidents.reporter_phone, incidents.reporter_name and workers.phone are now written
-- sealed (AES-256-GCM with the data key, `enc:v1:…`, server/personal-data/data-key.ts), like
-- households.head_id_number already was; import_jobs.rows (the uploaded file's rows, which hold ID
-- numbers and phones) is stored as one sealed JSON string instead of a clear array.
--
-- Sealing needs the data key, which the database never sees: rows written in clear before this
-- migration are sealed at start in TypeScript (server/personal-data/seal-personal-data.ts,
-- idempotent). The constraints below are NOT VALID on purpose: old clear rows do not block the
-- migration, but every new INSERT or UPDATE must carry a sealed value, so no write path (API,
-- import, demo loader, bulk insert) can put a clear value on disk again.
--
-- No lookup hash column: nothing searches by phone or reporter name (a search would get a keyed
-- hash column like head_id_number_hash).
alter table households
  add constraint households_head_phone_sealed check (head_phone is null or head_phone like 'enc:v1:%') not valid,
  add constraint households_head_id_number_sealed check (head_id_number is null or head_id_number like 'enc:v1:%') not valid;

alter table incidents
  add constraint incidents_reporter_phone_sealed check (reporter_phone is null or reporter_phone like 'enc:v1:%') not valid,
  add constraint incidents_reporter_name_sealed check (reporter_name is null or reporter_name like 'enc:v1:%') not valid;

-- a grid worker's private mobile (workers.phone); the duty phone, published to residents, stays clear
alter table workers
  add constraint workers_phone_sealed check (phone is null or phone like 'enc:v1:%') not valid,
  add constraint workers_id_number_sealed check (id_number is null or id_number like 'enc:v1:%') not valid;

alter table import_jobs
  add constraint import_jobs_rows_sealed check (jsonb_typeof(rows) = 'string' and rows #>> '{}' like 'enc:v1:%') not valid;

comment on column households.head_phone is 'personal: sealed (enc:v1:…) with the data key; opened, then masked, on the way out';
comment on column incidents.reporter_phone is 'personal: sealed (enc:v1:…) with the data key; opened, then masked, on the way out';
comment on column incidents.reporter_name is 'personal: sealed (enc:v1:…) with the data key; opened, then masked, on the way out';
comment on column workers.phone is 'personal (private mobile): sealed (enc:v1:…) with the data key; masked on the way out';
comment on column import_jobs.rows is 'the uploaded rows as ONE sealed JSON string (enc:v1:…): they hold ID numbers and phones';
