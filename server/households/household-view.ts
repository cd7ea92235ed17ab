import { DataKey } from '../personal-data/data-key.ts';
import { maskIdNumber, maskName, maskPhone, type PersonalField } from '../personal-data/masking.ts';
import type { HouseholdRecord } from './households.repo.ts';

/**
 * A household as the API shows it: personal fields masked, except those explicitly revealed.
 * The ID number is decrypted only to be masked or revealed here, never stored in clear.
 */
export function householdView(record: HouseholdRecord, dataKey: DataKey, revealed: readonly PersonalField[] = []) {
  const { headName, headPhone, headIdNumber, ...rest } = record;
  const idNumber = headIdNumber && DataKey.isSealed(headIdNumber) ? dataKey.open(headIdNumber) : headIdNumber;
  return {
    ...rest,
    headName: revealed.includes('name') ? headName : maskName(headName),
    headPhone: revealed.includes('phone') ? headPhone : maskPhone(headPhone),
    headIdNumber: revealed.includes('idNumber') ? idNumber : maskIdNumber(idNumber),
    masked: (['name', 'phone', 'idNumber'] as const).filter((field) => !revealed.includes(field)),
  };
}
