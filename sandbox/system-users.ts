// Numeric ids of the system accounts the servers run as. Node has no getpwnam, and these files are what it
// would read on this machine anyway (no NSS modules in play for system accounts).
import fs from 'node:fs';

export function userId(name: string): number {
  return lookup('/etc/passwd', name);
}

export function groupId(name: string): number {
  return lookup('/etc/group', name);
}

function lookup(file: string, name: string): number {
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const fields = line.split(':');
    if (fields[0] === name && fields[2] !== undefined) return Number(fields[2]);
  }
  throw new Error(`sandbox: no ${name} in ${file}`);
}
