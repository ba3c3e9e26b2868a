// The parent side of app-child.ts: starts Postern in its own process, signs in as a browser would (live.ts), and
// asks the child for memory measurements.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import type { ChildStart, Memory } from './app-child.ts';
import { csrfFrom } from './app.ts';
import type { TestUser } from './env.ts';
import { signInLive } from './live.ts';

const CHILD = path.join(import.meta.dirname, 'app-child.ts');

// What makes RSS show what the process holds rather than what the allocators keep for later: V8 grows its young
// generation once under a high allocation rate, to a fixed ceiling (tens of MB, whatever the upload size), and
// glibc keeps freed memory in its arenas. A 1 MB young generation and an allocator that hands freed memory back
// take both out of the measurement; what remains is memory something still uses.
const EXEC_ARGV = ['--expose-gc', '--max-semi-space-size=1'];
const ALLOCATOR_ENV = { MALLOC_ARENA_MAX: '1', MALLOC_TRIM_THRESHOLD_: '65536', MALLOC_MMAP_THRESHOLD_: '65536' };

export interface AppProcess {
  base: string;
  /** live and resident memory now; 'sample' starts sampling, 'peak' stops it and gives the highest figures seen */
  memory(what?: 'measure' | 'sample' | 'peak'): Promise<Memory>;
  stop(): Promise<void>;
}

export async function startAppProcess(info: SandboxInfo, overrides: Record<string, string> = {}): Promise<AppProcess> {
  const child: ChildProcess = fork(CHILD, [], { execArgv: EXEC_ARGV, env: { ...process.env, ...ALLOCATOR_ENV }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const start: ChildStart = { info, overrides };
  child.send(start);
  const [ready] = (await once(child, 'message')) as [{ port: number }];
  const exited = once(child, 'exit');
  return {
    base: `http://127.0.0.1:${ready.port}`,
    async memory(what = 'measure') {
      child.send(what);
      const [reply] = (await once(child, 'message')) as [{ memory: Memory }];
      return reply.memory;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.send('exit');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      child.kill();
    },
  };
}

/** fetch with a cookie jar, signed in through the real form, as a browser would be; `token` reads a page's CSRF token. */
export async function signedInFetch(base: string, user: TestUser) {
  const go = await signInLive(base, user);
  const token = async (url = '/compose') => csrfFrom(await (await go(url)).text());
  return { fetch: go, token, cookie: go.cookie };
}
