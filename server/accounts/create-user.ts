import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { Failure, invalidRequest, problem } from '../http/failure.ts';
import { findUserByUsername, insertUser, readNumericPolicy } from './accounts.repo.ts';
import { hashPassword } from './password-hashing.ts';
import { passwordProblems } from './password-policy.ts';
import type { Role, UserViewer } from './roles.ts';

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  workerId?: number | undefined;
  password: string;
}

/**
 * An administrator creates an account with a one-time password the user must change at first
 * sign-in. A worker account is tied to its workers row (and only a worker account is); a user name
 * already in use is a 422 `username_taken` naming the field, checked before the unique index would refuse it.
 */
export async function createUserAccount(sql: Sql, viewer: UserViewer, account: NewAccount, clientAddress: string): Promise<number> {
  const problems = passwordProblems(account.password, await readNumericPolicy(sql, 'password_min_length', 10), account.username);
  if ((account.role === 'worker') !== (account.workerId !== undefined)) problems.push(problem('workerId', 'worker_account_needs_worker', {}));
  if (account.workerId !== undefined) {
    const [worker] = await sql`select id from workers where id = ${account.workerId}`;
    if (!worker) problems.push(problem('workerId', 'unknown_worker', { id: account.workerId }));
  }
  if (problems.length > 0) throw invalidRequest(problems);
  const passwordHash = await hashPassword(account.password);
  return sql.begin(async (transaction) => {
    if (await findUserByUsername(transaction, account.username)) {
      throw new Failure('username_taken', { username: account.username }, { fields: [problem('username', 'already_used', {})] });
    }
    const id = await insertUser(transaction, {
      username: account.username, displayName: account.displayName, role: account.role, passwordHash,
      workerId: account.workerId ?? null, mustChangePassword: true,
    });
    await recordAudit(transaction, {
      viewer, action: 'user.create', objectType: 'user', objectId: id, result: 'ok', clientAddress,
      details: { username: account.username, role: account.role },
    });
    return id;
  });
}
