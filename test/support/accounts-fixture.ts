import { createSession } from '../../server/accounts/accounts.repo.ts';
import { hashPassword } from '../../server/accounts/password-hashing.ts';
import type { Role } from '../../server/accounts/roles.ts';
import { newCsrfToken, newSessionToken, sessionCookieName } from '../../server/accounts/session-token.ts';
import type { Queryable } from '../../server/db/connect.ts';
import type { DataKey } from '../../server/personal-data/data-key.ts';
import { buildRowOfGrids, createWorker, type BuiltTerritory } from './territory-builder.ts';

export const fixturePassword = 'Fixture-Password-42';

export interface Caller {
  role: Role | 'anonymous';
  userId: number | null;
  headers: Record<string, string>;
}

/** A session row made directly (no argon2 round trip), for tests that need many callers. */
export async function sessionFor(sql: Queryable, userId: number): Promise<Record<string, string>> {
  const { token, tokenHash } = newSessionToken();
  const csrfToken = newCsrfToken();
  await createSession(sql, { tokenHash, userId, csrfToken, idleMinutes: 30, absoluteHours: 12, clientAddress: 'test', userAgent: 'vitest' });
  return { Cookie: `${sessionCookieName}=${token}`, 'X-CSRF-Token': csrfToken };
}

export interface AccountsWorld {
  territory: BuiltTerritory;
  workerId: number;
  /** Households in the worker's grid (index 0) and in the neighbouring grid (index 1). */
  householdIds: [number, number];
  users: Record<Role, number>;
}

/**
 * Two grids, a worker serving the first, one household in each, and one user per role — all
 * with `fixturePassword`. Each household's head has a known name, phone and (sealed) ID number.
 */
export async function buildAccountsWorld(sql: Queryable, dataKey: DataKey, origin: [number, number] = [117.0, 31.0]): Promise<AccountsWorld> {
  const territory = await buildRowOfGrids(sql, { origin, gridCount: 2 });
  const workerId = await createWorker(sql, '赵网格');
  await sql`insert into grid_assignments (grid_id, worker_id) values (${territory.gridIds[0]!}, ${workerId})`;
  const householdIds: number[] = [];
  for (const [index, gridId] of territory.gridIds.entries()) {
    const [minLng, minLat, maxLng, maxLat] = territory.gridBoxes[index]!;
    const x = (minLng + maxLng) / 2;
    const y = (minLat + maxLat) / 2;
    const [building] = await sql`
      insert into buildings (community_id, complex_name, number, kind, floors, footprint, location)
      values (${territory.communityId}, '测试小区', ${String(index + 1)}, 'residential', 6,
              ST_Buffer(ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326), 0.0002, 4), ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326))
      returning id`;
    const idNumber = `34012219800101${String(1000 + index)}`;
    const [household] = await sql`
      insert into households (building_id, grid_id, unit, room, location, registered_count, resident_count,
                              head_name, head_phone, head_id_number, head_id_number_hash)
      values (${building!.id}, ${gridId}, '1', ${`10${index + 1}`}, ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326), 3, 3,
              ${dataKey.seal(index === 0 ? '张三' : '李四')}, ${dataKey.seal(index === 0 ? '13812345678' : '13987654321')},
              ${dataKey.seal(idNumber)}, ${dataKey.lookupHash(idNumber)})
      returning id`;
    householdIds.push(household!.id);
  }
  const passwordHash = await hashPassword(fixturePassword);
  const users = {} as Record<Role, number>;
  const suffix = Math.random().toString(36).slice(2, 8);
  for (const role of ['admin', 'planner', 'dispatcher', 'worker', 'auditor', 'leader'] as Role[]) {
    const [user] = await sql`
      insert into users (username, display_name, role, password_hash, worker_id)
      values (${`${role}-${suffix}`}, ${`测试${role}`}, ${role}, ${passwordHash}, ${role === 'worker' ? workerId : null})
      returning id`;
    users[role] = user!.id;
  }
  return { territory, workerId, householdIds: householdIds as [number, number], users };
}

export async function usernameOf(sql: Queryable, userId: number): Promise<string> {
  const [row] = await sql`select username from users where id = ${userId}`;
  return row!.username;
}

export { createWorker };
