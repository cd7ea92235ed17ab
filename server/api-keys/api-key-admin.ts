import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { notFound } from '../http/failure.ts';
import { createApiKey, revokeApiKey, type ApiKeyRow, type ApiKeyScope } from './api-keys.repo.ts';

/** An administrator issues and revokes API keys; each change is one transaction with its audit row. */

export async function issueApiKey(
  sql: Sql,
  viewer: UserViewer,
  input: { name: string; scopes: ApiKeyScope[]; clientAddress: string },
): Promise<{ key: string; row: ApiKeyRow }> {
  const scopes = [...new Set(input.scopes)];
  return sql.begin(async (transaction) => {
    const result = await createApiKey(transaction, { name: input.name, scopes, createdBy: viewer.userId });
    await recordAudit(transaction, {
      viewer, action: 'api_key.create', objectType: 'api_key', objectId: result.row.id, result: 'ok',
      clientAddress: input.clientAddress, details: { name: input.name, scopes, keyPrefix: result.row.keyPrefix },
    });
    return result;
  });
}

export async function withdrawApiKey(sql: Sql, viewer: UserViewer, id: number, clientAddress: string): Promise<void> {
  const revoked = await sql.begin(async (transaction) => {
    const found = await revokeApiKey(transaction, id);
    if (found) await recordAudit(transaction, { viewer, action: 'api_key.revoke', objectType: 'api_key', objectId: id, result: 'ok', clientAddress });
    return found;
  });
  if (!revoked) throw notFound('api_key', id);
}
