import type { Queryable, Sql } from '../db/connect.ts';
import { Failure } from '../http/failure.ts';

/**
 * The shared store's table. Created on first use rather than by a numbered migration: migration
 * numbers must be contiguous and 0016–0019 belong to branches not merged yet; at merge this text can
 * become data/migrations/0020_scale.sql unchanged (it is idempotent either way).
 */
export const rateLimitWindowsDdl = `
  create table if not exists rate_limit_windows (
    limiter text not null check (limiter ~ '^[a-zA-Z0-9_]{1,64}$'),
    key text not null check (char_length(key) between 1 and 200),
    window_start timestamptz not null,
    count integer not null check (count > 0),
    primary key (limiter, key, window_start)
  );
  create index if not exists rate_limit_windows_start on rate_limit_windows (window_start);`;

/** One creation per database handle and process; concurrent starts serialise on an advisory lock. */
const ensured = new WeakMap<object, Promise<void>>();
function ensureRateLimitTable(sql: Queryable): Promise<void> {
  let ready = ensured.get(sql);
  if (!ready) {
    ready = (async () => {
      const [row] = await sql<{ present: boolean }[]>`select to_regclass('rate_limit_windows') is not null as present`;
      if (row?.present) return;
      await (sql as Sql).begin(async (transaction) => {
        await transaction`select pg_advisory_xact_lock(hashtext('gridatlas.rate_limit_windows'))`;
        await transaction.unsafe(rateLimitWindowsDdl);
      });
    })();
    ready.catch(() => ensured.delete(sql));
    ensured.set(sql, ready);
  }
  return ready;
}

/**
 * A fixed-window counter per key (client address, account). Two stores:
 * - in memory (one process: embedded PGlite, tests);
 * - shared in PostgreSQL (`rate_limit_windows`, below) when several API processes serve
 *   one database (GRIDATLAS_PROCESSES, or several machines): one counter per key and window for all
 *   of them, so N processes do not multiply the limit. Windows are aligned to the epoch there, so
 *   every process agrees which window a moment belongs to.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMilliseconds: number,
    private readonly shared?: { sql: Queryable; name: string },
  ) {}

  /**
   * Counts one attempt; false when the key is over its limit for the current window. The in-memory
   * count is taken before this returns (callers in a loop need not await it).
   */
  take(key: string, now = Date.now()): Promise<boolean> {
    if (this.shared) return this.takeShared(key, now);
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMilliseconds) {
      this.windows.set(key, { startedAt: now, count: 1 });
      if (this.windows.size > 100_000) this.prune(now);
      return Promise.resolve(true);
    }
    window.count += 1;
    return Promise.resolve(window.count <= this.limit);
  }

  retryAfterSeconds(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    return window ? Math.max(1, Math.ceil((window.startedAt + this.windowMilliseconds - now) / 1000)) : 0;
  }

  private async takeShared(key: string, now: number): Promise<boolean> {
    const { sql, name } = this.shared!;
    await ensureRateLimitTable(sql);
    const startedAt = Math.floor(now / this.windowMilliseconds) * this.windowMilliseconds;
    const [row] = await sql<{ count: number }[]>`
      insert into rate_limit_windows (limiter, key, window_start, count)
      values (${name}, ${key}, ${new Date(startedAt)}, 1)
      on conflict (limiter, key, window_start) do update set count = rate_limit_windows.count + 1
      returning count`;
    // remembered here only to answer retryAfterSeconds for this key
    this.windows.set(key, { startedAt, count: row!.count });
    if (this.windows.size > 100_000) this.prune(now);
    // now and then, forget windows that ended long ago (any process may; the delete is idempotent)
    if (Math.random() < 0.001) await sql`delete from rate_limit_windows where window_start < ${new Date(now - 2 * 86_400_000)}`;
    return row!.count <= this.limit;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.windowMilliseconds) this.windows.delete(key);
    }
  }
}

/** Counts one attempt against a limiter; over the limit → 429 `rate_limited` (app.onError adds Retry-After). */
export async function enforceLimit(limiter: RateLimiter, key: string): Promise<void> {
  if (await limiter.take(key)) return;
  const retryAfterSeconds = limiter.retryAfterSeconds(key);
  throw new Failure('rate_limited', { retryAfterSeconds }, { retryAfterSeconds });
}
