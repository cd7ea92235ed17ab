-- Issue 21 §2: clustered household and incident tiles are kept in memory by a data revision
-- (server/tiles/vector-tiles.ts). It was the sum of the highest ids of several tables, which missed
-- an update or a delete (a case hidden, a household moved) and moved with every sign-in (audit rows).
-- Now a sequence, advanced once per statement that changes what those tiles show: nextval never
-- waits for another transaction, so concurrent ingestion batches do not queue on a counter row.
create sequence point_data_revision;

create function bump_point_data_revision() returns trigger language plpgsql as $$
begin
  perform nextval('point_data_revision');
  return null;
end $$;

create trigger households_bump_point_data_revision after insert or update or delete on households
  for each statement execute function bump_point_data_revision();
create trigger incidents_bump_point_data_revision after insert or update or delete on incidents
  for each statement execute function bump_point_data_revision();
-- whether a category's cases are public decides what the public incident tiles show
create trigger incident_categories_bump_point_data_revision after insert or update or delete on incident_categories
  for each statement execute function bump_point_data_revision();
