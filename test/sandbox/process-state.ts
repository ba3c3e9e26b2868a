import fs from 'node:fs';

// Zombies count as gone: this machine's init reaps orphans late, and kill(pid, 0) still finds them.
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
