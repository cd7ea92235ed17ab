import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { passwordChangedSchema, sessionSchema, signedOutSchema } from '../../contract/accounts.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { signedInViewer } from './authenticate.ts';
import { publicOriginOf } from './client-address.ts';
import { changeOwnPassword } from './change-password.ts';
import { sessionCookieName } from './session-token.ts';
import { sessionOf, signIn, signOut } from './sign-in.ts';

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
        200: jsonResponse(sessionSchema, 'Signed in'),
        401: errorResponse('wrong_credentials: wrong user name or password (the answer never says which)'),
        423: errorResponse('locked: the account is locked for a while after repeated failures (details.lockedUntil)'),
        429: errorResponse('rate_limited: too many attempts from this address (Retry-After)'),
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const { token, session } = await signIn(sql, context.limiters.loginPerAddress, {
        username, password, clientAddress: c.get('clientAddress'), userAgent: c.req.header('user-agent') ?? null, viewer: c.get('viewer'),
      });
      setCookie(c, sessionCookieName, token, { httpOnly: true, sameSite: 'Strict', secure: context.config.secureCookies || publicOriginOf(c, context.config.trustedProxies).startsWith('https:'), path: '/' });
      return c.json(session, 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/auth/session',
      tags: ['accounts'],
      summary: 'Who is signed in (null for residents), with the CSRF token for writes',
      responses: { 200: jsonResponse(sessionSchema, 'The current user or null') },
    }),
    async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(sessionOf(c.get('viewer')), 200);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags: ['accounts'],
      summary: 'Sign out: the session is revoked on the server, not only forgotten by the browser',
      responses: { 200: jsonResponse(signedOutSchema, 'Signed out') },
    }),
    async (c) => {
      await signOut(sql, signedInViewer(c.get('viewer')), c.get('clientAddress'));
      deleteCookie(c, sessionCookieName, { path: '/' });
      return c.json({ signedOut: true as const }, 200);
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
      responses: {
        200: jsonResponse(passwordChangedSchema, 'Changed'),
        400: errorResponse('The current password is wrong (current_password_wrong) or the new one does not meet the policy (password_* problems)'),
      },
    }),
    async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json');
      await changeOwnPassword(sql, signedInViewer(c.get('viewer')), { currentPassword, newPassword, clientAddress: c.get('clientAddress') });
      return c.json({ changed: true as const }, 200);
    },
  );

  return router;
}
