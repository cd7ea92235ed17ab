import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (memory-hard); the parameters live in the hash string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function passwordMatches(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;
/** Verifying against this when the user does not exist keeps the timing of both answers alike. */
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hash('no such user: decoy password');
  return decoy;
}
