import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address rate limits and the audit log use. X-Forwarded-For is only believed when the
 * socket peer is a configured trusted proxy; otherwise anyone could claim any address.
 */
export function clientAddressOf(c: Context, trustedProxies: readonly string[]): string {
  const peer = peerOf(c);
  if (!trustedProxies.includes(peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  // walk from the nearest hop outwards, skipping our own proxies
  for (let index = forwarded.length - 1; index >= 0; index--) {
    const hop = forwarded[index]!.replace(/^::ffff:/, '');
    if (!trustedProxies.includes(hop)) return hop;
  }
  return peer;
}

/** The socket peer's address ('unknown' for in-process requests, which have no socket). */
function peerOf(c: Context): string {
  let peer = 'unknown';
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // in-process requests (tests) have no socket
  }
  return peer.replace(/^::ffff:/, '');
}

/**
 * The host the caller addressed, for the same-origin check of anonymous writes. Behind a reverse
 * proxy that rewrites `Host` (nginx does by default) the original is in `X-Forwarded-Host`, which
 * is believed only when the socket peer is a configured trusted proxy (GRIDATLAS_TRUSTED_PROXIES).
 */
export function requestHostOf(c: Context, trustedProxies: readonly string[]): string {
  const ownHost = c.req.header('host') ?? new URL(c.req.url).host;
  if (trustedProxies.length === 0 || !trustedProxies.includes(peerOf(c))) return ownHost;
  // a chain of proxies appends; the first entry is what the client itself sent
  const forwarded = (c.req.header('x-forwarded-host') ?? '').split(',')[0]!.trim();
  return forwarded === '' ? ownHost : forwarded;
}

/**
 * The scheme and host the caller addressed (`https://grid.example.cn`), for absolute links in
 * answers (OGC, Open311) and the cookie's Secure flag. A TLS-terminating proxy talks plain HTTP to
 * us, so the caller's scheme is in `X-Forwarded-Proto` — believed, like `X-Forwarded-Host`, only
 * from a configured trusted proxy.
 */
export function publicOriginOf(c: Context, trustedProxies: readonly string[]): string {
  const host = requestHostOf(c, trustedProxies);
  const ownProtocol = new URL(c.req.url).protocol.replace(':', '');
  if (trustedProxies.length === 0 || !trustedProxies.includes(peerOf(c))) return `${ownProtocol}://${host}`;
  const forwarded = (c.req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase();
  return `${forwarded === 'https' || forwarded === 'http' ? forwarded : ownProtocol}://${host}`;
}
