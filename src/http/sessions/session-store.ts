// Redis session store for running several instances behind a load balancer (SESSION_STORE_URL=redis://...).
// Every call has a deadline (SESSION_STORE_TIMEOUT_SECONDS): a Redis that is frozen (paused, swapping, a network
// partition that drops packets) would otherwise hold every page for as long as it stays frozen. A failed or late
// call becomes a 503 page that says so, not a 500 and not a hang.
import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import { HttpError } from '../pages/errors.ts';
import { msg } from '../i18n/translator.ts';

type Callback = (err?: unknown, data?: unknown) => unknown;

const UNAVAILABLE = { key: msg('error:messages.sessionStore') };

/**
 * connect-redis with a deadline on every call, and every failure turned into the 503 the error handler shows.
 * node-redis' own command timeout stops counting once a command is written to the socket, and a frozen Redis
 * still accepts writes, so it never fires there: the deadline has to be ours. A late answer is still read and
 * dropped in order (node-redis matches answers to commands by position), so the connection stays consistent.
 * touch() is never called: sessions are kept alive by a save at most once a minute (session.ts).
 */
class DeadlineRedisStore extends RedisStore {
  logger!: Logger;
  timeoutMs!: number;

  #guard(cb: Callback | undefined, call: (cb: Callback) => Promise<unknown>): Promise<unknown> {
    let settled = false;
    const finish = (err?: unknown, data?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!err) return cb?.(null, data);
      this.logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'redis session store call failed');
      return cb?.(new HttpError(503, UNAVAILABLE));
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    return call(finish);
  }

  override get(sid: string, cb?: Callback) {
    return this.#guard(cb, (done) => super.get(sid, done));
  }
  override set(sid: string, sess: SessionData, cb?: Callback) {
    return this.#guard(cb, (done) => super.set(sid, sess, done));
  }
  override destroy(sid: string, cb?: Callback) {
    return this.#guard(cb, (done) => super.destroy(sid, done));
  }
}

export async function createSessionStore(url: string, logger: Logger, opts: { timeoutMs?: number } = {}): Promise<{ store: RedisStore; close: () => Promise<void> }> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const client = createClient({
    url,
    socket: { connectTimeout: timeoutMs },
    // Commands not yet written (Redis reconnecting) give up after the deadline too; past this many waiting,
    // new ones are refused at once, so a long freeze cannot pile up memory.
    commandOptions: { timeout: timeoutMs },
    commandsQueueMaxLength: 1000,
  });
  client.on('error', (err: Error) => logger.warn({ msg: err.message }, 'redis session store error'));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([client.connect(), new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the session store at SESSION_STORE_URL did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    })]);
  } catch (err) {
    client.destroy();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  const store = new DeadlineRedisStore({ client, prefix: 'postern:sess:' });
  store.logger = logger;
  store.timeoutMs = timeoutMs;
  return {
    store,
    // Waits for pending commands (each bounded by the deadline above), then closes; a frozen Redis is not waited on.
    close: async () => {
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([client.close(), new Promise((resolve) => (wait = setTimeout(resolve, timeoutMs)))]).catch(() => undefined);
      clearTimeout(wait);
      client.destroy();
    },
  };
}
