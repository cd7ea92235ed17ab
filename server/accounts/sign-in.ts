import type { Session } from '../../contract/accounts.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { Failure } from '../http/failure.ts';
import { currentGridOfWorker, revokeSession } from './accounts.repo.ts';
import { attemptLogin } from './login.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { UserViewer, Viewer } from './roles.ts';

export interface SignInAttempt {
  username: string;
  password: string;
  clientAddress: string;
  userAgent: string | null;
  /** who was calling before (anonymous, or a session being replaced): recorded on refusals */
  viewer: Viewer;
}

/**
 * Sign in: the per-address limiter first, then the password check (login.ts), with an audit row
 * for every outcome. Refusals are failures with codes (`rate_limited`, `locked`,
 * `wrong_credentials`); success answers the new session token (for the cookie) and the session.
 */
export async function signIn(sql: Sql, limiter: RateLimiter, attempt: SignInAttempt): Promise<{ token: string; session: Session }> {
  const { clientAddress, viewer } = attempt;
  if (!(await limiter.take(clientAddress))) {
    const retryAfterSeconds = limiter.retryAfterSeconds(clientAddress);
    await recordAudit(sql, { viewer, action: 'auth.login', result: 'denied', clientAddress, details: { reason: 'rate_limited' } });
    throw new Failure('rate_limited', { retryAfterSeconds }, { retryAfterSeconds });
  }
  const outcome = await attemptLogin(sql, attempt);
  if (outcome.kind === 'locked') {
    await recordAudit(sql, { viewer, action: 'auth.login', objectType: 'user', objectId: outcome.userId, result: 'denied', clientAddress, details: { reason: 'locked' } });
    const lockedUntil = outcome.lockedUntil.toISOString();
    throw new Failure('locked', { lockedUntil }, { lockedUntil });
  }
  if (outcome.kind === 'wrong-credentials') {
    await recordAudit(sql, {
      viewer, action: 'auth.login', objectType: 'user', objectId: outcome.userId ?? undefined, result: 'denied', clientAddress,
      details: { reason: 'wrong_credentials', username: attempt.username.slice(0, 64), locked: outcome.nowLocked !== null },
    });
    throw new Failure('wrong_credentials', {});
  }
  const { user } = outcome;
  const currentGridId = user.workerId === null ? null : await currentGridOfWorker(sql, user.workerId);
  const signedIn: UserViewer = {
    kind: 'user', userId: user.id, username: user.username, displayName: user.displayName, role: user.role,
    workerId: user.workerId, currentGridId, sessionTokenHash: '', csrfToken: outcome.csrfToken, mustChangePassword: user.mustChangePassword,
  };
  await recordAudit(sql, { viewer: signedIn, action: 'auth.login', objectType: 'user', objectId: user.id, result: 'ok', clientAddress });
  return { token: outcome.token, session: sessionOf(signedIn) };
}

/** Sign out: the session is revoked on the server, not only forgotten by the browser. */
export async function signOut(sql: Sql, viewer: UserViewer, clientAddress: string): Promise<void> {
  await revokeSession(sql, viewer.sessionTokenHash);
  await recordAudit(sql, { viewer, action: 'auth.logout', objectType: 'user', objectId: viewer.userId, result: 'ok', clientAddress });
}

/** The session as the API answers it (no session: user and token null). */
export function sessionOf(viewer: Viewer): Session {
  if (viewer.kind === 'anonymous') return { user: null, csrfToken: null };
  return {
    user: {
      id: viewer.userId, username: viewer.username, displayName: viewer.displayName, role: viewer.role,
      workerId: viewer.workerId, currentGridId: viewer.currentGridId, mustChangePassword: viewer.mustChangePassword,
    },
    csrfToken: viewer.csrfToken,
  };
}
