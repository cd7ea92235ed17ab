import type { SeededRandom } from './seeded-random.ts';

/**
 * Made-up personal details for the synthetic demo population. They look like the real thing so
 * masking, search and validation can be exercised, but are recognisably fake:
 * - mobile numbers are 139 0000 xxxx (the 0000 block) for staff, volunteers and business contacts,
 *   138 0000 xxxx for residents (household heads, people who report a case): a data-at-rest test
 *   greps the data folder for the residents' block, which is sealed, while staff duty phones stay clear;
 * - duty landlines are 0551-0000xxxx (Hefei local numbers never start with 0);
 * - ID numbers are 18 characters with a correct GB 11643 check digit, but the three-digit order
 *   code is always 9xx, which marks every demo ID as synthetic.
 */
const surnames: [string, number][] = [
  ['王', 7.2], ['李', 7.0], ['张', 6.8], ['刘', 5.4], ['陈', 4.5], ['杨', 3.1], ['黄', 2.2], ['赵', 2.1], ['吴', 2.0], ['周', 1.9],
  ['徐', 1.6], ['孙', 1.5], ['马', 1.4], ['朱', 1.3], ['胡', 1.3], ['郭', 1.1], ['何', 1.1], ['高', 1.0], ['林', 1.0], ['罗', 0.9],
  ['郑', 0.9], ['梁', 0.8], ['谢', 0.7], ['宋', 0.7], ['唐', 0.6], ['许', 0.6], ['韩', 0.6], ['冯', 0.5], ['邓', 0.5], ['曹', 0.5],
  ['彭', 0.5], ['曾', 0.4], ['汪', 0.6], ['程', 0.5], ['鲍', 0.2], ['葛', 0.2], ['方', 0.4], ['俞', 0.2], ['戴', 0.3], ['姚', 0.3],
];
const maleGiven = ['伟', '强', '磊', '军', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '华', '飞', '斌', '国', '建', '志', '文', '海', '峰', '俊', '宇', '浩', '凯', '东', '林', '波', '成'];
const femaleGiven = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀', '玲', '燕', '红', '梅', '琳', '婷', '雪', '慧', '莉', '萍', '倩', '颖', '洁', '佳', '兰', '凤', '英', '琴', '云', '晶', '悦'];

export type Gender = 'F' | 'M';

export function fakeName(random: SeededRandom, gender: Gender): string {
  const surname = random.weighted(surnames);
  const given = gender === 'M' ? maleGiven : femaleGiven;
  return random.chance(0.7) ? surname + random.pick(given) + random.pick(given) : surname + random.pick(given);
}

export function fakeMobile(random: SeededRandom): string {
  return `1390000${String(random.integer(0, 9999)).padStart(4, '0')}`;
}

/** A resident's mobile (138 0000 xxxx): one draw, like fakeMobile, so the rest of the demo is unchanged. */
export function fakeResidentMobile(random: SeededRandom): string {
  return `1380000${String(random.integer(0, 9999)).padStart(4, '0')}`;
}

export function fakeDutyLandline(random: SeededRandom): string {
  return `0551-0000${String(random.integer(0, 9999)).padStart(4, '0')}`;
}

const checkWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

/** GB 11643 check character for the first 17 digits. */
export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += Number(first17[index]) * checkWeights[index]!;
  return checkCharacters[sum % 11]!;
}

/** A synthetic resident ID: county code, birth date, order code 9xx (odd for men), check. */
export function fakeIdNumber(random: SeededRandom, countyCode: string, birthDate: Date, gender: Gender): string {
  const year = birthDate.getUTCFullYear();
  const month = String(birthDate.getUTCMonth() + 1).padStart(2, '0');
  const day = String(birthDate.getUTCDate()).padStart(2, '0');
  let order = random.integer(900, 999);
  if ((order % 2 === 1) !== (gender === 'M')) order = order === 999 ? 998 : order + 1;
  const first17 = `${countyCode}${year}${month}${day}${order}`;
  return first17 + idNumberCheckCharacter(first17);
}

/** A birth date for someone aged between `minimumAge` and `maximumAge` on `now`. */
export function birthDateForAge(random: SeededRandom, now: Date, minimumAge: number, maximumAge: number): Date {
  const ageDays = random.integer(Math.round(minimumAge * 365.25), Math.round(maximumAge * 365.25));
  const date = new Date(now.getTime() - ageDays * 86_400_000);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
