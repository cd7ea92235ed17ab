import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey, verifyApiKey } from '../../server/api-keys/api-keys.repo.ts';
import type { Database } from '../../server/db/connect.ts';
import { openTestDatabase } from '../support/test-database.ts';

describe('API keys', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase('migrated');
  });
  afterEach(async () => {
    await database.close();
  });

  it('verifies a key only for its scopes and stores no clear text', async () => {
    const { key, row } = await createApiKey(database.sql, { name: 'city hotline', scopes: ['open311_submit'], createdBy: null });
    expect(await verifyApiKey(database.sql, key, 'open311_submit')).toEqual({ id: row.id, name: 'city hotline' });
    expect(await verifyApiKey(database.sql, key, 'ogc_households')).toBeNull();
    expect(await verifyApiKey(database.sql, key + 'x', 'open311_submit')).toBeNull();
    const stored = await database.sql`select * from api_keys where id = ${row.id}`;
    expect(JSON.stringify(stored)).not.toContain(key);
  });

  it('refuses a revoked key and an unknown scope at the database', async () => {
    const { key, row } = await createApiKey(database.sql, { name: 'old', scopes: ['ogc_households'], createdBy: null });
    expect(await revokeApiKey(database.sql, row.id)).toBe(true);
    expect(await verifyApiKey(database.sql, key, 'ogc_households')).toBeNull();
    await expect(database.sql`insert into api_keys (name, key_prefix, key_hash, scopes) values ('x', 'abcd', '\\x00', '{delete_everything}')`).rejects.toThrow();
  });
});
