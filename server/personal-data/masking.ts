/**
 * Masking of personal information (PIPL): what every role sees unless it may reveal a field.
 * Pure functions; the server applies them, never the browser.
 */

/** 110101199001011234 → 1101**********1234 */
export function maskIdNumber(idNumber: string | null): string | null {
  if (!idNumber) return idNumber;
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 4) + '*'.repeat(idNumber.length - 8) + idNumber.slice(-4);
}

/** 13812345678 → 138****5678; a landline keeps its area code and last four digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(phone.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: only the first character survives. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const characters = [...name];
  if (characters.length === 1) return '*';
  return characters[0] + '*'.repeat(characters.length - 1);
}

export const personalFields = ['name', 'idNumber', 'phone'] as const;
export type PersonalField = (typeof personalFields)[number];
