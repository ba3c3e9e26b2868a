// The message source as text: each line UTF-8 when it is, else windows-1252; a cut at the byte limit is not a
// broken character.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sourceText } from '../../src/mime/source-text.ts';

describe('sourceText', () => {
  it('reads ASCII and UTF-8 as they are', () => {
    assert.equal(sourceText(Buffer.from('Subject: Grüße €\r\n\r\nBody\r\n', 'utf8')), 'Subject: Grüße €\r\n\r\nBody\r\n');
  });

  it('reads a latin1 line as latin1 and the UTF-8 lines around it as UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('From: J\xfcrgen\r\n', 'latin1'), Buffer.from('Text: Köln\r\n', 'utf8'), Buffer.from('Euro \x80\n', 'latin1')]);
    assert.equal(sourceText(bytes), 'From: Jürgen\r\nText: Köln\r\nEuro €\n');
  });

  it('drops a character cut by the limit instead of showing a broken one', () => {
    const whole = Buffer.from('a €', 'utf8');
    assert.equal(sourceText(whole.subarray(0, whole.length - 1), true), 'a ');
    assert.equal(sourceText(whole), 'a €', 'and is not left in a half-read state');
  });

  it('never gives replacement characters for bytes that are not UTF-8', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    assert.doesNotMatch(sourceText(all), /\uFFFD/);
  });
});
