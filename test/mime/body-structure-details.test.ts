// What the attachment list says of each part: its file name (whatever the headers give or withhold), its size,
// and the sender, date and subject of an embedded message.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planBody, type BodyNode } from '../../src/mime/body-structure.ts';
import { text, multipart, message } from './body-nodes.ts';

describe('planBody: file names', () => {
  const named = (params: Partial<BodyNode>) => planBody(multipart('mixed', [text(), { type: 'application/pdf', size: 10, ...params }])).attachments[0]?.filename;
  const cases: [string, Partial<BodyNode>, string][] = [
    ['prefers the disposition filename', { dispositionParameters: { filename: 'a.pdf' }, parameters: { name: 'b.pdf' } }, 'a.pdf'],
    ['falls back to the Content-Type name', { parameters: { name: 'b.pdf' } }, 'b.pdf'],
    ['accepts a filename put in Content-Type', { parameters: { filename: 'c.pdf' } }, 'c.pdf'],
    ['uses the part number and type when nameless', {}, 'attachment-2.pdf'],
    ['strips Unix path components', { dispositionParameters: { filename: '../../etc/passwd' } }, 'passwd'],
    ['strips Windows path components', { dispositionParameters: { filename: 'C:\\Users\\ann\\Desktop\\evil.exe' } }, 'evil.exe'],
    ['strips control characters and CR/LF', { dispositionParameters: { filename: 'a\r\nX-Injected: 1\u0000.pdf' } }, 'aX-Injected: 1.pdf'],
    ['treats a slash inside a name as a path', { dispositionParameters: { filename: 'text/html.pdf' } }, 'html.pdf'],
    ['strips a right-to-left override', { dispositionParameters: { filename: 'invoice\u202Efdp.exe' } }, 'invoicefdp.exe'],
    ['strips zero-width characters', { dispositionParameters: { filename: 're\u200Bport.pdf' } }, 'report.pdf'],
    ['does not make a hidden file', { dispositionParameters: { filename: '.htaccess' } }, 'htaccess'],
    ['drops trailing dots and spaces', { dispositionParameters: { filename: 'a.pdf. . ' } }, 'a.pdf'],
    ['falls back for "."', { dispositionParameters: { filename: '.' } }, 'attachment-2.pdf'],
    ['falls back for ".."', { dispositionParameters: { filename: '..' } }, 'attachment-2.pdf'],
    ['falls back for a directory path', { dispositionParameters: { filename: 'dir/' } }, 'attachment-2.pdf'],
    ['falls back for whitespace', { dispositionParameters: { filename: '  \t ' }, parameters: { name: '' } }, 'attachment-2.pdf'],
    ['collapses whitespace runs', { dispositionParameters: { filename: 'my \t  file.pdf' } }, 'my file.pdf'],
    ['keeps non-ASCII names', { dispositionParameters: { filename: 'Übersicht 2024 – 報告.pdf' } }, 'Übersicht 2024 – 報告.pdf'],
    ['decodes an RFC 2047 name left encoded', { parameters: { name: '=?UTF-8?B?w5xiZXJzaWNodC5wZGY=?=' } }, 'Übersicht.pdf'],
    ['decodes a Q-encoded ISO-8859-1 name', { parameters: { name: '=?ISO-8859-1?Q?R=E9sum=E9_final.pdf?=' } }, 'Résumé final.pdf'],
    ['joins adjacent encoded words', { parameters: { name: '=?UTF-8?Q?a?= =?UTF-8?Q?b.pdf?=' } }, 'ab.pdf'],
    ['decodes an RFC 2231 extended filename', { dispositionParameters: { 'filename*': "utf-8''%E2%82%AC%20rates.pdf" } }, '€ rates.pdf'],
    ['decodes RFC 2231 continuations', { dispositionParameters: { 'filename*0*': "iso-8859-1'de'Gr%FC", 'filename*1': 'sse', 'filename*2*': '%2Epdf' } }, 'Grüsse.pdf'],
    ['orders RFC 2231 continuations by number', { dispositionParameters: { 'filename*1': 'b.pdf', 'filename*0': 'a' } }, 'ab.pdf'],
    ['prefers RFC 2231 over the plain parameter', { dispositionParameters: { filename: 'plain.pdf', 'filename*': "utf-8''ext.pdf" } }, 'ext.pdf'],
    ['reads parameter names case-insensitively', { dispositionParameters: { FileName: 'upper.pdf' } }, 'upper.pdf'],
    ['survives an unknown charset', { dispositionParameters: { 'filename*': "x-unknown''a%41.pdf" } }, 'aA.pdf'],
    ['shortens very long names and keeps the extension', { dispositionParameters: { filename: `${'n'.repeat(500)}.pdf` } }, `${'n'.repeat(196)}.pdf`],
    ['ignores non-string parameter values', { dispositionParameters: { filename: 42 as unknown as string } }, 'attachment-2.pdf'],
  ];
  for (const [name, params, expected] of cases) it(name, () => assert.equal(named(params), expected));

  it('picks an extension from the media type', () => {
    const types: [string, string][] = [['image/png', 'png'], ['image/jpeg', 'jpg'], ['text/calendar', 'ics'], ['application/zip', 'zip'],
      ['application/x-made-up', 'bin'], ['message/delivery-status', 'txt'], ['application/pkcs7-signature', 'p7s']];
    for (const [type, ext] of types) {
      assert.equal(planBody(multipart('mixed', [text(), { type, size: 1 }])).attachments[0]?.filename, `attachment-2.${ext}`);
    }
  });
});

describe('planBody: sizes and headers', () => {
  const size = (node: Partial<BodyNode>) => planBody(multipart('mixed', [text(), { type: 'application/pdf', ...node }])).attachments[0]?.size;
  it('estimates the decoded size of base64 parts', () => assert.equal(size({ size: 4000, encoding: 'base64' }), 3000));
  it('reads the encoding case-insensitively', () => assert.equal(size({ size: 400, encoding: 'BASE64' }), 300));
  it('keeps the size of other encodings', () => assert.equal(size({ size: 4000, encoding: 'quoted-printable' }), 4000));
  it('reports 0 for a missing, negative or non-numeric size', () => {
    assert.equal(size({}), 0);
    assert.equal(size({ size: -5 }), 0);
    assert.equal(size({ size: Number.NaN }), 0);
    assert.equal(size({ size: 'x' as unknown as number }), 0);
  });
  it('shows a string date that is not a date as given', () => {
    const root = multipart('mixed', [text(), message(text(), 'S', { envelope: { date: 'yesterday\r\n', subject: 'S' } })]);
    assert.deepEqual(planBody(root).display[1], { kind: 'embedded-message', part: '2', subject: 'S', date: 'yesterday' });
  });
  it('leaves out an invalid Date', () => {
    const root = multipart('mixed', [text(), message(text(), undefined, { envelope: { date: new Date('nope') } })]);
    assert.deepEqual(planBody(root).display[1], { kind: 'embedded-message', part: '2' });
  });
  it('formats several senders and strips controls from the subject', () => {
    const root = message(text(), undefined, { envelope: { subject: 'Hi\u0007 there\r\n  you', from: [{ name: 'A, B', address: 'a@x' }, { address: 'c@x' }] } });
    assert.deepEqual(planBody(root).display[0], { kind: 'embedded-message', part: '1', subject: 'Hi there you', from: '"A, B" <a@x>, c@x' });
  });
  it('decodes an encoded-word subject', () => {
    const root = message(text(), '=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=');
    assert.equal(planBody(root).attachments[0]?.filename, 'Grüße.eml');
  });
});
