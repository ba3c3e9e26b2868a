// The caches' memory bounds: one session's cache never holds more than CACHE_SESSION_KB, all of them together never
// more than CACHE_MAX_MB, the least recently used sessions give way first, and a page is whole whatever was dropped.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CacheBudget, type Trimmable } from '../../../src/mail/cache/cache-budget.ts';
import { listMessages } from '../../../src/mail/reading/messages.ts';
import { newUser, sandbox, type TestUser } from '../../helpers/env.ts';
import { appendAll } from '../../helpers/imap.ts';
import { countingImap, names, type Counted } from '../../helpers/counting.ts';
import { plainText } from '../../fixtures/messages.ts';

class Fake implements Trimmable {
  bytes = 0;
  trims: number[] = [];
  readonly budget: CacheBudget;
  constructor(budget: CacheBudget) {
    this.budget = budget;
  }
  grow(n: number): void {
    this.bytes += n;
    this.budget.grew(this, n);
  }
  trim(target: number): void {
    this.trims.push(target);
    const drop = Math.max(0, this.bytes - target);
    this.bytes -= drop;
    this.budget.grew(this, -drop);
  }
  fit(listBytes: number): boolean {
    if (this.bytes <= listBytes) return false;
    this.trim(Math.floor(listBytes * 0.75));
    return true;
  }
}

describe('CacheBudget', () => {
  it('trims a session past its own bound to three quarters of it', () => {
    const budget = new CacheBudget({ maxBytes: 10_000, sessionBytes: 1000 });
    const a = new Fake(budget);
    a.grow(900);
    assert.deepEqual(a.trims, []);
    a.grow(200);
    assert.deepEqual(a.trims, [750]);
    assert.equal(budget.bytes, 750);
    assert.equal(budget.evictions, 1);
  });

  it('takes from the least recently used sessions first when the process bound is reached', () => {
    const budget = new CacheBudget({ maxBytes: 2500, sessionBytes: 1000 });
    const [a, b, c] = [new Fake(budget), new Fake(budget), new Fake(budget)];
    a.grow(900);
    b.grow(900);
    budget.touch(a);
    c.grow(900);
    assert.deepEqual(b.trims, [0], 'b was used least recently');
    assert.deepEqual(a.trims, []);
    assert.equal(budget.bytes, 1800);
    budget.release(a);
    assert.equal(budget.bytes, 900);
  });
});

describe('session caches within their bounds, against Dovecot', () => {
  let counted: Counted;
  let user: TestUser;
  before(async () => {
    counted = await countingImap(await sandbox());
    user = await newUser('budget');
    await appendAll(await sandbox(), user, 'INBOX', Array.from({ length: 200 }, (_, i) => plainText(`Message ${i + 1}`)));
  });
  after(() => counted.close());

  it('keeps each cache under CACHE_SESSION_KB and all under CACHE_MAX_MB, with every page whole', async () => {
    const budget = new CacheBudget({ maxBytes: 120 * 1024, sessionBytes: 80 * 1024 });
    const first = counted.session(user, { budget });
    const second = counted.session(user, { budget });
    for (const session of [first, second]) {
      for (let page = 1; page <= 4; page++) {
        const shown = await listMessages(session, 'INBOX', { page, pageSize: 50 });
        assert.equal(shown.messages.length, 50, `page ${page} whole`);
        assert.equal(shown.messages[0]!.subject, `Message ${200 - (page - 1) * 50}`);
        assert.ok(session.cache.bytes <= 80 * 1024, `session cache ${session.cache.bytes} bytes`);
        assert.ok(budget.bytes <= 120 * 1024, `all caches ${budget.bytes} bytes`);
      }
    }
    assert.ok(budget.evictions > 0, 'the bounds were reached');
    assert.ok(first.cache.bytes < second.cache.bytes, 'the least recently used gave way');
    // What was dropped is fetched again: the first page of the first session, whose rows went.
    counted.commands();
    assert.equal((await listMessages(first, 'INBOX', { page: 1, pageSize: 50 })).messages.length, 50);
    assert.deepEqual(names(counted.commands()).filter((c) => c !== 'NOOP'), ['UID FETCH']);
  });
});
