// Dovecot's own log of the sandbox, for proving what reached the IMAP server (logins, addresses, LOGOUTs).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';

export function dovecotLog(info: SandboxInfo): string {
  return readFileSync(path.join(info.dir, 'dovecot.log'), 'utf8');
}

/**
 * The log lines that match, once there are at least `count` of them. Dovecot writes a line when it finishes the
 * step it logs, a moment after the client has moved on: this waits for it, with a hang guard rather than a timing.
 */
export async function logLines(info: SandboxInfo, match: (line: string) => boolean, count = 1): Promise<string[]> {
  let lines: string[] = [];
  for (let i = 0; i < 100; i++) {
    lines = dovecotLog(info).split('\n').filter(match);
    if (lines.length >= count) return lines;
    await sleep(50);
  }
  throw new Error(`expected ${count} matching line(s) in dovecot.log, found ${lines.length}:\n${lines.join('\n')}`);
}
