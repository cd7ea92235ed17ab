import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/connect.ts';
import { hashPassword } from './password-hashing.ts';
import type { Role } from './roles.ts';

/**
 * The first start creates an administrator with a one-time password, printed once and never
 * stored in clear; it must be changed at first sign-in.
 */
export async function ensureFirstAdmin(sql: Queryable): Promise<{ username: string; password: string } | undefined> {
  // the demo administrator does not count: a real administrator with a private password is always made
  const [existing] = await sql`select 1 from users where role = 'admin' and username <> 'demo-admin' limit 1`;
  if (existing) return undefined;
  // letters, digits and a symbol from every class, so it also satisfies the password policy
  const password = `Ga-${randomBytes(9).toString('base64url')}7a`;
  await sql`
    insert into users (username, display_name, role, password_hash, must_change_password, password_changed_at)
    values ('admin', '系统管理员', 'admin', ${await hashPassword(password)}, true, now())
    on conflict (username) do nothing`;
  return { username: 'admin', password };
}

/** Demo accounts, one per role, documented in the README. Only ever created with the demo zone. */
export const demoPassword = 'Demo-GridAtlas-2026';
export const demoAccounts: { username: string; displayName: string; role: Role }[] = [
  { username: 'demo-admin', displayName: '演示管理员', role: 'admin' },
  { username: 'planner', displayName: '规划员（演示）', role: 'planner' },
  { username: 'dispatcher', displayName: '指挥中心调度员（演示）', role: 'dispatcher' },
  { username: 'worker', displayName: '网格员（演示）', role: 'worker' },
  { username: 'auditor', displayName: '审计员（演示）', role: 'auditor' },
  { username: 'leader', displayName: '街道考核领导（演示）', role: 'leader' },
];

export async function ensureDemoAccounts(sql: Queryable): Promise<void> {
  const passwordHash = await hashPassword(demoPassword);
  // the demo worker account belongs to the worker of the first staffed grid
  const [worker] = await sql<{ workerId: number; name: string }[]>`
    select ga.worker_id, w.name
      from grid_assignments ga
      join grid_versions gv on gv.grid_id = ga.grid_id and gv.valid_to is null
      join workers w on w.id = ga.worker_id
     where ga.ended_at is null
     order by gv.code limit 1`;
  for (const account of demoAccounts) {
    if (account.role === 'worker' && !worker) continue;
    const workerId = account.role === 'worker' ? worker!.workerId : null;
    const displayName = account.role === 'worker' ? `${worker!.name}（网格员·演示）` : account.displayName;
    await sql`
      insert into users (username, display_name, role, password_hash, worker_id, password_changed_at)
      values (${account.username}, ${displayName}, ${account.role}, ${passwordHash}, ${workerId}, now())
      on conflict (username) do nothing`;
  }
}
