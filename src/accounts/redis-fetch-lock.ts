// The fetch lock across instances (SESSION_STORE_URL=redis://...): src/pop3's RedisLock on a client of our own,
// made like the session store's (src/http/sessions/session-store.ts). It connects on the first run that needs it, so an
// instance whose users have no other accounts never opens it. Every call has our own deadline: node-redis' command
// timeout stops counting once a command is written, and a frozen Redis still accepts writes. A failed or late call
// fails the run with the 'lock' kind; the run waits for the next turn rather than risk fetching twice.
import type { Logger } from 'pino';
import { createClient } from 'redis';
import { RedisLock, type FetchLock, type LockRedis } from '../pop3/fetch-lock.ts';

export interface ClosableLock {
  lock: FetchLock;
  close(): Promise<void>;
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the fetch lock store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function newClient(url: string, timeoutMs: number) {
  return createClient({ url, socket: { connectTimeout: timeoutMs }, commandOptions: { timeout: timeoutMs }, commandsQueueMaxLength: 1000 });
}

type Client = ReturnType<typeof newClient>;

export function redisFetchLock(url: string, logger: Logger, timeoutMs: number): ClosableLock {
  let client: Client | undefined;
  let connecting: Promise<Client> | undefined;
  const connected = (): Promise<Client> => {
    connecting ??= (async () => {
      const made = newClient(url, timeoutMs);
      made.on('error', (err: Error) => logger.warn({ msg: err.message }, 'redis fetch lock error'));
      client = made;
      await within(made.connect(), timeoutMs);
      return made;
    })().catch((err: unknown) => {
      // The next run tries again with a new client.
      client?.destroy();
      client = undefined;
      connecting = undefined;
      throw err;
    });
    return connecting;
  };
  const redis: LockRedis = {
    set: async (key, value, options) => within((await connected()).set(key, value, options), timeoutMs),
    eval: async (script, options) => within((await connected()).eval(script, options), timeoutMs),
  };
  return {
    lock: new RedisLock(redis),
    close: async () => {
      const open = client;
      client = undefined;
      if (!open) return;
      await within(open.close(), timeoutMs).catch(() => undefined);
      open.destroy();
    },
  };
}
