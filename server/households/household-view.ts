import type { DataKey } from '../personal-data/data-key.ts';
import { maskIdNumber, maskName, maskPhone, type PersonalField } from '../personal-data/masking.ts';
import type { HouseholdRecord } from './households.repo.ts';

/**
 * A household as the API shows it: personal fields masked, except those explicitly revealed.
 * The name, ID number and phone are opened only to be masked or revealed here, never stored in clear.
 */
export function householdView(record: HouseholdRecord, dataKey: DataKey, revealed: readonly PersonalField[] = []) {
  const { headName, headPhone, headIdNumber, ...rest } = record;
  const idNumber = dataKey.openOptional(headIdNumber);
  const phone = dataKey.openOptional(headPhone);
  // the head's name follows the phone and ID number: masked (张*) unless revealed (0026: stored sealed)
  const name = dataKey.openOptional(headName);
  return {
    ...rest,
    headName: revealed.includes('name') ? name : maskName(name),
    headPhone: revealed.includes('phone') ? phone : maskPhone(phone),
    headIdNumber: revealed.includes('idNumber') ? idNumber : maskIdNumber(idNumber),
    masked: (['name', 'phone', 'idNumber'] as const).filter((field) => !revealed.includes(field)),
  };
}
