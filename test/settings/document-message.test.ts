import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { responseCodeOf } from '../../src/mail/errors/mail-errors.ts';
import { documentMessage, documentNameIn, newMessageId, readDocumentMessage } from '../../src/settings/document-message.ts';
import { checkDocumentName } from '../../src/settings/document-text.ts';

describe('a settings document as a mail message', () => {
  const json = JSON.stringify({ note: 'Grüße, 東京 😀', list: Array.from({ length: 50 }, (_, i) => `item ${i}`) });

  it('is CRLF, 7-bit, with lines of at most 78 characters, and reads back exactly', () => {
    const raw = documentMessage('pop3-uidls:acct-1', json, newMessageId(), new Date('2026-01-02T03:04:05Z'));
    const text = raw.toString('latin1');
    assert.doesNotMatch(text, /[^\r]\n/, 'no bare LF (Cyrus refuses them)');
    assert.doesNotMatch(text, /[^\x00-\x7f]/);
    for (const line of text.split('\r\n')) assert.ok(line.length <= 78, line);
    assert.match(text, /^Date: Fri, 02 Jan 2026 03:04:05 \+0000\r\n/);
    assert.match(text, /\r\nX-Postern-Document: pop3-uidls:acct-1\r\n/);
    assert.match(text, /\r\nContent-Disposition: attachment; filename="pop3-uidls-acct-1.json"\r\n/);
    assert.deepEqual(readDocumentMessage(raw, 'pop3-uidls:acct-1'), { ok: true, text: json });
  });

  it('names its document in a header that survives folding, and tells names apart exactly', () => {
    assert.equal(documentNameIn('X-Postern-Document:\r\n settings\r\n\r\n'), 'settings');
    assert.equal(documentNameIn(Buffer.from('x-postern-document: settings-old\r\n')), 'settings-old');
    const raw = documentMessage('settings-old', json, newMessageId());
    assert.deepEqual(readDocumentMessage(raw, 'settings'), { ok: false, problem: 'message names another document' });
  });

  it('refuses messages it did not write: no body, another encoding, not base64, not UTF-8', () => {
    const head = 'X-Postern-Document: s\r\n';
    const cases: [string, string][] = [
      [head, 'message has no body'],
      [`${head}Content-Transfer-Encoding: 8bit\r\n\r\n{}`, 'message body is not base64'],
      [`${head}Content-Transfer-Encoding: base64\r\n\r\n{"a":1}`, 'message body is not base64'],
      [`${head}Content-Transfer-Encoding: base64\r\n\r\n${Buffer.from([0xff, 0xfe]).toString('base64')}`, 'message body is not UTF-8'],
    ];
    for (const [raw, problem] of cases) assert.deepEqual(readDocumentMessage(Buffer.from(raw, 'latin1'), 's'), { ok: false, problem });
  });

  it('accepts only names that are safe as METADATA entries and header values', () => {
    for (const ok of ['settings', 'contacts', 'pop3-accounts', 'pop3-uidls:3f2a', 'a.b_c']) assert.equal(checkDocumentName(ok), ok);
    for (const bad of ['', 'Settings', 'a/b', 'a*', 'a%', 'a b', 'x\r\ny', '-x', 'é', 'a'.repeat(65)]) {
      assert.throws(() => checkDocumentName(bad), TypeError, bad);
    }
  });
});

describe('responseCodeOf', () => {
  it('reads every atom of a bracketed response code from an imapflow rejection', () => {
    const err = { responseStatus: 'NO', response: { attributes: [{ type: 'ATOM', value: '', section: [{ type: 'ATOM', value: 'METADATA' }, { type: 'ATOM', value: 'maxsize' }, { type: 'ATOM', value: '1024' }] }] } };
    assert.deepEqual(responseCodeOf(err), ['METADATA', 'MAXSIZE', '1024']);
    assert.equal(responseCodeOf({ response: { attributes: [{ type: 'TEXT', value: 'no code' }] } }), undefined);
    assert.equal(responseCodeOf(new Error('x')), undefined);
    assert.equal(responseCodeOf(undefined), undefined);
  });
});
