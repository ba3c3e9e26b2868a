// Startup failures carry the end of the server's own log: the first thing anyone asks for.
import fs from 'node:fs';

export class SandboxStartError extends Error {
  // Another process took a port between pickFreePorts() and the server's bind: worth a retry on new ports.
  readonly addressInUse: boolean;

  // fromOffset: the log's size when this start began, so a reused dir's older lines do not mislead.
  constructor(server: string, reason: string, logFile: string, fromOffset: number, extra = '') {
    const tail = logTail(logFile, fromOffset);
    super(`sandbox: ${server} did not start: ${reason}\n--- last lines of ${logFile} ---\n${tail}${extra}`);
    this.name = 'SandboxStartError';
    this.addressInUse = /address already in use/i.test(tail);
  }
}

export function logSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function logTail(file: string, fromOffset: number, lines = 25): string {
  let text: string;
  try {
    text = fs.readFileSync(file).subarray(fromOffset).toString('utf8');
  } catch {
    return '(no log written)\n';
  }
  if (!text.trim()) return '(nothing logged)\n';
  return text.trimEnd().split('\n').slice(-lines).join('\n') + '\n';
}
