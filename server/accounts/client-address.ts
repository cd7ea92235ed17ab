import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address rate limits and the audit log use. X-Forwarded-For is only believed when the
 * socket peer is a configured trusted proxy; otherwise anyone could claim any address.
 */
export function clientAddressOf(c: Context, trustedProxies: readonly string[]): string {
  let peer = 'unknown';
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // in-process requests (tests) have no socket
  }
  peer = peer.replace(/^::ffff:/, '');
  if (!trustedProxies.includes(peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((part) => part.trim()).filter(Boolean);
  // walk from the nearest hop outwards, skipping our own proxies
  for (let index = forwarded.length - 1; index >= 0; index--) {
    const hop = forwarded[index]!.replace(/^::ffff:/, '');
    if (!trustedProxies.includes(hop)) return hop;
  }
  return peer;
}
