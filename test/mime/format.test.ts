import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extensionForType, formatSize, isSafeInlineImage, mediaType, safeFilename, stripUnsafeChars } from '../../src/mime/format.ts';

describe('formatSize', () => {
  const cases: [number, string][] = [
    [0, '0 B'], [1, '1 B'], [512, '512 B'], [999, '999 B'], [1000, '1.0 kB'], [1234, '1.2 kB'], [9949, '9.9 kB'],
    [9950, '10 kB'], [12345, '12 kB'], [999499, '999 kB'], [999960, '1.0 MB'], [3_400_000, '3.4 MB'], [25_000_000, '25 MB'],
    [1_500_000_000, '1.5 GB'], [2e12, '2.0 TB'], [5e15, '5000 TB'], [1.6, '2 B'],
    [-5, '0 B'], [Number.NaN, '0 B'], [Number.POSITIVE_INFINITY, '0 B'],
  ];
  for (const [bytes, expected] of cases) it(`writes ${bytes} as ${expected}`, () => assert.equal(formatSize(bytes), expected));
  it('writes the number as the locale does', () => {
    assert.equal(formatSize(1234, 'de'), '1,2 kB');
    assert.equal(formatSize(3_400_000, 'en-GB'), '3.4 MB');
  });
});

describe('isSafeInlineImage', () => {
  const cases: [string, boolean][] = [
    ['image/png', true], ['image/jpeg', true], ['image/gif', true], ['image/webp', true], ['IMAGE/PNG', true],
    ['image/png; name="a.png"', true], [' image/jpeg ', true], ['image/jpg', true], ['image/pjpeg', true],
    ['image/svg+xml', false], ['image/svg', false], ['image/bmp', false], ['image/tiff', false], ['image/x-icon', false],
    ['image/avif', false], ['text/html', false], ['application/octet-stream', false], ['image/png+xml', false],
    ['image/pngx', false], ['image/', false], ['', false], ['image/png\r\nX: y', false],
  ];
  for (const [type, expected] of cases) it(`${JSON.stringify(type)} is ${expected ? 'safe' : 'not safe'}`, () => assert.equal(isSafeInlineImage(type), expected));
});

describe('mediaType and extensionForType', () => {
  const types: [unknown, string][] = [
    ['Text/HTML; charset=utf-8', 'text/html'], ['text', 'application/octet-stream'], ['/', 'application/octet-stream'],
    ['text/html extra', 'application/octet-stream'], ['text/html\u0000', 'application/octet-stream'], [undefined, 'application/octet-stream'], [42, 'application/octet-stream'],
  ];
  for (const [input, expected] of types) it(`reads ${JSON.stringify(input)} as ${expected}`, () => assert.equal(mediaType(input as string), expected));
  const exts: [string, string][] = [['image/jpeg', 'jpg'], ['message/rfc822', 'eml'], ['TEXT/CALENDAR', 'ics'], ['application/x-unknown', 'bin'], ['junk', 'bin']];
  for (const [type, ext] of exts) it(`names ${type} files .${ext}`, () => assert.equal(extensionForType(type), ext));
});

describe('safeFilename', () => {
  const cases: [string, unknown, string][] = [
    ['keeps a plain name', 'report.pdf', 'report.pdf'],
    ['strips a Unix path', '/etc/passwd', 'passwd'],
    ['strips a Windows path', 'C:\\Windows\\evil.exe', 'evil.exe'],
    ['strips a traversal', '../../../x.txt', 'x.txt'],
    ['strips controls, DEL and C1', 'a\u0001b\u007fc\u0085d.txt', 'abcd.txt'],
    ['strips bidi controls', 'a\u202Eb\u2066c\u200Fd.txt', 'abcd.txt'],
    ['strips a BOM and soft hyphen', '\uFEFFre\u00ADport.txt', 'report.txt'],
    ['drops leading dots', '...hidden', 'hidden'],
    ['drops trailing dots and spaces', 'name. . .', 'name'],
    ['trims whitespace', '  name.txt  ', 'name.txt'],
    ['falls back when nothing is left', '\u202E', 'fb'],
    ['falls back for non-strings', 7, 'fb'],
    ['falls back for undefined', undefined, 'fb'],
    ['keeps astral characters whole when shortening', `${'😀'.repeat(300)}.txt`, `${'😀'.repeat(196)}.txt`],
    ['drops an over-long extension when shortening', `${'a'.repeat(300)}.${'b'.repeat(40)}`, 'a'.repeat(200)],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(safeFilename(input as string, 'fb'), expected));
  it('finishes on long runs of dots and spaces', () => {
    safeFilename(`a${'. '.repeat(500000)}b`, 'fb');
    safeFilename(`${'. '.repeat(500000)}`, 'fb');
  });
  it('stripUnsafeChars keeps ordinary text', () => assert.equal(stripUnsafeChars('Grüße, 你好!'), 'Grüße, 你好!'));
});
