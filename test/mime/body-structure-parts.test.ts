// Finding one part by its IMAP section number (RFC 3501 6.4.5), and describing it for a download.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describePart, findPart, type BodyNode } from '../../src/mime/body-structure.ts';
import { text, html, multipart, image, message } from './body-nodes.ts';

describe('findPart', () => {
  const root = multipart('mixed', [
    text(),
    message(multipart('alternative', [text({ size: 1 }), html({ size: 2 })]), 'A'),
    message(html({ size: 3 }), 'B'),
    multipart('related', [html({ size: 4 }), image('i@x')]),
  ]);
  const cases: [string, string | undefined][] = [
    ['1', 'text/plain'], ['2', 'message/rfc822'], ['2.1', 'text/plain'], ['2.2', 'text/html'], ['3', 'message/rfc822'],
    ['3.1', 'text/html'], ['4', 'multipart/related'], ['4.1', 'text/html'], ['4.2', 'image/png'],
    ['5', undefined], ['2.3', undefined], ['3.2', undefined], ['1.1', undefined], ['4.2.1', undefined], ['3.1.1', undefined],
    ['', undefined], ['0', undefined], ['01', undefined], ['1.', undefined], ['.1', undefined], ['1..2', undefined],
    ['1.0', undefined], ['-1', undefined], ['1e0', undefined], [' 1', undefined], ['TEXT', undefined], ['HEADER', undefined],
    ['2.MIME', undefined], ['2.HEADER', undefined], ['9999999', undefined], [Array(200).fill('1').join('.'), undefined],
  ];
  for (const [part, type] of cases) {
    it(`resolves ${JSON.stringify(part.slice(0, 20))} to ${type ?? 'nothing'}`, () => assert.equal(findPart(root, part)?.type, type));
  }
  it('treats the body of a single-part message as part 1', () => {
    const single = text();
    assert.equal(findPart(single, '1'), single);
    assert.equal(findPart(single, '2'), undefined);
    assert.equal(findPart(single, '1.1'), undefined);
  });
  it('walks into a message whose body is a message/rfc822', () => {
    const inner = html();
    const wrapped = message(inner, 'W');
    assert.equal(findPart(wrapped, '1'), wrapped);
    assert.equal(findPart(wrapped, '1.1'), inner);
  });
  it('returns undefined for junk input', () => {
    assert.equal(findPart(undefined as unknown as BodyNode, '1'), undefined);
    assert.equal(findPart(root, 1 as unknown as string), undefined);
  });
});

describe('describePart', () => {
  const root = multipart('related', [html(), image('logo@x', { parameters: { name: '../logo\u202Egnp.exe' } }), message(text(), 'Fwd')]);
  it('describes a related image that the plan does not list', () => {
    assert.deepEqual(describePart(root, '2'), { part: '2', filename: 'logognp.exe', type: 'image/png', size: 600, contentId: 'logo@x', inline: true });
  });
  it('describes a text part and a message part', () => {
    assert.equal(describePart(root, '1')?.filename, 'attachment-1.html');
    assert.equal(describePart(root, '3')?.filename, 'Fwd.eml');
    assert.equal(describePart(root, '3.1')?.type, 'text/plain');
  });
  it('describes nothing for a multipart or a missing part', () => {
    assert.equal(describePart(multipart('mixed', [multipart('alternative', [text()])]), '1'), undefined);
    assert.equal(describePart(root, '9'), undefined);
  });
});
