import { createRoute, z } from '@hono/zod-openapi';
import { apiKeyListSchema, apiKeyScopeSchema, createdApiKeySchema, revokedApiKeySchema } from '../../contract/api-keys.ts';
import type { AppContext } from '../app-context.ts';
import { signedInViewer } from '../accounts/authenticate.ts';
import { createRouter } from '../http/create-router.ts';
import { errorResponse, jsonResponse } from '../http/openapi-responses.ts';
import { idParameter } from '../http/query-parameters.ts';
import { issueApiKey, withdrawApiKey } from './api-key-admin.ts';
import { listApiKeys, type ApiKeyRow } from './api-keys.repo.ts';

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
    createRoute({
      method: 'get', path: '/api-keys', tags: ['api-keys'], summary: 'API keys (never the key itself: only its prefix)',
      responses: { 200: jsonResponse(apiKeyListSchema, 'Keys') },
    }),
    async (c) => c.json({ keys: (await listApiKeys(sql)).map(keyView) }, 200),
  );

  router.openapi(
    createRoute({
      method: 'post', path: '/api-keys', tags: ['api-keys'],
      summary: 'Create a key; the answer carries the key in clear text once — store it now, it cannot be shown again',
      request: {
        body: {
          content: { 'application/json': { schema: z.object({ name: z.string().trim().min(1).max(100), scopes: z.array(apiKeyScopeSchema).min(1) }) } },
          required: true,
        },
      },
      responses: { 201: jsonResponse(createdApiKeySchema, 'The key, shown once'), 400: errorResponse('A name and at least one scope') },
    }),
    async (c) => {
      const { name, scopes } = c.req.valid('json');
      const created = await issueApiKey(sql, signedInViewer(c.get('viewer')), { name, scopes, clientAddress: c.get('clientAddress') });
      c.header('Cache-Control', 'no-store');
      return c.json({ ...keyView(created.row), key: created.key }, 201);
    },
  );

  router.openapi(
    createRoute({
      method: 'delete', path: '/api-keys/{id}', tags: ['api-keys'], summary: 'Revoke a key (permanent; the row stays for attribution)',
      request: { params: z.object({ id: idParameter }) },
      responses: { 200: jsonResponse(revokedApiKeySchema, 'Revoked'), 404: errorResponse('No such key') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await withdrawApiKey(sql, signedInViewer(c.get('viewer')), id, c.get('clientAddress'));
      return c.json({ id, revoked: true as const }, 200);
    },
  );

  return router;
}
