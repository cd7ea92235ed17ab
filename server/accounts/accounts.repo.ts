import type { Queryable } from '../db/connect.ts';
import type { Role } from './roles.ts';

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
  workerId: number | null;
  disabled: boolean;
  failedLoginCount: number;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
}

export async function findUserByUsername(sql: Queryable, username: string): Promise<UserRecord | undefined> {
  const [row] = await sql<UserRecord[]>`
    select id, username, display_name, role, password_hash, worker_id, disabled, failed_login_count, locked_until, must_change_password
      from users where username = ${username}`;
  return row;
}

export async function recordFailedLogin(sql: Queryable, userId: number, lockAfter: number, lockMinutes: number): Promise<Date | null> {
  const [row] = await sql<{ lockedUntil: Date | null }[]>`
    update users
       set failed_login_count = failed_login_count + 1,
           locked_until = case when failed_login_count + 1 >= ${lockAfter}
                               then now() + make_interval(mins => ${lockMinutes}) else locked_until end
     where id = ${userId}
     returning locked_until`;
  return row?.lockedUntil ?? null;
}

export async function recordSuccessfulLogin(sql: Queryable, userId: number): Promise<void> {
  await sql`update users set failed_login_count = 0, locked_until = null, last_login_at = now() where id = ${userId}`;
}

export interface NewSession {
  tokenHash: string;
  userId: number;
  csrfToken: string;
  idleMinutes: number;
  absoluteHours: number;
  clientAddress: string;
  userAgent: string | null;
}

export async function createSession(sql: Queryable, session: NewSession): Promise<void> {
  await sql`
    insert into sessions (token_hash, user_id, csrf_token, expires_at, client_address, user_agent)
    values (${session.tokenHash}, ${session.userId}, ${session.csrfToken},
            now() + make_interval(hours => ${session.absoluteHours}), ${session.clientAddress}, ${session.userAgent})`;
}

export interface ActiveSession {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  workerId: number | null;
  currentGridId: number | null;
  csrfToken: string;
  mustChangePassword: boolean;
}

/**
 * The session behind a token hash if it is live (not revoked, not expired, not idle too long),
 * touching `last_seen_at` in the same statement.
 */
export async function touchSession(sql: Queryable, tokenHash: string): Promise<ActiveSession | undefined> {
  const [row] = await sql<ActiveSession[]>`
    with live as (
      update sessions s set last_seen_at = now()
       where s.token_hash = ${tokenHash}
         and s.revoked_at is null
         and s.expires_at > now()
         and s.last_seen_at > now() - make_interval(mins => coalesce((select (value #>> '{}')::int from policy where key = 'session_idle_minutes'), 30))
      returning s.user_id, s.csrf_token
    )
    select u.id as user_id, u.username, u.display_name, u.role, u.worker_id, live.csrf_token, u.must_change_password,
           (select ga.grid_id from grid_assignments ga where ga.worker_id = u.worker_id and ga.ended_at is null) as current_grid_id
      from live join users u on u.id = live.user_id
     where not u.disabled`;
  return row;
}

export async function revokeSession(sql: Queryable, tokenHash: string): Promise<void> {
  await sql`update sessions set revoked_at = now() where token_hash = ${tokenHash} and revoked_at is null`;
}

export async function revokeAllSessions(sql: Queryable, userId: number): Promise<void> {
  await sql`update sessions set revoked_at = now() where user_id = ${userId} and revoked_at is null`;
}

export async function setPassword(sql: Queryable, userId: number, passwordHash: string, mustChange: boolean): Promise<void> {
  await sql`update users set password_hash = ${passwordHash}, password_changed_at = now(), must_change_password = ${mustChange}
             where id = ${userId}`;
}

export interface UserListRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  workerId: number | null;
  disabled: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  mustChangePassword: boolean;
  createdAt: Date;
}

export async function listUsers(sql: Queryable): Promise<UserListRow[]> {
  return sql<UserListRow[]>`
    select id, username, display_name, role, worker_id, disabled, locked_until, last_login_at, must_change_password, created_at
      from users order by id`;
}

export async function insertUser(
  sql: Queryable,
  user: { username: string; displayName: string; role: Role; passwordHash: string; workerId: number | null; mustChangePassword: boolean },
): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into users (username, display_name, role, password_hash, worker_id, must_change_password, password_changed_at)
    values (${user.username}, ${user.displayName}, ${user.role}, ${user.passwordHash}, ${user.workerId}, ${user.mustChangePassword}, now())
    returning id`;
  return row!.id;
}

/** The grid a worker serves now, or null while they have none. */
export async function currentGridOfWorker(sql: Queryable, workerId: number): Promise<number | null> {
  const [row] = await sql<{ gridId: number }[]>`select grid_id from grid_assignments where worker_id = ${workerId} and ended_at is null`;
  return row?.gridId ?? null;
}

export async function readNumericPolicy(sql: Queryable, key: string, fallback: number): Promise<number> {
  const [row] = await sql`select value from policy where key = ${key}`;
  const value = Number(row?.value);
  return Number.isFinite(value) ? value : fallback;
}
