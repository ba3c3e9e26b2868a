// What people are told when a mail server says no: pure mapping from response codes and reply text, so every
// code and reply shape is tested without a server. The real replies are in test/http/folders.test.ts and
// test/http/compose-smtp-failure.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asMailError, MailError } from '../../../src/mail/errors/mail-errors.ts';
import { cleanServerText, describeRefusals, smtpReason } from '../../../src/mail/errors/server-words.ts';

describe('cleaning a server reply into one sentence', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['Dovecot timings', "Invalid mailbox name: Begins with '~' (0.001 + 0.000 secs).", "Invalid mailbox name: Begins with '~'."],
    ['three Dovecot timings', 'Mailbox is locked (0.001 + 0.000 + 0.512 secs).', 'Mailbox is locked.'],
    ['a single timing', 'Done (0.02 secs)', 'Done.'],
    ['a tag, status and response code', 'A12 NO [OVERQUOTA] Quota exceeded (mailbox for user is full) (0.003 + 0.000 secs)', 'Quota exceeded (mailbox for user is full).'],
    ['several response codes', '[ALERT] [LIMIT] too many folders', 'Too many folders.'],
    ['SMTP codes', '550 5.1.1 <x@example.com>: Recipient address rejected: User unknown', '<x@example.com>: Recipient address rejected: User unknown.'],
    ['a multi-line SMTP reply', '554-5.7.1 Rejected\r\n554 5.7.1 by policy', 'Rejected 554 5.7.1 by policy.'],
    ['control characters and line separators', 'Bad\u0000name\u2028here', 'Bad name here.'],
    ['nothing human', '(0.001 + 0.000 secs)', undefined],
    ['only a code', '[CANNOT]', undefined],
    ['nothing', '', undefined],
    ['no text at all', undefined, undefined],
  ];
  for (const [what, raw, clean] of cases) {
    it(`drops ${what}`, () => assert.equal(cleanServerText(raw), clean));
  }

  it('bounds a long reply at a word, with an ellipsis', () => {
    const clean = cleanServerText(`Refused ${'because of reasons '.repeat(30)}`)!;
    assert.ok(clean.length <= 161, `${clean.length}`);
    assert.match(clean, /reasons…$|of…$|because…$/);
  });
});

describe('IMAP response codes in plain words (RFC 5530)', () => {
  const no = (code: string | undefined, text: string) => ({ responseStatus: 'NO', serverResponseCode: code, responseText: text });
  const cases: [string | undefined, string, MailError['kind'], RegExp, RegExp | undefined][] = [
    ['OVERQUOTA', 'Quota exceeded (mailbox for user is full) (0.001 + 0.000 secs)', 'too-large', /^Your mailbox is full/, undefined],
    ['NONEXISTENT', "Mailbox doesn't exist: Nope (0.001 + 0.000 secs).", 'not-found', /^That folder or message does not exist\.$/, undefined],
    ['ALREADYEXISTS', 'Target mailbox already exists (0.001 + 0.000 secs).', 'exists', /^A folder with that name already exists\.$/, undefined],
    ['LIMIT', 'Too many mailboxes (0.001 + 0.000 secs).', 'too-large', /limit the mail server sets/, /^The server said: Too many mailboxes\.$/],
    ['NOPERM', 'Permission denied (0.001 + 0.000 secs).', 'rejected', /do not have permission/, /^The server said: Permission denied\.$/],
    ['INUSE', 'Mailbox is locked (0.001 + 0.000 secs).', 'unavailable', /^Another mail program is using that folder/, undefined],
    ['CANNOT', "Invalid mailbox name: Begins with '~' (0.001 + 0.000 secs).", 'rejected', /^The mail server does not allow that\.$/, /^The server said: Invalid mailbox name: Begins with '~'\.$/],
    ['SERVERBUG', 'Internal error occurred. Refer to server log for more information. [2026-01-02 10:00:00] (0.001 + 0.000 secs)', 'unavailable', /problem of its own/, undefined],
    ['TOOBIG', 'Message too large', 'too-large', /larger than the mail server accepts/, undefined],
    ['EXPUNGEISSUED', 'Some messages were expunged', 'rejected', /deleted by another mail program/, undefined],
    [undefined, 'Something odd happened (0.001 + 0.000 secs).', 'rejected', /^The mail server refused the request\.$/, /^The server said: Something odd happened\.$/],
  ];
  for (const [code, text, kind, message, detail] of cases) {
    it(`${code ?? 'no code'}: ${kind}, plain words${detail ? ' and the server\'s sentence' : ' only'}, the reply kept for the log`, () => {
      const err = asMailError(no(code, text))!;
      assert.equal(err.kind, kind);
      assert.match(err.message, message);
      if (detail) assert.match(err.detail ?? '', detail);
      else assert.equal(err.detail, undefined);
      assert.doesNotMatch(err.userMessage, /secs\)|\[|OVERQUOTA|NONEXISTENT/);
      assert.equal(err.serverText, text);
      assert.equal(err.logFields.code, code);
    });
  }

  it('keeps imapflow\'s missing-mailbox flag a not-found without the server\'s words', () => {
    const err = asMailError({ responseStatus: 'NO', mailboxMissing: true, responseText: "Mailbox doesn't exist: X (0.001 + 0.000 secs)." })!;
    assert.equal(err.userMessage, 'That folder or message does not exist.');
  });
});

