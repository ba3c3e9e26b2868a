// The IMAP password must survive in the session store so any instance can rebuild the connection, but a stolen
// store must not yield it: it is sealed with AES-256-GCM under a per-login key that lives only in a second
// HttpOnly cookie (DESIGN.md, sessions and credentials). Neither the store nor the cookie alone opens it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealed {
  /** iv.tag.ciphertext, base64url: kept in the session store */
  sealed: string;
  /** 32-byte key, base64url: kept only in the browser's key cookie */
  key: string;
}

export function sealPassword(password: string): Sealed {
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  const sealed = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
  return { sealed, key: key.toString('base64url') };
}

/** The password, or undefined when the key does not fit (another login's cookie, tampering, a truncated value). */
export function openPassword(sealed: string, key: string): string | undefined {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  const keyBytes = Buffer.from(key, 'base64url');
  if (!iv || !tag || !body || iv.length !== 12 || tag.length !== 16 || keyBytes.length !== 32) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
