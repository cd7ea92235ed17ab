/**
 * Turn what a resident types into the key buildings are indexed by: "凤梅家园 3栋 2单元 301" →
 * "凤梅家园3栋". Full-width digits become ASCII, spaces go, 号楼/幢/座 are read as 栋, and the
 * unit and room are dropped — the answer is the grid of the building, never a household.
 */
export function normaliseAddressQuery(text: string): string {
  let key = text
    .normalize('NFKC') // full-width digits and letters → ASCII
    .toLowerCase() // pinyin is typed in either case: "FMJY", "Fengmei"
    .replace(/\s+/g, '')
    .replace(/(\d+)(号楼|幢|座|号|楼)/g, '$1栋');
  key = key.replace(/\d+单元.*$/, '').replace(/(栋)\d+室?$/, '$1');
  // "凤梅家园3" (number without 栋) reads as building 3
  if (/\d$/.test(key)) key += '栋';
  return key.slice(0, 60);
}

/**
 * Split a normalised key into the estate part and the building number: "凤梅3栋" → 凤梅 + 3,
 * "fmjy" → fmjy + none. Leading zeros of the number go ("03栋" is building 3).
 */
export function splitAddressKey(key: string): { name: string; number: string | null } {
  const match = /^(.*?)(\d+)栋$/.exec(key);
  if (!match) return { name: key, number: null };
  return { name: match[1]!, number: String(Number(match[2]!)) };
}
