// The note a draft keeps of the message it answers: written and read back, and anything else refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatOriginalRef, parseOriginalRef } from '../../../src/mail/writing/original-ref.ts';

describe('a draft\'s note of its original', () => {
  it('reads back what it wrote, a folder name with spaces, slashes and accents included', () => {
    const ref = { mode: 'reply-all' as const, mailbox: 'INBOX/Café; Büro=1', uidValidity: '1700000000', uid: 42 };
    const value = formatOriginalRef(ref);
    assert.match(value, /^[\x20-\x7e]+$/, 'a header value stays ASCII');
    assert.deepEqual(parseOriginalRef(value), ref);
  });

  for (const bad of [
    'mode=bounce; mailbox=INBOX; uidvalidity=1; uid=2', 'mode=reply; mailbox=INBOX; uidvalidity=x; uid=2',
    'mode=reply; mailbox=INBOX; uidvalidity=1; uid=0', 'mode=reply; mailbox=; uidvalidity=1; uid=2',
    'mode=reply; mailbox=%E0%A4%A; uidvalidity=1; uid=2', 'mode=reply; mailbox=a%0Db; uidvalidity=1; uid=2', '',
  ]) {
    it(`ignores "${bad}"`, () => assert.equal(parseOriginalRef(bad), undefined));
  }
});