describe('SMTP refusals in plain words (RFC 3463)', () => {
  // The last column is the catalog key the page translates (locales/<language>/mail.json).
  const cases: [string, string, string | undefined, string][] = [
    ['550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown', 'no such recipient', '550 5.1.1', 'mail:smtp.reasons.noRecipient'],
    ['552 5.2.2 Mailbox full', 'the mailbox is full', '552 5.2.2', 'mail:smtp.reasons.full'],
    ['552 5.3.4 Message size exceeds fixed limit', 'the message is too large', '552 5.3.4', 'mail:smtp.reasons.tooLarge'],
    ['554 5.7.1 <a@b>: Relay access denied', 'not permitted by the server', '554 5.7.1', 'mail:smtp.reasons.notPermitted'],
    ['550 5.7.26 Unauthenticated email is not accepted', 'refused by the server\'s security policy', '550 5.7.26', 'mail:smtp.reasons.security'],
    ['450 4.2.1 Mailbox busy', 'the mailbox is disabled, for now: try again later', '450 4.2.1', 'mail:smtp.temporary'],
    ['550 Requested action not taken: mailbox unavailable', 'the mailbox is unavailable', '550', 'mail:smtp.reasons.unavailable'],
    ['451 Local error', 'the server had a local problem, for now: try again later', '451', 'mail:smtp.temporary'],
    ['599 9.9.9 whatever', 'refused', '599', 'mail:smtp.reasons.refused'],
  ];
  for (const [reply, reason, code, key] of cases) {
    it(`"${reply}" is "${reason}"`, () => {
      const said = smtpReason(reply);
      assert.deepEqual({ reason: said.reason, code: said.code, key: said.text.key, english: said.text.english }, { reason, code, key, english: reason });
    });
  }

  it('keeps the reason of a temporary refusal as a sentence of its own inside "for now"', () => {
    const said = smtpReason('450 4.2.1 Mailbox busy');
    assert.deepEqual(said.text.values?.reason, { key: 'mail:smtp.reasons.disabled', english: 'the mailbox is disabled' });
  });

  it('names each refused recipient from nodemailer\'s errors, and the enhanced code goes to the log', () => {
    const err = asMailError({
      code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 <a@x.test>: Recipient address rejected',
      rejectedErrors: [
        { code: 'EENVELOPE', responseCode: 550, recipient: 'a@x.test', response: '550 5.1.1 <a@x.test>: Recipient address rejected' },
        { code: 'EENVELOPE', responseCode: 552, recipient: 'b@y.test', response: '552 5.2.2 <b@y.test>: Mailbox full' },
      ],
    })!;
    assert.equal(err.kind, 'rejected');
    assert.equal(err.detail, 'It refused a@x.test (no such recipient) and b@y.test (the mailbox is full).');
    assert.equal(err.code, 'a@x.test: 550 5.1.1, b@y.test: 552 5.2.2');
  });

  it('tells a refused sender address and a too-large message apart', () => {
    const from = asMailError({ code: 'EENVELOPE', responseCode: 553, command: 'MAIL FROM', response: '553 5.7.1 <x@y>: Sender address rejected: not owned by user' })!;
    assert.equal(from.detail, 'It refused the sender address: not permitted by the server.');
    const big = asMailError({ code: 'EMESSAGE', responseCode: 552, command: 'DATA', response: '552 5.3.4 Message size exceeds fixed limit' })!;
    assert.equal(big.kind, 'too-large');
    assert.equal(big.detail, 'It refused the message: the message is too large.');
  });

  it('lists refusals in a sentence', () => {
    assert.equal(describeRefusals([{ address: 'a@x', reason: 'no such recipient' }]), 'a@x: no such recipient');
    assert.equal(describeRefusals(['a', 'b', 'c'].map((address) => ({ address, reason: 'r' }))), 'a (r), b (r) and c (r)');
  });
});
