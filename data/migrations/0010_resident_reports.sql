-- Reserved: filled in by the branch that owns this migration.
select 1;
