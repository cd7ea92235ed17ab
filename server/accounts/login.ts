import type { Queryable } from '../db/connect.ts';
import {
  createSession,
  findUserByUsername,
  readNumericPolicy,
  recordFailedLogin,
  recordSuccessfulLogin,
  type UserRecord,
} from './accounts.repo.ts';
import { decoyPasswordHash, passwordMatches } from './password-hashing.ts';
import { newCsrfToken, newSessionToken } from './session-token.ts';

export type LoginOutcome =
  | { kind: 'signed-in'; user: UserRecord; token: string; csrfToken: string }
  | { kind: 'wrong-credentials'; userId: number | null; nowLocked: Date | null }
  | { kind: 'locked'; userId: number; lockedUntil: Date };

/**
 * Check a username and password. A wrong user name and a wrong password are one outcome, so
 * the answer never tells which was wrong; repeated failures lock the account for a while.
 */
export async function attemptLogin(
  sql: Queryable,
  attempt: { username: string; password: string; clientAddress: string; userAgent: string | null },
): Promise<LoginOutcome> {
  const user = await findUserByUsername(sql, attempt.username.trim().toLowerCase());
  if (!user || user.disabled) {
    await passwordMatches(await decoyPasswordHash(), attempt.password);
    return { kind: 'wrong-credentials', userId: null, nowLocked: null };
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    return { kind: 'locked', userId: user.id, lockedUntil: user.lockedUntil };
  }
  if (!(await passwordMatches(user.passwordHash, attempt.password))) {
    const lockAfter = await readNumericPolicy(sql, 'login_lockout_failures', 5);
    const lockMinutes = await readNumericPolicy(sql, 'login_lockout_minutes', 15);
    const lockedUntil = await recordFailedLogin(sql, user.id, lockAfter, lockMinutes);
    const nowLocked = lockedUntil && lockedUntil > new Date() ? lockedUntil : null;
    return { kind: 'wrong-credentials', userId: user.id, nowLocked };
  }
  await recordSuccessfulLogin(sql, user.id);
  const { token, tokenHash } = newSessionToken();
  const csrfToken = newCsrfToken();
  await createSession(sql, {
    tokenHash,
    userId: user.id,
    csrfToken,
    idleMinutes: await readNumericPolicy(sql, 'session_idle_minutes', 30),
    absoluteHours: await readNumericPolicy(sql, 'session_absolute_hours', 12),
    clientAddress: attempt.clientAddress,
    userAgent: attempt.userAgent,
  });
  return { kind: 'signed-in', user, token, csrfToken };
}
