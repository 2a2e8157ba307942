import { createHash, randomBytes } from 'node:crypto';

/** Secrets (session ids, API tokens) are stored only as this hash. */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}
