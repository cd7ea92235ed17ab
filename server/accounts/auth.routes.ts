import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppContext } from '../app-context.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import { Failure, invalidRequest } from '../http/failure.ts';
import { findUserByUsername, readNumericPolicy, revokeAllSessions, revokeSession, setPassword } from './accounts.repo.ts';
import { signedInViewer } from './authenticate.ts';
import { attemptLogin } from './login.ts';
import { hashPassword, passwordMatches } from './password-hashing.ts';
import { passwordProblems } from './password-policy.ts';
import { sessionCookieName } from './session-token.ts';

const json = (schema: z.ZodType, description: string) => ({ content: { 'application/json': { schema } }, description });

export function createAuthRoutes(context: AppContext) {
  const router = createRouter();
  const { sql } = context.database;

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      tags: ['accounts'],
      summary: 'Sign in; sets an HttpOnly session cookie and returns the CSRF token for writes',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(z.any(), 'Signed in'),
        401: json(z.any(), 'Wrong user name or password'),
        423: json(z.any(), 'Account locked'),
        429: json(z.any(), 'Too many attempts from this address'),
      },
    }),
    async (c) => {
      const clientAddress = c.get('clientAddress');
      if (!context.limiters.loginPerAddress.take(clientAddress)) {
        const retryAfterSeconds = context.limiters.loginPerAddress.retryAfterSeconds(clientAddress);
        await recordAudit(sql, { viewer: c.get('viewer'), action: 'auth.login', result: 'denied', clientAddress, details: { reason: 'rate_limited' } });
        c.header('Retry-After', String(retryAfterSeconds));
        throw new Failure('rate_limited', `Too many sign-in attempts from this address; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
      }
      const { username, password } = c.req.valid('json');
      const outcome = await attemptLogin(sql, { username, password, clientAddress, userAgent: c.req.header('user-agent') ?? null });
      if (outcome.kind === 'locked') {
        await recordAudit(sql, { viewer: c.get('viewer'), action: 'auth.login', objectType: 'user', objectId: outcome.userId, result: 'denied', clientAddress, details: { reason: 'locked' } });
        throw new Failure('locked', `This account is locked until ${outcome.lockedUntil.toISOString()} after repeated failed sign-ins`, {
          lockedUntil: outcome.lockedUntil.toISOString(),
        });
      }
      if (outcome.kind === 'wrong-credentials') {
        await recordAudit(sql, {
          viewer: c.get('viewer'), action: 'auth.login', objectType: 'user', objectId: outcome.userId ?? undefined, result: 'denied', clientAddress,
          details: { reason: 'wrong_credentials', username: username.slice(0, 64), locked: outcome.nowLocked !== null },
        });
        throw new Failure('unauthenticated', 'Wrong user name or password');
      }
      setCookie(c, sessionCookieName, outcome.token, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: context.config.secureCookies,
        path: '/',
      });
      await recordAudit(sql, { viewer: signedInStub(outcome.user), action: 'auth.login', objectType: 'user', objectId: outcome.user.id, result: 'ok', clientAddress });
      return c.json(
        {
          user: {
            id: outcome.user.id, username: outcome.user.username, displayName: outcome.user.displayName,
            role: outcome.user.role, workerId: outcome.user.workerId, mustChangePassword: outcome.user.mustChangePassword,
          },
          csrfToken: outcome.csrfToken,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/auth/session',
      tags: ['accounts'],
      summary: 'Who is signed in (null for residents), with the CSRF token for writes',
      responses: { 200: json(z.any(), 'The current user or null') },
    }),
    async (c) => {
      const viewer = c.get('viewer');
      c.header('Cache-Control', 'no-store');
      if (viewer.kind === 'anonymous') return c.json({ user: null, csrfToken: null }, 200);
      return c.json(
        {
          user: {
            id: viewer.userId, username: viewer.username, displayName: viewer.displayName, role: viewer.role,
            workerId: viewer.workerId, currentGridId: viewer.currentGridId, mustChangePassword: viewer.mustChangePassword,
          },
          csrfToken: viewer.csrfToken,
        },
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags: ['accounts'],
      summary: 'Sign out: the session is revoked on the server, not only forgotten by the browser',
      responses: { 200: json(z.any(), 'Signed out') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      await revokeSession(sql, viewer.sessionTokenHash);
      deleteCookie(c, sessionCookieName, { path: '/' });
      await recordAudit(sql, { viewer, action: 'auth.logout', objectType: 'user', objectId: viewer.userId, result: 'ok', clientAddress: c.get('clientAddress') });
      return c.json({ signedOut: true }, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/password',
      tags: ['accounts'],
      summary: 'Change your own password; every other session of yours is revoked',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) }) } },
          required: true,
        },
      },
      responses: { 200: json(z.any(), 'Changed'), 400: json(z.any(), 'Policy not met'), 401: json(z.any(), 'Wrong current password') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { currentPassword, newPassword } = c.req.valid('json');
      const user = await findUserByUsername(sql, viewer.username);
      if (!user || !(await passwordMatches(user.passwordHash, currentPassword))) {
        await recordAudit(sql, { viewer, action: 'auth.password', objectType: 'user', objectId: viewer.userId, result: 'denied', clientAddress: c.get('clientAddress') });
        throw invalidRequest([{ field: 'currentPassword', message: 'the current password is wrong' }]);
      }
      const problems = passwordProblems(newPassword, await readNumericPolicy(sql, 'password_min_length', 10), viewer.username);
      if (currentPassword === newPassword) problems.push('must differ from the current password');
      if (problems.length > 0) throw invalidRequest(problems.map((message) => ({ field: 'newPassword', message })));
      await sql.begin(async (transaction) => {
        await setPassword(transaction, viewer.userId, await hashPassword(newPassword), false);
        await revokeAllSessions(transaction, viewer.userId);
        // this session stays: revoke-all then restore it, in one transaction
        await transaction`update sessions set revoked_at = null where token_hash = ${viewer.sessionTokenHash}`;
        await recordAudit(transaction, { viewer, action: 'auth.password', objectType: 'user', objectId: viewer.userId, result: 'ok', clientAddress: c.get('clientAddress') });
      });
      return c.json({ changed: true }, 200);
    },
  );

  return router;
}

function signedInStub(user: { id: number; username: string; displayName: string; role: import('./roles.ts').Role; workerId: number | null }) {
  return {
    kind: 'user' as const, userId: user.id, username: user.username, displayName: user.displayName, role: user.role,
    workerId: user.workerId, currentGridId: null, sessionTokenHash: '', csrfToken: '', mustChangePassword: false,
  };
}
