import { randomBytes } from 'node:crypto';

/**
 * The random part of a tracking code (`E20261205-7KQ3M9XA`): 8 characters of Crockford's base32
 * (no I, L, O, U — nothing to misread on a phone), 40 bits. The date part stays readable; the
 * random part makes codes impossible to enumerate, so a code tells nobody about anyone else's case.
 * Used when a case is created (incident-loop.repo.ts); the demo uses its own seeded generator.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function randomTrackingSuffix(bytes: Uint8Array = randomBytes(5)): string {
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return text;
}

/** The shape of every tracking code the system hands out, new (random) and old (sequential). */
export const trackingCodePattern = /^[A-Z0-9]{1,20}(-[A-Z0-9]{1,20}){1,3}$/;
