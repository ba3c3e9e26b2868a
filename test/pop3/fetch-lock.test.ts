// One fetch per account at a time: in one process (a map) and across Postern instances (the sandbox's Redis).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import { fetchAccount, type FetchTarget } from '../../src/pop3/fetch-account.ts';
import { MemoryLock, RedisLock } from '../../src/pop3/fetch-lock.ts';
import { MemoryUidlStore } from '../../src/pop3/uidl-store.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { accountFor, depsFor, imapSession, messageIds, pop3Message, seedPop3, targetOf } from '../helpers/pop3.ts';

async function connectRedis(url: string) {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
type Redis = Awaited<ReturnType<typeof connectRedis>>;

describe('fetch lock', () => {
  let info: Awaited<ReturnType<typeof sandbox>>;
  const clients: Redis[] = [];
  const redis = async (): Promise<Redis> => {
    const client = await connectRedis(`redis://127.0.0.1:${info.redisPort}`);
    clients.push(client);
    return client;
  };

  before(async () => {
    info = await sandbox();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
  });

  it('in one process: a second run of the same account is told busy, another account is not', async () => {
    const lock = new MemoryLock();
    const held = await lock.acquire('a');
    assert.ok(held);
    assert.equal(await lock.acquire('a'), undefined);
    const other = await lock.acquire('b');
    assert.ok(other);
    await held.release();
    assert.ok(await lock.acquire('a'));
  });

  it('across instances: only the holder of the token releases or renews the lease', async () => {
    const key = `token-${Date.now()}`;
    const first = new RedisLock(await redis(), { ttlMs: 300 });
    const second = new RedisLock(await redis(), { ttlMs: 300 });
    const held = await first.acquire(key);
    assert.ok(held);
    assert.equal(await second.acquire(key), undefined);
    // The first instance stalls past its lease (simulated by the key vanishing); the second takes over.
    await clients[0]!.del(`postern:pop3-lock:${key}`);
    const taken = await second.acquire(key);
    assert.ok(taken);
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the ttl: renewals of both came due
    assert.ok(held.lost.aborted, 'the stale holder learns it lost the lease');
    assert.ok(!taken.lost.aborted, 'the live lease is renewed past its ttl');
    await held.release();
    assert.equal(await first.acquire(key), undefined, 'the stale holder did not free the live lease');
    await taken.release();
    assert.ok(await first.acquire(key));
  });

  describe('two Postern instances sharing Redis', () => {
    let source: TestUser;
    let owner: TestUser;
    let sessions: MailSession[];

    before(async () => {
      [source, owner] = await Promise.all([newUser('popsrc'), newUser('popdst')]);
      sessions = [imapSession(info, owner), imapSession(info, owner)];
    });
    after(() => Promise.all(sessions.map((s) => s.close())));

    it('never fetch the same account at once', async () => {
      // Shared between the two: the UIDL set (the settings store on IMAP, later) and an overlap detector.
      const store = new MemoryUidlStore();
      let active = 0;
      let most = 0;
      const watched = (target: FetchTarget): FetchTarget => ({
        hasMessageId: target.hasMessageId,
        append: async (folder, file, options) => {
          most = Math.max(most, ++active);
          try {
            await new Promise((resolve) => setTimeout(resolve, 5));
            await target.append(folder, file, options);
          } finally {
            active--;
          }
        },
      });
      const instances = await Promise.all(sessions.map(async (session) => depsFor(info, watched(targetOf(session)), {
        store, lock: new RedisLock(await redis(), { ttlMs: 5000 }),
      })));
      const account = accountFor(info, source, { id: `shared-${source.name}` });
      for (let round = 0; round < 3; round++) {
        await seedPop3(info, source, Array.from({ length: 10 }, (_, i) => pop3Message(`lock${round}`, i)));
        const reports = await Promise.all(instances.map((deps) => fetchAccount(account, deps)));
        assert.deepEqual(reports.map((r) => r.outcome).sort(), ['busy', 'done'], `round ${round}`);
        assert.equal(reports.find((r) => r.outcome === 'done')?.appended, 10);
      }
      assert.equal(most, 1, 'no two APPENDs of the account overlapped');
      const ids = await messageIds(info, owner);
      assert.equal(ids.size, 30);
      assert.ok([...ids.values()].every((n) => n === 1));
    });
  });
});
