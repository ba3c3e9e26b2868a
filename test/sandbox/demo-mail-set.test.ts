// The demo mail set as a whole (sandbox/demo-mail.ts): the same bytes for the same clock, well-formed messages,
// the folders, flags and dates a reader of the demo expects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO, DEMO_FOLDERS, demoMessages, type DemoMessage } from '../../sandbox/demo-mail.ts';
import { NOW, ME, messages, SPECIAL, parse, header } from './demo-mail-helpers.ts';

describe('demoMessages', () => {
  it('produces the same bytes for the same clock, and the featured mail does not depend on the bulk count', async () => {
    const again = await demoMessages({ user: 'demo', domain: 'example.com', now: NOW });
    assert.deepEqual(again.map((m) => m.raw.toString('latin1')), messages.map((m) => m.raw.toString('latin1')));
    const small = await demoMessages({ user: 'demo', domain: 'example.com', now: NOW, bulk: 3 });
    const notBulk = (list: DemoMessage[]) => list.filter((m) => !m.raw.includes('Message-ID: <bulk-'));
    assert.deepEqual(notBulk(small).map((m) => m.raw.toString()), notBulk(messages).map((m) => m.raw.toString()));
  });

  it('makes `bulk` extra INBOX messages, 400 by default', async () => {
    const inbox = (list: DemoMessage[]) => list.filter((m) => m.mailbox.join('/') === 'INBOX').length;
    const small = await demoMessages({ user: 'demo', domain: 'example.com', now: NOW, bulk: 10 });
    assert.equal(DEMO.bulkCount, 400);
    assert.equal(inbox(messages) - inbox(small), 390);
    assert.equal(messages.length - small.length, 390);
  });

  it('writes every message with CRLF line endings, 7-bit bytes and lines within 998 octets', () => {
    for (const { raw } of messages) {
      const text = raw.toString('latin1');
      assert.doesNotMatch(text, /[^\x01-\x7f]/);
      assert.doesNotMatch(text, /\r(?!\n)|(?<!\r)\n/);
      assert.ok(text.split('\r\n').every((line) => line.length <= 998));
    }
  });

  it('gives every message Date, Message-ID and MIME-Version, with unique Message-IDs', () => {
    const ids = messages.map((m) => {
      const root = parse(m.raw);
      assert.equal(root.headers.get('mime-version'), '1.0');
      assert.equal(new Date(root.headers.get('date')!).getTime(), m.date.getTime());
      return root.headers.get('message-id');
    });
    assert.ok(ids.every((id) => /^<[^<>@\s]+@(demo\.postern\.test|example\.com)>$/.test(id ?? '')));
    assert.equal(new Set(ids).size, messages.length);
  });

  it('addresses received mail to the user and sends Sent and Drafts mail from the user', () => {
    for (const m of messages) {
      const root = parse(m.raw);
      if (['Sent', 'Drafts'].includes(m.mailbox[0]!)) assert.match(root.headers.get('from')!, new RegExp(`<${ME}>`));
      else assert.ok(`${root.headers.get('to')} ${root.headers.get('cc') ?? ''}`.includes(ME), header(root, 'subject'));
    }
  });

  it('files mail only into INBOX, the special-use folders and DEMO_FOLDERS, and leaves one folder empty', () => {
    const allowed = new Set(['INBOX', ...SPECIAL, ...DEMO_FOLDERS.map((f) => f.join('/'))]);
    const used = new Set(messages.map((m) => m.mailbox.join('/')));
    assert.deepEqual([...used].filter((box) => !allowed.has(box)), []);
    assert.ok(SPECIAL.every((box) => used.has(box)));
    assert.ok(DEMO_FOLDERS.some((f) => f.length > 1) && DEMO_FOLDERS.some((f) => /[^\x00-\x7f]/.test(f.join(''))));
    assert.ok(DEMO_FOLDERS.some((f) => !used.has(f.join('/'))));
  });

  it('marks most old mail \\Seen and uses \\Flagged, \\Answered and \\Draft', () => {
    const count = (flag: string) => messages.filter((m) => m.flags.includes(flag)).length;
    const old = messages.filter((m) => NOW.getTime() - m.date.getTime() > 30 * 86_400_000);
    assert.ok(old.filter((m) => m.flags.includes('\\Seen')).length / old.length > 0.9);
    assert.ok(messages.filter((m) => m.mailbox[0] === 'INBOX' && !m.flags.includes('\\Seen')).length >= 5);
    assert.ok(count('\\Flagged') >= 3 && count('\\Answered') >= 3);
    assert.deepEqual(messages.filter((m) => m.flags.includes('\\Draft')).map((m) => m.mailbox), [['Drafts']]);
  });

  it('spreads the mail over about two years, none of it after `now`', () => {
    const ages = messages.map((m) => (NOW.getTime() - m.date.getTime()) / 86_400_000);
    assert.ok(Math.min(...ages) > 0 && Math.max(...ages) > 600 && Math.max(...ages) <= 731);
  });
});
