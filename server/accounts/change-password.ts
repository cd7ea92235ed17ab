import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { invalidRequest, problem } from '../http/failure.ts';
import { findUserByUsername, readNumericPolicy, revokeAllSessions, setPassword } from './accounts.repo.ts';
import { hashPassword, passwordMatches } from './password-hashing.ts';
import { passwordProblems } from './password-policy.ts';
import type { UserViewer } from './roles.ts';

/**
 * Change one's own password: the current one must be right (a wrong one is audited as denied),
 * the new one must meet the policy and differ; every other session of the user is revoked in the
 * same transaction as the change, this one stays.
 */
export async function changeOwnPassword(
  sql: Sql,
  viewer: UserViewer,
  input: { currentPassword: string; newPassword: string; clientAddress: string },
): Promise<void> {
  const { currentPassword, newPassword, clientAddress } = input;
  const user = await findUserByUsername(sql, viewer.username);
  if (!user || !(await passwordMatches(user.passwordHash, currentPassword))) {
    await recordAudit(sql, { viewer, action: 'auth.password', objectType: 'user', objectId: viewer.userId, result: 'denied', clientAddress });
    throw invalidRequest([problem('currentPassword', 'current_password_wrong', {})]);
  }
  const problems = passwordProblems(newPassword, await readNumericPolicy(sql, 'password_min_length', 10), viewer.username, 'newPassword');
  if (currentPassword === newPassword) problems.push(problem('newPassword', 'password_unchanged', {}));
  if (problems.length > 0) throw invalidRequest(problems);
  const passwordHash = await hashPassword(newPassword);
  await sql.begin(async (transaction) => {
    await setPassword(transaction, viewer.userId, passwordHash, false);
    await revokeAllSessions(transaction, viewer.userId);
    // this session stays: revoke-all then restore it, in one transaction
    await transaction`update sessions set revoked_at = null where token_hash = ${viewer.sessionTokenHash}`;
    await recordAudit(transaction, { viewer, action: 'auth.password', objectType: 'user', objectId: viewer.userId, result: 'ok', clientAddress });
  });
}
