import { z } from '@hono/zod-openapi';
import { instantSchema } from './common.ts';

/** API keys for machine clients (Open311 submitters, OGC household readers); the key itself is shown once. */

export const apiKeyScopeSchema = z.enum(['open311_submit', 'ogc_households']).openapi('ApiKeyScope');

export const apiKeySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    keyPrefix: z.string(),
    scopes: z.array(apiKeyScopeSchema),
    createdBy: z.number().int().nullable(),
    createdAt: instantSchema,
    revokedAt: instantSchema.nullable(),
    lastUsedAt: instantSchema.nullable(),
  })
  .openapi('ApiKey');
export const apiKeyListSchema = z.object({ keys: z.array(apiKeySchema) }).openapi('ApiKeyList');
export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().openapi({ description: 'The key in clear text: shown once, store it now' }) })
  .openapi('CreatedApiKey');
export const revokedApiKeySchema = z.object({ id: z.number().int(), revoked: z.literal(true) }).openapi('RevokedApiKey');

export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;
export type ApiKey = z.infer<typeof apiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
