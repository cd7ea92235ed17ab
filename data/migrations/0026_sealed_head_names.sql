-- Household heads' names sealed at rest ("Personal data is sealed before it is first written").
--
-- households.head_name is now written sealed (AES-256-GCM with the data key, `enc:v1:…`,
-- server/personal-data/data-key.ts) by every write path (household import, demo loader INSERT and
-- COPY), like head_phone and head_id_number since 0021. Every reader opens it, then masks it (张*)
-- unless the caller revealed it through the audited reveal route.
--
-- Names written in clear before this migration are sealed at start in TypeScript
-- (server/personal-data/seal-personal-data.ts, idempotent; the key never reaches the database),
-- then the table is rewritten so the clear copies leave the heap. The constraint is NOT VALID on
-- purpose: old clear rows do not block the migration, but every new INSERT or UPDATE must carry a
-- sealed name.
--
-- No lookup hash column: nothing filters or sorts households by the head's name (the list is
-- ordered by address, filtered by grid and building). A search by name would get a keyed hash
-- column like head_id_number_hash — and a name hash is weaker than an ID-number hash (few distinct
-- names), so it is better not kept until a feature needs it.
alter table households
  add constraint households_head_name_sealed check (head_name is null or head_name like 'enc:v1:%') not valid;

comment on column households.head_name is 'personal: sealed (enc:v1:…) with the data key; opened, then masked, on the way out';
