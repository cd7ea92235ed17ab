import { useHashLocation } from 'wouter/use-hash-location';

/**
 * The app's URLs are hash routes with the query inside the hash: `#/resident/track/E…?key=…`
 * (tracking links handed to residents look like this, so they must keep working). wouter's own
 * hash hook would read `?key=…` as part of the path and, on navigation, move it into
 * `location.search`; these adapters split the hash at `?` instead. wouter keeps the one
 * `hashchange` subscription.
 */

/** Split `/resident/track/E1?key=k` into path and query. */
export function splitHashPath(location: string): { path: string; search: string } {
  const at = location.indexOf('?');
  return at < 0 ? { path: location, search: '' } : { path: location.slice(0, at), search: location.slice(at + 1) };
}

/** Go to `/path?query` inside the hash; `replace` leaves no history entry (a redirect). */
export function navigateInHash(to: string, options: { replace?: boolean } = {}): void {
  const target = `#${to.startsWith('/') ? to : `/${to}`}`;
  if (window.location.hash === target) return;
  if (!options.replace) {
    window.location.hash = target; // the browser records history and fires `hashchange`
    return;
  }
  const oldURL = window.location.href;
  window.history.replaceState(window.history.state, '', target);
  window.dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: window.location.href }));
}

/** wouter location hook: the hash's path part. */
export function useHashPath(): [string, typeof navigateInHash] {
  const [location] = useHashLocation();
  return [splitHashPath(location).path, navigateInHash];
}

/** wouter search hook: the hash's query part (for `useSearch`). */
useHashPath.searchHook = function useHashSearch(): string {
  const [location] = useHashLocation();
  return splitHashPath(location).search;
};

/** `<Link href="/cases">` renders `href="#/cases"`. */
useHashPath.hrefs = (href: string): string => `#${href}`;
