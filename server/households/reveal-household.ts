import type { Household } from '../../contract/households.ts';
import { mayRevealPersonalData } from '../accounts/access-policy.ts';
import type { UserViewer } from '../accounts/roles.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Sql } from '../db/connect.ts';
import { Failure, notFound } from '../http/failure.ts';
import type { DataKey } from '../personal-data/data-key.ts';
import type { PersonalField } from '../personal-data/masking.ts';
import { householdScopeOf } from './household-scope.ts';
import { householdView } from './household-view.ts';
import { findHousehold } from './households.repo.ts';

/**
 * Show a household's personal fields in full: only roles that need them (access-policy.ts), only
 * inside the caller's scope, and every reveal — granted or not found — is an audit row.
 */
export async function revealHousehold(
  sql: Sql,
  dataKey: DataKey,
  viewer: UserViewer,
  input: { id: number; fields: PersonalField[]; reason: string | undefined; clientAddress: string },
): Promise<Household> {
  if (!mayRevealPersonalData.includes(viewer.role)) throw new Failure('reveal_forbidden', { role: viewer.role });
  const { id, fields, clientAddress } = input;
  const record = await findHousehold(sql, householdScopeOf(viewer), id);
  if (!record) {
    await recordAudit(sql, { viewer, action: 'household.reveal', objectType: 'household', objectId: id, result: 'denied', clientAddress, details: { fields } });
    throw notFound('household', id);
  }
  await recordAudit(sql, { viewer, action: 'household.reveal', objectType: 'household', objectId: id, result: 'ok', clientAddress, details: { fields, reason: input.reason ?? null } });
  return householdView(record, dataKey, fields);
}
