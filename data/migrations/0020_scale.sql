-- Scale and speed (issue 21).
--
-- Rate limits shared by every API process on one database (GRIDATLAS_PROCESSES > 1, or several
-- machines): one fixed-window counter per limiter, key (client address, API key) and window, the
-- window aligned to the epoch so that every process agrees which one a moment belongs to. Rows of
-- windows that ended days ago are deleted by the processes now and then (server/accounts/rate-limiter.ts).
create table rate_limit_windows (
  limiter text not null check (limiter ~ '^[a-zA-Z0-9_]{1,64}$'),
  key text not null check (char_length(key) between 1 and 200),
  window_start timestamptz not null,
  count integer not null check (count > 0),
  primary key (limiter, key, window_start)
);
create index rate_limit_windows_start on rate_limit_windows (window_start);
