import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { createRouter } from '../http/create-router.ts';
import { notFound } from '../http/failure.ts';
import { idParameter } from '../http/query-parameters.ts';
import { apiKeyScopes, createApiKey, listApiKeys, revokeApiKey, type ApiKeyRow } from './api-keys.repo.ts';

const json = (description: string) => ({ content: { 'application/json': { schema: z.any() } }, description });

const keyView = (row: ApiKeyRow) => ({
  id: row.id,
  name: row.name,
  keyPrefix: row.keyPrefix,
  scopes: row.scopes,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

/** Administrators manage API keys for machine clients; the key itself is shown once, at creation. */
export function createApiKeyRoutes({ database }: AppContext) {
  const router = createRouter();
  const { sql } = database;

  router.openapi(
    createRoute({ method: 'get', path: '/api-keys', tags: ['api-keys'], summary: 'API keys (never the key itself: only its prefix)', responses: { 200: json('Keys') } }),
    async (c) => c.json({ keys: (await listApiKeys(sql)).map(keyView) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/api-keys', tags: ['api-keys'],
      summary: 'Create a key; the answer carries the key in clear text once — store it now, it cannot be shown again',
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({
                name: z.string().trim().min(1, 'name the client the key is for').max(100),
                scopes: z.array(z.enum(apiKeyScopes as [string, ...string[]])).min(1, 'give the key at least one scope'),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: json('The key, shown once') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { name, scopes } = c.req.valid('json');
      const created = await sql.begin(async (transaction) => {
        const result = await createApiKey(transaction, { name, scopes: [...new Set(scopes)] as never, createdBy: viewer.userId });
        await recordAudit(transaction, {
          viewer, action: 'api_key.create', objectType: 'api_key', objectId: result.row.id, result: 'ok',
          clientAddress: c.get('clientAddress'), details: { name, scopes, keyPrefix: result.row.keyPrefix },
        });
        return result;
      });
      c.header('Cache-Control', 'no-store');
      return c.json({ ...keyView(created.row), key: created.key }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete', path: '/api-keys/{id}', tags: ['api-keys'], summary: 'Revoke a key (permanent; the row stays for attribution)',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: json('Revoked'), 404: json('No such key') },
    }),
    async (c) => {
      const viewer = signedInViewer(c.get('viewer'));
      const { id } = c.req.valid('param');
      const revoked = await sql.begin(async (transaction) => {
        const found = await revokeApiKey(transaction, id);
        if (found) {
          await recordAudit(transaction, { viewer, action: 'api_key.revoke', objectType: 'api_key', objectId: id, result: 'ok', clientAddress: c.get('clientAddress') });
        }
        return found;
      });
      if (!revoked) throw notFound('api_key', id);
      return c.json({ id, revoked: true }, 200);
    },
  );

  return router;
}
