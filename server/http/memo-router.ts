import type { Result, Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';

/**
 * Hono's default router (RegExpRouter, else TrieRouter), remembering its answer per method and
 * path. The API's route set makes Hono fall back to the TrieRouter, whose per-request search was the
 * largest app-side cost of a lookup after the other fixes (BENCHMARKS.md §1); the hot paths repeat
 * the same few paths (query strings are not part of the path), so a Map hit replaces the search.
 * A match depends only on method and path, and Hono only reads the result. Bounded: cleared when
 * it holds `limit` paths (ids in paths make the set of paths open-ended).
 */
export class MemoRouter<T> implements Router<T> {
  name = 'MemoRouter';
  private readonly inner: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter<T>(), new TrieRouter<T>()] });
  private readonly remembered = new Map<string, Result<T>>();

  constructor(private readonly limit = 10_000) {}

  add(method: string, path: string, handler: T): void {
    this.remembered.clear();
    this.inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    const key = `${method} ${path}`;
    const known = this.remembered.get(key);
    if (known) return known;
    const result = this.inner.match(method, path);
    if (this.remembered.size >= this.limit) this.remembered.clear();
    this.remembered.set(key, result);
    return result;
  }
}
