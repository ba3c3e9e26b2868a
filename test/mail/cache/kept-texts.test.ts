// The texts a session keeps (src/mail/cache/kept-texts.ts), as pure logic: least recently used out (a large one sooner), the prefetched
// guess before any text really read, a UIDVALIDITY that changed, and the release of an idle session's texts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeptTexts } from '../../../src/mail/cache/kept-texts.ts';

function texts(idleMs = 60_000) {
  let bytes = 0;
  const kept = new KeptTexts(idleMs, (delta) => (bytes += delta));
  return { kept, bytes: () => bytes };
}

describe('kept texts', () => {
  it('lets the least recently used text go first, and counts every byte in and out', () => {
    const { kept, bytes } = texts();
    kept.put('INBOX', 1n, 1, 'one', 100);
    kept.put('INBOX', 1n, 2, 'two', 100);
    kept.put('INBOX', 1n, 3, 'three', 100);
    assert.equal(kept.get('INBOX', 1n, 1), 'one');
    kept.trim(200);
    assert.deepEqual([1, 2, 3].map((uid) => kept.has('INBOX', uid)), [true, false, true]);
    assert.equal(bytes(), 200);
    kept.clear();
    assert.equal(bytes(), 0);
  });

  it('lets a large text go before several small ones used about as long ago: each costs one FETCH to read again', () => {
    const { kept, bytes } = texts();
    for (const uid of [1, 2, 3]) kept.put('INBOX', 1n, uid, `small ${uid}`, 100);
    kept.put('INBOX', 1n, 4, 'a newsletter', 1000);
    kept.put('INBOX', 1n, 5, 'small 5', 100);
    kept.trim(1200);
    // Least recently used alone would have dropped 1 and 2 and kept the newsletter.
    assert.deepEqual([1, 2, 3, 4, 5].map((uid) => kept.has('INBOX', uid)), [true, true, true, false, true]);
    assert.equal(bytes(), 400);
  });

  it('drops the prefetched guess before any text that was read, and keeps it as read once it is asked for', () => {
    const { kept } = texts();
    kept.put('INBOX', 1n, 1, 'read', 100);
    kept.put('INBOX', 1n, 2, 'guess', 100, true);
    kept.trim(100);
    assert.deepEqual([kept.has('INBOX', 1), kept.has('INBOX', 2)], [true, false]);
    kept.put('INBOX', 1n, 3, 'next guess', 100, true);
    assert.equal(kept.get('INBOX', 1n, 3), 'next guess');
    kept.put('INBOX', 1n, 4, 'another guess', 100, true);
    assert.equal(kept.has('INBOX', 3), true, 'a guess that was read is no longer replaced by the next guess');
  });

  it('answers nothing for another UIDVALIDITY, and forgets a message or a whole folder', () => {
    const { kept, bytes } = texts();
    kept.put('INBOX', 1n, 1, 'old', 100);
    assert.equal(kept.get('INBOX', 2n, 1), undefined);
    assert.equal(kept.has('INBOX', 1), false);
    kept.put('INBOX', 2n, 1, 'a', 100);
    kept.put('INBOX', 2n, 2, 'b', 100, true);
    kept.put('Archive', 5n, 1, 'c', 100);
    kept.forget('Archive', [1]);
    assert.equal(kept.has('Archive', 1), false);
    kept.forgetMailbox('INBOX');
    assert.equal(kept.size, 0);
    assert.equal(bytes(), 0);
  });

  it('lets every text go once none was used for the idle time', async () => {
    const { kept, bytes } = texts(20);
    kept.put('INBOX', 1n, 1, 'one', 100);
    kept.put('INBOX', 1n, 2, 'two', 100, true);
    const until = Date.now() + 10_000;
    while (kept.size > 0) {
      if (Date.now() > until) throw new Error('the texts were never released (hung)');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.equal(bytes(), 0);
  });
});
