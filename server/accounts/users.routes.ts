import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import { invalidRequest } from '../http/failure.ts';
import { insertUser, listUsers, readNumericPolicy } from './accounts.repo.ts';
import { signedInViewer } from './authenticate.ts';
import { hashPassword } from './password-hashing.ts';
import { passwordProblems } from './password-policy.ts';
import { roles } from './roles.ts';

export function createUserRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/users',
      tags: ['accounts'],
      summary: 'All accounts (admin)',
      responses: { 200: { content: { 'application/json': { schema: z.any() } }, description: 'Users' } },
    }),
    async (c) => c.json({ users: await listUsers(sql) }, 200),
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
                username: z.string().regex(/^[a-z0-9_.-]{3,64}$/, 'username: 3–64 of a-z 0-9 _ . -'),
                displayName: z.string().min(1).max(64),
                role: z.enum(roles),
                workerId: z.number().int().positive().optional(),
                password: z.string().min(1).max(128),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: { content: { 'application/json': { schema: z.any() } }, description: 'Created' } },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const body = c.req.valid('json');
      const problems = passwordProblems(body.password, await readNumericPolicy(sql, 'password_min_length', 10), body.username)
        .map((message) => ({ field: 'password', message }));
      if ((body.role === 'worker') !== (body.workerId !== undefined)) {
        problems.push({ field: 'workerId', message: 'a worker account needs workerId, and only a worker account has one' });
      }
      if (body.workerId !== undefined) {
        const [worker] = await sql`select id from workers where id = ${body.workerId}`;
        if (!worker) problems.push({ field: 'workerId', message: `worker ${body.workerId} does not exist` });
      }
      if (problems.length > 0) throw invalidRequest(problems);
      const id = await sql.begin(async (transaction) => {
        const created = await insertUser(transaction, {
          username: body.username, displayName: body.displayName, role: body.role,
          passwordHash: await hashPassword(body.password), workerId: body.workerId ?? null, mustChangePassword: true,
        });
        await recordAudit(transaction, { viewer, action: 'user.create', objectType: 'user', objectId: created, result: 'ok', clientAddress: c.get('clientAddress'), details: { username: body.username, role: body.role } });
        return created;
      });
      return c.json({ id }, 201);
    },
  );

  return router;
}
