// The sandbox working dir holds configs, logs, queue and mail. Dovecot writes mail as `nobody`, so that user
// must be able to reach <dir>/home: a mkdtemp dir (0700) is opened up, and a caller's dir is checked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function prepareWorkingDir(requested: string | undefined, prefix = 'postern-sandbox-'): string {
  // Dovecot and Postfix switch to their own users and bind as root; without root they cannot start at all.
  if (process.getuid?.() !== 0) throw new Error('sandbox: must run as root (Dovecot and Postfix switch users)');
  const dir = requested
    ? path.resolve(requested)
    : fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  for (let parent = path.dirname(dir); ; parent = path.dirname(parent)) {
    // "others" need search (x) permission on every ancestor; nobody is in no group that owns them.
    if ((fs.statSync(parent).mode & 0o001) === 0) {
      throw new Error(`sandbox: ${parent} is not searchable by other users, so Dovecot (as nobody) cannot reach ${dir}`);
    }
    if (parent === path.dirname(parent)) break;
  }
  return dir;
}
