import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/connect.ts';

/** What an API key may do: submit Open311 requests, read (masked) households over OGC API Features. */
export type ApiKeyScope = 'open311_submit' | 'ogc_households';
export const apiKeyScopes: readonly ApiKeyScope[] = ['open311_submit', 'ogc_households'];

export interface ApiKeyRow {
  id: number;
  name: string;
  keyPrefix: string;
  scopes: ApiKeyScope[];
  createdBy: number | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const hashOf = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/** Creates a key and returns it in clear text once; only its hash is stored. */
export async function createApiKey(
  sql: Queryable,
  input: { name: string; scopes: ApiKeyScope[]; createdBy: number | null },
): Promise<{ key: string; row: ApiKeyRow }> {
  const prefix = randomBytes(6).toString('base64url').slice(0, 8);
  const key = `ga_${prefix}_${randomBytes(24).toString('base64url')}`;
  const [row] = await sql<ApiKeyRow[]>`
    insert into api_keys (name, key_prefix, key_hash, scopes, created_by)
    values (${input.name}, ${prefix}, ${hashOf(key)}, ${input.scopes as string[]}, ${input.createdBy})
    returning id, name, key_prefix, scopes, created_by, created_at, revoked_at, last_used_at`;
  return { key, row: row! };
}

export async function listApiKeys(sql: Queryable): Promise<ApiKeyRow[]> {
  return sql<ApiKeyRow[]>`
    select id, name, key_prefix, scopes, created_by, created_at, revoked_at, last_used_at from api_keys order by id`;
}

/** Revoking is permanent; the row stays so past use can still be attributed. Returns false if unknown. */
export async function revokeApiKey(sql: Queryable, id: number): Promise<boolean> {
  const rows = await sql`update api_keys set revoked_at = coalesce(revoked_at, now()) where id = ${id} returning id`;
  return rows.length > 0;
}

/** The key's identity when it exists, is not revoked and carries the scope; null otherwise. */
export async function verifyApiKey(sql: Queryable, key: string, scope: ApiKeyScope): Promise<{ id: number; name: string } | null> {
  if (key.length < 10 || key.length > 200) return null;
  const [row] = await sql<{ id: number; name: string }[]>`
    update api_keys set last_used_at = now()
     where key_hash = ${hashOf(key)} and revoked_at is null and ${scope} = any(scopes)
     returning id, name`;
  return row ?? null;
}
