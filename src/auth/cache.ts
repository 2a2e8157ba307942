import type { Role } from '../users/schema.js';

export interface AuthUser {
  readonly id: number;
  readonly username: string;
  readonly role: Role;
}

const TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

/**
 * Recently checked credentials (by their hash), so an API client's every request does not
 * cost a lookup. Revoking a token, signing out or changing a user empties it in this process;
 * other server processes notice within TTL_MS.
 */
class CredentialCache {
  private entries = new Map<string, { user: AuthUser; until: number; extra?: string }>();

  get(key: string): { user: AuthUser; extra?: string } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until < Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, user: AuthUser, extra?: string): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { user, until: Date.now() + TTL_MS, extra });
  }

  clear(): void {
    this.entries.clear();
  }
}

export const credentialCache = new CredentialCache();
