import { Failure } from '../http/failure.ts';

/**
 * A fixed-window counter per key (client address, account). In memory: behind several API
 * processes each process limits on its own, which still bounds an attacker to N × the limit.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMilliseconds: number,
  ) {}

  /** Counts one attempt; false when the key is over its limit for the current window. */
  take(key: string, now = Date.now()): boolean {
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMilliseconds) {
      this.windows.set(key, { startedAt: now, count: 1 });
      if (this.windows.size > 100_000) this.prune(now);
      return true;
    }
    window.count += 1;
    return window.count <= this.limit;
  }

  retryAfterSeconds(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    return window ? Math.max(1, Math.ceil((window.startedAt + this.windowMilliseconds - now) / 1000)) : 0;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.windowMilliseconds) this.windows.delete(key);
    }
  }
}

/** Counts one attempt against a limiter; over the limit → 429 `rate_limited` (app.onError adds Retry-After). */
export function enforceLimit(limiter: RateLimiter, key: string): void {
  if (limiter.take(key)) return;
  const retryAfterSeconds = limiter.retryAfterSeconds(key);
  throw new Failure('rate_limited', { retryAfterSeconds }, { retryAfterSeconds });
}
