import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const ivLength = 12;
/**
 * Fresh IVs drawn from the CSPRNG a few hundred at a time, each handed out once: one
 * `randomBytes(12)` per sealed value cost more than the encryption itself (a batch import seals a
 * thousand names and phones; issue 21 §4 profile).
 */
const ivPool = Buffer.alloc(ivLength * 512);
let ivOffset = ivPool.length;
function nextIv(): Buffer {
  if (ivOffset === ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + ivLength);
  ivOffset += ivLength;
  return iv;
}

/**
 * The key that protects personal data at rest: ID numbers, residents' phone numbers, household heads' and reporters' names. From `GRIDATLAS_DATA_KEY` (base64, 32 bytes) when
 * set — the right choice for real deployments, kept in a secret store — otherwise a key file
 * generated once beside the data folder with mode 0600. Losing the key loses the ID numbers.
 */
export class DataKey {
  private constructor(
    private readonly encryptionKey: Buffer,
    private readonly hashKey: Buffer,
  ) {}

  static fromSecret(secret: Buffer): DataKey {
    if (secret.length !== 32) throw new Error('GRIDATLAS_DATA_KEY must be 32 bytes, base64-encoded');
    // two independent keys derived from one secret: encryption and lookup hashing
    return new DataKey(
      createHmac('sha256', secret).update('gridatlas/encrypt').digest(),
      createHmac('sha256', secret).update('gridatlas/lookup-hash').digest(),
    );
  }

  static load(options: { environmentKey?: string; keyFile: string }): DataKey {
    if (options.environmentKey) return DataKey.fromSecret(Buffer.from(options.environmentKey, 'base64'));
    if (!fs.existsSync(options.keyFile)) {
      fs.mkdirSync(path.dirname(options.keyFile), { recursive: true });
      fs.writeFileSync(options.keyFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    return DataKey.fromSecret(Buffer.from(fs.readFileSync(options.keyFile, 'utf8').trim(), 'base64'));
  }

  static isSealed(value: string | null): boolean {
    return value !== null && value.startsWith('enc:v1:');
  }

  /** AES-256-GCM; the stored text is `enc:v1:<iv>:<tag>:<ciphertext>` in base64url. */
  seal(plaintext: string): string {
    // used at once (the cipher and the stored text), before the pool can be refilled
    const iv = nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['enc', 'v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
  }

  open(sealed: string): string {
    const [, , iv, tag, ciphertext] = sealed.split(':');
    if (!iv || !tag || ciphertext === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Seal a value that may be absent: null, undefined and '' are stored as null, never as a sealed empty string. */
  sealOptional(plaintext: string | null | undefined): string | null {
    return plaintext === null || plaintext === undefined || plaintext === '' ? null : this.seal(plaintext);
  }

  /**
   * Open a stored value for a reading path: a sealed value is opened, a clear one (a row written
   * before sealing existed and not yet sealed at start) is passed through, null stays null.
   */
  openOptional(stored: string | null): string | null {
    return stored !== null && DataKey.isSealed(stored) ? this.open(stored) : stored;
  }

  /** A keyed hash for exact lookup ("find the household with this ID number") without decrypting. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.hashKey).update(value.trim().toUpperCase()).digest('hex');
  }
}
