import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeQuotedPrintable, decodeTransfer } from '../../src/mime/transfer-encoding.ts';

const qp = (text: string) => decodeQuotedPrintable(Buffer.from(text, 'latin1')).toString('latin1');

describe('decodeTransfer', () => {
  const cases: [string, string, string | undefined, string][] = [
    ['base64 with line breaks', 'SGVs\r\nbG8s\r\nIHdvcmxk', 'base64', 'Hello, world'],
    ['base64 with stray characters and padding', 'SGVsbG8=\r\n', 'BASE64', 'Hello'],
    ['base64 cut short by a partial FETCH', 'SGVsbG8sIHdvcm', 'base64', 'Hello, wor'],
    ['7bit as it is', 'plain = text', '7bit', 'plain = text'],
    ['no encoding named', 'plain = text', undefined, 'plain = text'],
    ['an unknown encoding as it is', 'x-uuencode?', 'x-uuencode', 'x-uuencode?'],
  ];
  for (const [name, input, encoding, expected] of cases) {
    it(`decodes ${name}`, () => assert.equal(decodeTransfer(Buffer.from(input, 'latin1'), encoding).toString('latin1'), expected));
  }
});

describe('decodeQuotedPrintable', () => {
  const cases: [string, string, string][] = [
    ['hex escapes, upper and lower case', 'caf=C3=A9 caf=c3=a9', 'caf\xc3\xa9 caf\xc3\xa9'],
    ['a soft line break', 'one long=\r\nline', 'one longline'],
    ['a soft line break with trailing whitespace', 'one long= \t\r\nline', 'one longline'],
    ['a soft line break with a bare LF', 'one long=\nline', 'one longline'],
    ['a hard line break kept', 'one\r\ntwo', 'one\r\ntwo'],
    ['an "=" not followed by hex kept', 'a=b =zz', 'a=b =zz'],
    ['a dangling "=" at the very end dropped', 'cut=', 'cut'],
    ['"=3D" as an equals sign', 'a=3Db', 'a=b'],
  ];
  for (const [name, input, expected] of cases) {
    it(`reads ${name}`, () => assert.equal(qp(input), expected));
  }
});
