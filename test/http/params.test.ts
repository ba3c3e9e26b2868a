import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from '../../src/http/pages/errors.ts';
import { mailboxQuery, messageParams, parse, partParams } from '../../src/http/forms/params.ts';
import { safeNext } from '../../src/http/sessions/auth.ts';

function status(fn: () => unknown): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (err) {
    assert.ok(err instanceof HttpError);
    return err.status;
  }
}

describe('route parameters', () => {
  it('accepts real mailbox names, UIDs and part numbers', () => {
    assert.deepEqual(parse(messageParams, { mailbox: 'INBOX/Work & Play', uid: '4294967295' }), { mailbox: 'INBOX/Work & Play', uid: 4294967295 });
    assert.equal(parse(partParams, { mailbox: 'Reisen – Zürich', uid: '7', part: '1.2.10' }).part, '1.2.10');
    assert.equal(parse(mailboxQuery, {}).page, 1);
    assert.equal(parse(mailboxQuery, { page: '12' }).page, 12);
  });

  const bad: [string, () => unknown][] = [
    ['a non-numeric UID', () => parse(messageParams, { mailbox: 'INBOX', uid: 'abc' })],
    ['UID zero', () => parse(messageParams, { mailbox: 'INBOX', uid: '0' })],
    ['a UID past 32 bits', () => parse(messageParams, { mailbox: 'INBOX', uid: '4294967296' })],
    ['a negative UID', () => parse(messageParams, { mailbox: 'INBOX', uid: '-1' })],
    ['a UID range', () => parse(messageParams, { mailbox: 'INBOX', uid: '1:*' })],
    ['a mailbox with CRLF', () => parse(messageParams, { mailbox: 'INBOX\r\nA1 LOGOUT', uid: '1' })],
    ['an empty mailbox', () => parse(messageParams, { mailbox: '', uid: '1' })],
    ['part TEXT', () => parse(partParams, { mailbox: 'INBOX', uid: '1', part: 'TEXT' })],
    ['part 0', () => parse(partParams, { mailbox: 'INBOX', uid: '1', part: '0' })],
    ['part 1..2', () => parse(partParams, { mailbox: 'INBOX', uid: '1', part: '1..2' })],
    ['part HEADER', () => parse(partParams, { mailbox: 'INBOX', uid: '1', part: '1.HEADER' })],
    ['page 0', () => parse(mailboxQuery, { page: '0' })],
    ['page -1', () => parse(mailboxQuery, { page: '-1' })],
    ['page twice', () => parse(mailboxQuery, { page: ['1', '2'] })],
    ['page x', () => parse(mailboxQuery, { page: 'x' })],
  ];
  for (const [what, fn] of bad) it(`answers 400 to ${what}`, () => assert.equal(status(fn), 400));
});

describe('safeNext', () => {
  it('keeps same-origin paths and refuses everything that could leave the site', () => {
    assert.equal(safeNext('/mailbox/INBOX?page=2'), '/mailbox/INBOX?page=2');
    for (const v of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/a\nb', '', undefined, ['/x']]) {
      assert.equal(safeNext(v), undefined, String(v));
    }
  });
});
