// Secrets Postern needs besides the session cookie's signature, each derived from SESSION_SECRET for one purpose
// (HKDF, RFC 5869), so an admin sets one secret and no two mechanisms ever share a key.
import { hkdfSync } from 'node:crypto';

export type KeyPurpose = 'key-cookie-check' | 'login-csrf';

export function derivedKey(sessionSecret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'postern', purpose, 32));
}
