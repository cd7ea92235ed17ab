import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../server/accounts/password-policy.ts';
import { DataKey } from '../../server/personal-data/data-key.ts';
import { maskIdNumber, maskName, maskPhone } from '../../server/personal-data/masking.ts';

describe('masking', () => {
  it('masks as the brief shows', () => {
    expect(maskIdNumber('110101199001011234')).toBe('1101**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName(null)).toBeNull();
  });

  it('never shows more than the first and last four digits of an ID number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{17}[0-9X]$/), (idNumber) => {
        const masked = maskIdNumber(idNumber)!;
        expect(masked).toHaveLength(18);
        expect(masked.slice(4, 14)).toBe('**********');
      }),
    );
  });
});

describe('data key', () => {
  it('round-trips, never stores the plaintext, and hashes for lookup without revealing', () => {
    const key = DataKey.fromSecret(Buffer.alloc(32, 1));
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (text) => {
        const sealed = key.seal(text);
        expect(DataKey.isSealed(sealed)).toBe(true);
        expect(key.open(sealed)).toBe(text);
      }),
    );
    expect(key.seal('x')).not.toBe(key.seal('x'));
    expect(key.lookupHash('11010119900101123x')).toBe(key.lookupHash('11010119900101123X'));
    const otherKey = DataKey.fromSecret(Buffer.alloc(32, 2));
    expect(() => otherKey.open(key.seal('secret'))).toThrow();
  });
});

describe('password policy', () => {
  it('asks for length, three character classes and no user name', () => {
    const codes = (found: { code?: string }[]) => found.map((entry) => entry.code);
    expect(passwordProblems('Short-1', 10)).toContainEqual({ field: 'password', code: 'password_too_short', params: { minimum: 10 } });
    expect(codes(passwordProblems('alllowercaseletters', 10))).toContain('password_too_simple');
    expect(codes(passwordProblems('Planner-2026-x', 10, 'planner'))).toContain('password_contains_username');
    expect(passwordProblems('Demo-GridAtlas-2026', 10)).toEqual([]);
  });
});
