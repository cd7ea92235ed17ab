-- Address search for residents ("凤梅家园 3栋"): a normalised key per building with a trigram index.
-- pg_trgm hashes multi-byte trigrams, so Chinese text works in C.UTF-8 and PGlite alike.
create extension if not exists pg_trgm;

alter table buildings add column address_key text generated always as (
  replace(replace(coalesce(complex_name, ''), ' ', ''), '　', '') || number || '栋'
) stored;
create index buildings_address_key_trgm on buildings using gin (address_key gin_trgm_ops);
