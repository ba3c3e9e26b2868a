// One fetch per account at a time: two runs at once would both RETR the same new message and both APPEND it
// before either recorded its UIDL. In one process a map does it; across instances Redis (when configured), with
// the usual single-instance lock: SET key token NX PX ttl, renewed while the run lasts, released only by the
// holder of the token (a run that outlived its lease must not free the lease of the next one).
import { randomUUID } from 'node:crypto';

export interface LockHandle {
  /** Aborted when the lease could not be renewed: another instance may now fetch, so stop between messages. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

export interface FetchLock {
  /** undefined when another run holds the key */
  acquire(key: string): Promise<LockHandle | undefined>;
}

export class MemoryLock implements FetchLock {
  readonly #held = new Set<string>();

  async acquire(key: string): Promise<LockHandle | undefined> {
    if (this.#held.has(key)) return undefined;
    this.#held.add(key);
    let released = false;
    return {
      lost: new AbortController().signal,
      release: async () => {
        if (released) return;
        released = true;
        this.#held.delete(key);
      },
    };
  }
}

/** The few commands of node-redis (v5+) the lock uses; the client itself is created and owned by the caller. */
export interface LockRedis {
  set(key: string, value: string, options: { condition: 'NX'; expiration: { type: 'PX'; value: number } }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

// Compare-and-act in one step on the server: between a GET and a DEL another instance could take the key.
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export class RedisLock implements FetchLock {
  readonly #redis: LockRedis;
  readonly #ttlMs: number;
  readonly #prefix: string;

  /** `ttlMs`: how long a crashed instance blocks the account; the lease is renewed every third of it. */
  constructor(redis: LockRedis, options: { ttlMs?: number; prefix?: string } = {}) {
    this.#redis = redis;
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#prefix = options.prefix ?? 'postern:pop3-lock:';
  }

  async acquire(key: string): Promise<LockHandle | undefined> {
    const redisKey = this.#prefix + key;
    const token = randomUUID();
    const ttl = this.#ttlMs;
    const taken = await this.#redis.set(redisKey, token, { condition: 'NX', expiration: { type: 'PX', value: ttl } });
    if (taken !== 'OK') return undefined;
    const lost = new AbortController();
    const timer = setInterval(() => {
      this.#redis.eval(RENEW, { keys: [redisKey], arguments: [token, String(ttl)] })
        .then((renewed) => {
          if (Number(renewed) !== 1) lost.abort(new Error('the fetch lock expired'));
        })
        .catch((err: unknown) => lost.abort(err));
    }, Math.max(10, Math.floor(ttl / 3)));
    timer.unref();
    let released = false;
    return {
      lost: lost.signal,
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        // If Redis is unreachable now, the lease simply runs out after ttlMs.
        await this.#redis.eval(RELEASE, { keys: [redisKey], arguments: [token] }).catch(() => undefined);
      },
    };
  }
}
