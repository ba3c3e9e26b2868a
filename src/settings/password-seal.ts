// A secret (a POP3 account's password, issue 11) stored among the user's settings on the IMAP server, sealed under
// a key derived from the user's IMAP password. Whoever reads the stored settings (the mail admin, a backup) must
// still guess the IMAP password to open it, and each guess costs a slow, memory-hard derivation.
//
// Parameters: scrypt N = 2^15, r = 8, p = 3, one of the OWASP Password Storage Cheat Sheet's equivalent
// minimums (N = 2^17 with p = 1 costs four times the memory for the same work). Each derivation holds 32 MiB
// (128 * N * r bytes) and runs on libuv's thread pool, so at most four run at once and the event loop never
// waits; measured here at 450-900 ms on a loaded 2-core machine. A random 16-byte salt per value, so equal
// secrets seal differently and nothing can be precomputed; AES-256-GCM with a random 96-bit nonce, and the
// version and parameters as associated data, so they cannot be altered without the open failing.
//
// Format: "pw1.<log2 N>.<r>.<p>.<salt>.<nonce>.<ciphertext>.<tag>", binary parts base64url.
import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';

const VERSION = 'pw1';
const PARAMS = { logN: 15, r: 8, p: 3 };

export type Opened =
  | { ok: true; secret: string }
  /** 'wrong-password': the IMAP password changed since sealing (or the value was altered): ask for the secret again */
  | { ok: false; reason: 'wrong-password' | 'malformed' };

function deriveKey(password: string, salt: Buffer, params: typeof PARAMS): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: 2 * 128 * 2 ** params.logN * params.r };
  return new Promise((resolve, reject) => {
    // NFC: the same password typed on systems that compose accents differently derives the same key.
    scrypt(password.normalize('NFC'), salt, 32, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function sealWithPassword(secret: string, imapPassword: string): Promise<string> {
  const header = [VERSION, PARAMS.logN, PARAMS.r, PARAMS.p].join('.');
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(imapPassword, salt, PARAMS), nonce);
  cipher.setAAD(Buffer.from(header, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [header, ...[salt, nonce, body, cipher.getAuthTag()].map((b) => b.toString('base64url'))].join('.');
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Parameters an attacker who can edit the stored value could use to make Postern work for minutes are refused. */
function parse(sealed: string): { header: string; params: typeof PARAMS; parts: Buffer[] } | undefined {
  const fields = sealed.split('.');
  if (fields.length !== 8 || fields[0] !== VERSION) return undefined;
  const [logN, r, p] = fields.slice(1, 4).map(Number) as [number, number, number];
  if (!(logN >= 14 && logN <= 17 && r === 8 && p >= 1 && p <= 4)) return undefined;
  if (!fields.slice(4).every((f) => B64URL.test(f))) return undefined;
  const parts = fields.slice(4).map((f) => Buffer.from(f, 'base64url'));
  if (parts[0]!.length !== 16 || parts[1]!.length !== 12 || parts[3]!.length !== 16) return undefined;
  return { header: fields.slice(0, 4).join('.'), params: { logN, r, p }, parts };
}

export async function openWithPassword(sealed: string, imapPassword: string): Promise<Opened> {
  const found = parse(sealed);
  if (!found) return { ok: false, reason: 'malformed' };
  const [salt, nonce, body, tag] = found.parts as [Buffer, Buffer, Buffer, Buffer];
  const key = await deriveKey(imapPassword, salt, found.params);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(found.header, 'utf8'));
    decipher.setAuthTag(tag);
    const secret = Buffer.concat([decipher.update(body), decipher.final()]);
    return { ok: true, secret: new TextDecoder('utf-8', { fatal: true }).decode(secret) };
  } catch {
    return { ok: false, reason: 'wrong-password' };
  }
}
