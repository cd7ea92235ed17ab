import type { ApiKey, ApiKeyScope, CreatedApiKey } from '../../../contract/api-keys.ts';
import { http } from './http-client.ts';

/** API keys for machine clients (server/api-keys); answers are the contract's types (contract/api-keys.ts). */
export const apiKeysApi = {
  list: (signal?: AbortSignal) => http.get<{ keys: ApiKey[] }>('/api/api-keys', { signal }),
  create: (body: { name: string; scopes: ApiKeyScope[] }) => http.post<CreatedApiKey>('/api/api-keys', body),
  revoke: (id: number) => http.delete<{ id: number; revoked: true }>(`/api/api-keys/${id}`),
};
