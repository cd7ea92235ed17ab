import { createRoute, z } from '@hono/zod-openapi';
import { createdUserSchema, userAccountListSchema } from '../../contract/accounts.ts';
import type { AppContext } from '../app-context.ts';
import { createRouter } from '../http/create-router.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { listUsers, type UserListRow } from './accounts.repo.ts';
import { signedInViewer } from './authenticate.ts';
import { createUserAccount } from './create-user.ts';
import { roles } from './roles.ts';
import { databaseIdSchema } from '../http/query-parameters.ts';

const userView = (row: UserListRow) => ({
  ...row,
  lockedUntil: row.lockedUntil?.toISOString() ?? null,
  lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

export function createUserRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['accounts'],
      summary: 'All accounts (admin)',
      responses: { 200: jsonResponse(userAccountListSchema, 'Users') },
    }),
    async (c) => c.json({ users: (await listUsers(sql)).map(userView) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['accounts'],
      summary: 'Create an account with a one-time password the user must change at first sign-in (admin)',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({
                username: z.string().regex(/^[a-z0-9_.-]{3,64}$/),
                displayName: z.string().min(1).max(64),
                role: z.enum(roles),
                workerId: databaseIdSchema.optional(),
                password: z.string().min(1).max(128),
              }),
            },
          },
          required: true,
        },
      },
      responses: {
        201: jsonResponse(createdUserSchema, 'Created'),
        400: errorResponse('A field is wrong: the password policy (password_* problems), workerId for a worker account only'),
        422: errorResponse('username_taken: the user name is already in use (details.fields names username)'),
      },
    }),
    async (c) => {
      const id = await createUserAccount(sql, signedInViewer(c.get('viewer')), c.req.valid('json'), c.get('clientAddress'));
      return c.json({ id }, 201);
    },
  );

  return router;
}
