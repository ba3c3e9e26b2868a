// One self-signed certificate serves IMAPS, IMAP STARTTLS and SMTP STARTTLS. Clients trust it by passing the
// same file as their CA, and its SAN covers both names a test may dial (localhost and 127.0.0.1).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Certificate {
  certFile: string; // also the CA file handed to clients
  keyFile: string;
}

export async function makeCertificate(tlsDir: string): Promise<Certificate> {
  fs.mkdirSync(tlsDir, { recursive: true, mode: 0o755 });
  const certFile = path.join(tlsDir, 'cert.pem');
  const keyFile = path.join(tlsDir, 'key.pem');
  // P-256 instead of RSA: key generation takes milliseconds, which matters for tests that start sandboxes.
  // `req -x509` marks it CA:TRUE, so Node accepts it as its own trust anchor.
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ]);
  // Dovecot and Postfix read the key as root before dropping privileges; nobody else needs it.
  fs.chmodSync(keyFile, 0o600);
  fs.chmodSync(certFile, 0o644);
  return { certFile, keyFile };
}
