-- What the public may see (issue 23): a case is public by decision, not by default. One rule, in the
-- database, read by every public surface (tracking page, "me too" list, Open311, OGC): the case is
-- not hidden, and either a dispatcher published it, or it is registered (past 'reported', not
-- rejected), came from a source the policy lists, and its major class is one the policy lists.
-- Hotline calls, patrol reports and 人口/治安/emergency classes stay internal unless published.

alter table incidents
  -- the text the public reads instead of the reporter's own description (which may name people);
  -- null → the category's name only
  add column public_summary text check (public_summary is null or char_length(public_summary) between 1 and 500),
  add column published_by_user_id integer references users (id),
  add column published_at timestamptz,
  add check ((published_by_user_id is null) = (published_at is null)),
  -- hiding and publishing are two decisions about one thing: at most one of them holds
  add check (not (hidden_from_public and published_at is not null));

insert into policy (key, value, description_zh, description_en) values
  ('public_report_sources', '["resident"]', '登记后可公开的案件来源（居民上报）；热线、巡查等来源不公开，除非调度员发布',
   'Sources whose cases become public after registration (residents'' own reports); hotline, patrol and others stay internal unless a dispatcher publishes them'),
  ('public_report_major_categories', '["01", "06"]', '登记后可公开的案件大类（市容环境、部件）',
   'Major classes whose cases become public after registration (city appearance, components)'),
  ('public_location_precision_metres', '50', '公开位置的精度（米）：公开的位置取整到该尺寸的方格，精确位置只在内部使用',
   'Precision of public locations (metres): public points are snapped to a grid of this size; exact points stay internal'),
  ('public_exact_location_majors', '["06"]', '公开时保留精确位置的案件大类（部件：井盖、路灯等公共设施，不指向住户）',
   'Major classes whose public point stays exact (components: manhole covers, street lights — public fixtures, not homes)'),
  ('public_tracking_lookups_per_hour', '60', '每个客户端每小时可查询的案件跟踪次数', 'Tracking look-ups per client address and hour');

-- Why a case is or is not public: 'hidden', 'published', 'not_registered', 'source', 'category', or 'public'.
-- The staff case page shows the reason; public surfaces keep the rows whose reason is 'published' or 'public'.
create function incident_public_reason(
  p_source text, p_category_code text, p_status text, p_hidden boolean, p_published_at timestamptz
) returns text language sql stable as $$
  select case
    when p_hidden then 'hidden'
    when p_published_at is not null then 'published'
    when p_status in ('reported', 'rejected') then 'not_registered'
    when not exists (
      select 1 from policy where key = 'public_report_sources' and value ? p_source) then 'source'
    when not exists (
      select 1 from policy, incident_categories category
       where key = 'public_report_major_categories' and category.code = p_category_code
         and value ? coalesce(category.major_code, category.code)) then 'category'
    else 'public'
  end
$$;

create function incident_is_public(
  p_source text, p_category_code text, p_status text, p_hidden boolean, p_published_at timestamptz
) returns boolean language sql stable as $$
  select incident_public_reason(p_source, p_category_code, p_status, p_hidden, p_published_at) in ('published', 'public')
$$;
