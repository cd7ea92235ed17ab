-- A plan may create communities without covering an existing one: a communities file imported for a
-- street that has none yet (issue 16) becomes a draft plan whose communities are all new
-- (plan_steps.communities, isNew) and whose community_ids — the existing communities it covers — is
-- empty. Every other plan still names at least one existing community (server/plans/plan-requests.ts).
alter table plans drop constraint plans_community_ids_check;
alter table plans add constraint plans_community_ids_check check (cardinality(community_ids) between 0 and 50);
