import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppContext } from '../app-context.ts';
import type { AppEnv } from '../http/app-env.ts';
import { Failure } from '../http/failure.ts';
import { touchSession } from './accounts.repo.ts';
import { findAccessRule, type Audience } from './access-policy.ts';
import { clientAddressOf, requestHostOf } from './client-address.ts';
import type { Viewer } from './roles.ts';
import { hashSessionToken, sameSecret, sessionCookieName } from './session-token.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes a user who must change their password may still call. */
const passwordChangeRoutes = new Set(['/api/auth/session', '/api/auth/logout', '/api/auth/password']);

/**
 * For every /api request: who is calling (session cookie → viewer), whether the access policy
 * lets them call this route, and CSRF for cookie-authenticated writes. Runs before routing, so
 * a refused request never reaches a handler or the database beyond the session lookup.
 */
export function authenticate(context: AppContext, isRoute: (method: string, path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('clientAddress', clientAddressOf(c, context.config.trustedProxies));
    const viewer = await viewerOf(c.req.raw, getCookie(c, sessionCookieName), context);
    c.set('viewer', viewer);

    const method = c.req.method;
    const path = c.req.path;
    const rule = findAccessRule(method, path);
    if (rule === undefined) {
      if (!isRoute(method, path)) return next(); // not a route at all: the 404 handler answers
      throw new Failure('no_access_rule', { method, path });
    }
    enforceAudience(rule, viewer);
    if (viewer.kind === 'user') {
      if (viewer.mustChangePassword && !passwordChangeRoutes.has(path)) {
        throw new Failure('password_change_required', {}, { reason: 'password_change_required' });
      }
      if (unsafeMethods.has(method) && !sameSecret(viewer.csrfToken, c.req.header('x-csrf-token'))) {
        throw new Failure('csrf_failed', {});
      }
    } else if (unsafeMethods.has(method)) {
      // no session, so nothing ambient to forge; still refuse cross-site form posts outright
      // `Origin: null` (a sandboxed or file page) and an Origin that is not a URL are cross-origin too
      const origin = c.req.header('origin');
      if (origin !== undefined && hostOfOrigin(origin) !== requestHostOf(c, context.config.trustedProxies)) {
        throw new Failure('cross_origin_refused', {});
      }
    }
    return next();
  };
}

async function viewerOf(_request: Request, token: string | undefined, context: AppContext): Promise<Viewer> {
  if (!token || token.length > 100) return { kind: 'anonymous' };
  const tokenHash = hashSessionToken(token);
  const session = await touchSession(context.database.sql, tokenHash);
  if (!session) return { kind: 'anonymous' };
  return { kind: 'user', ...session, sessionTokenHash: tokenHash };
}

function enforceAudience(audience: Audience, viewer: Viewer): void {
  if (audience === 'everyone' || audience === 'api-key') return; // an API key is checked by the handler
  if (viewer.kind === 'anonymous') throw new Failure('unauthenticated', {});
  if (audience === 'signed-in') return;
  if (!audience.includes(viewer.role)) throw new Failure('role_forbidden', { role: viewer.role });
}

/** Handlers behind a role rule know the viewer is signed in; this narrows the type. */
export function signedInViewer(viewer: Viewer) {
  if (viewer.kind !== 'user') throw new Failure('unauthenticated', {});
  return viewer;
}

/** The host:port of an Origin header, or undefined when it is `null` or not a URL. */
function hostOfOrigin(origin: string): string | undefined {
  if (!/^https?:\/\//i.test(origin)) return undefined;
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
