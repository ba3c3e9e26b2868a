// A SIGKILLed owner runs no 'exit' handler, and the servers live in their own process groups, so nothing
// would stop them. This tiny detached shell polls the owner once a second and, once it is gone, kills the
// process groups listed in a file (rewritten whenever a server restarts) and removes a temporary working dir.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const SCRIPT = `
owner=$1 groups_file=$2 remove_dir=$3
while kill -0 "$owner" 2>/dev/null; do sleep 1; done
if [ -f "$groups_file" ]; then
  for group in $(cat "$groups_file"); do kill -9 -- "-$group" 2>/dev/null; done
fi
if [ -n "$remove_dir" ]; then sleep 1; rm -rf -- "$remove_dir"; fi
`;

export interface Watchdog {
  watch(pgids: number[]): void;
  stop(): void;
}

// removeDir: the working dir to delete after the kill ('' keeps it: the caller chose the dir).
export function startWatchdog(groupsFile: string, removeDir: string): Watchdog {
  writeGroups(groupsFile, []);
  const child = spawn('bash', ['-c', SCRIPT, 'postern-sandbox-watchdog', String(process.pid), groupsFile, removeDir], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return {
    watch: (pgids) => writeGroups(groupsFile, pgids),
    stop: () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}

// Written to a temp name and renamed, so the shell never reads a half-written list.
function writeGroups(file: string, pgids: number[]): void {
  fs.writeFileSync(`${file}.tmp`, pgids.join(' ') + '\n');
  fs.renameSync(`${file}.tmp`, file);
}
