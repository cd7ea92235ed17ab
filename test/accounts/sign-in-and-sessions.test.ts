import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../server/accounts/bootstrap-accounts.ts';
import type { Database } from '../../server/db/connect.ts';
import { buildAccountsWorld, fixturePassword, usernameOf, type AccountsWorld } from '../support/accounts-fixture.ts';
import { testDataKey } from '../support/database-templates.ts';
import { createTestApp, getJson, type TestApp } from '../support/test-app.ts';
import { openTestDatabase } from '../support/test-database.ts';

async function signIn(app: TestApp, username: string, password: string) {
  const response = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await response.json();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { status: response.status, body, cookie, setCookie: response.headers.get('set-cookie') ?? '' };
}

describe('sign-in, sessions and CSRF', () => {
  let database: Database;
  let app: TestApp;
  let world: AccountsWorld;
  let dispatcherName: string;

  beforeAll(async () => {
    database = await openTestDatabase('migrated');
    ({ app } = createTestApp(database));
    world = await buildAccountsWorld(database.sql, testDataKey);
    dispatcherName = await usernameOf(database.sql, world.users.dispatcher);
  });
  afterAll(async () => {
    await database.close();
  });

  it('signs in with an HttpOnly SameSite=Strict cookie holding an opaque token stored only as a hash', async () => {
    const result = await signIn(app, dispatcherName, fixturePassword);
    expect(result.status).toBe(200);
    expect(result.body.user.role).toBe('dispatcher');
    expect(result.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(result.setCookie).toMatch(/HttpOnly/i);
    expect(result.setCookie).toMatch(/SameSite=Strict/i);
    const token = result.cookie.split('=')[1]!;
    const [stored] = await database.sql`select count(*)::int as matches from sessions where token_hash = ${token}`;
    expect(stored!.matches).toBe(0);
    const session = await getJson(app, '/api/auth/session', { headers: { Cookie: result.cookie } });
    expect(session.body.user.username).toBe(dispatcherName);
  });

  it('answers a wrong password and an unknown user alike, with no hint which part was wrong', async () => {
    const wrongPassword = await signIn(app, dispatcherName, 'Not-The-Password-1');
    const unknownUser = await signIn(app, 'nobody-here', fixturePassword);
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body.error.message).toBe(unknownUser.body.error.message);
    expect(wrongPassword.cookie).toBe('');
    const [audit] = await database.sql`select count(*)::int as denied from audit_log where action = 'auth.login' and result = 'denied'`;
    expect(audit!.denied).toBeGreaterThanOrEqual(2);
  });

  it('locks an account after repeated failures and says when it unlocks (423), even for the right password', async () => {
    const plannerName = await usernameOf(database.sql, world.users.planner);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await signIn(app, plannerName, `Wrong-Password-${attempt}`)).status).toBe(401);
    }
    const locked = await signIn(app, plannerName, fixturePassword);
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('locked');
    expect(new Date(locked.body.error.details.lockedUntil).getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
  });

  it('revokes the session on logout, on the server', async () => {
    const auditorName = await usernameOf(database.sql, world.users.auditor);
    const { cookie, body } = await signIn(app, auditorName, fixturePassword);
    expect((await app.request('/api/incidents', { headers: { Cookie: cookie } })).status).toBe(200);
    const logout = await app.request('/api/auth/logout', { method: 'POST', headers: { Cookie: cookie, 'X-CSRF-Token': body.csrfToken } });
    expect(logout.status).toBe(200);
    // the browser might keep the cookie; the server no longer honours it
    expect((await app.request('/api/incidents', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('ends a session that has been idle longer than the policy allows', async () => {
    const workerName = await usernameOf(database.sql, world.users.worker);
    const { cookie } = await signIn(app, workerName, fixturePassword);
    expect((await app.request('/api/households', { headers: { Cookie: cookie } })).status).toBe(200);
    await database.sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = ${world.users.worker}`;
    expect((await app.request('/api/households', { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('refuses a cookie-authenticated write with a missing or forged CSRF token (403), and accepts the right one', async () => {
    const adminName = await usernameOf(database.sql, world.users.admin);
    const { cookie, body } = await signIn(app, adminName, fixturePassword);
    const reveal = (headers: Record<string, string>) =>
      app.request(`/api/households/${world.householdIds[0]}/reveal`, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ fields: ['phone'] }),
      });
    const missing = await reveal({});
    expect(missing.status).toBe(403);
    expect((await missing.json()).error.code).toBe('csrf_failed');
    expect((await reveal({ 'X-CSRF-Token': 'forged-token-forged-token' })).status).toBe(403);
    const [before] = await database.sql`select count(*)::int as reveals from audit_log where action = 'household.reveal'`;
    expect(before!.reveals).toBe(0);
    const accepted = await reveal({ 'X-CSRF-Token': body.csrfToken });
    expect(accepted.status).toBe(200);
    expect((await accepted.json()).headPhone).toBe('13812345678');
  });

  it('limits sign-in attempts per client address (429 with Retry-After)', async () => {
    const { app: limitedApp, context } = createTestApp(database);
    for (let attempt = 0; attempt < 20; attempt++) context.limiters.loginPerAddress.take('unknown');
    const refused = await signIn(limitedApp, dispatcherName, fixturePassword);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
  });

  it('creates a first administrator whose one-time password must be changed before anything else', async () => {
    const fresh = await openTestDatabase('migrated');
    try {
      const { app: freshApp } = createTestApp(fresh);
      const admin = await ensureFirstAdmin(fresh.sql);
      expect(admin?.username).toBe('admin');
      expect(await ensureFirstAdmin(fresh.sql)).toBeUndefined();
      const { cookie, body } = await signIn(freshApp, 'admin', admin!.password);
      expect(body.user.mustChangePassword).toBe(true);
      const blocked = await freshApp.request('/api/users', { headers: { Cookie: cookie } });
      expect(blocked.status).toBe(403);
      const weak = await freshApp.request('/api/auth/password', {
        method: 'POST',
        headers: { Cookie: cookie, 'X-CSRF-Token': body.csrfToken, 'Content-Type': 'application/json' },
        body: JSON.stringify({ currentPassword: admin!.password, newPassword: 'short' }),
      });
      expect(weak.status).toBe(400);
      expect((await weak.json()).error.details.fields[0].field).toBe('newPassword');
      const changed = await freshApp.request('/api/auth/password', {
        method: 'POST',
        headers: { Cookie: cookie, 'X-CSRF-Token': body.csrfToken, 'Content-Type': 'application/json' },
        body: JSON.stringify({ currentPassword: admin!.password, newPassword: 'A-much-better-passw0rd' }),
      });
      expect(changed.status).toBe(200);
      expect((await freshApp.request('/api/users', { headers: { Cookie: cookie } })).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});
