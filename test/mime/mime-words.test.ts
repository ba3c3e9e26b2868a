import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cidUrlKey, contentIdKey } from '../../src/mime/content-id.ts';
import { decodeEncodedWords, decodeParameter } from '../../src/mime/mime-words.ts';

describe('decodeEncodedWords (RFC 2047)', () => {
  const cases: [string, string][] = [
    ['plain text', 'plain text'],
    ['=?UTF-8?B?w5xiZXJzaWNodA==?=', 'Übersicht'],
    ['=?utf-8?q?Gr=C3=BC=C3=9Fe_aus_Berlin?=', 'Grüße aus Berlin'],
    ['=?ISO-8859-1?Q?Andr=E9?= Pirard', 'André Pirard'],
    ['=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=', 'ab'],
    ['=?ISO-8859-1?Q?a?=  \r\n =?ISO-8859-1?Q?b?=', 'ab'],
    ['=?ISO-8859-1?Q?a?= b =?ISO-8859-1?Q?c?=', 'a b c'],
    ['=?UTF-8?B?5pel5pys?= =?UTF-8?B?6Kqe?=', '日本語'],
    ['=?UTF-8?B?5pel5g==?= =?UTF-8?B?nKzoqp4=?=', '日本語'], // a character split across two words
    ['=?UTF-8*en?Q?Hi?=', 'Hi'],
    ['=?windows-1252?Q?=93quoted=94?=', '\u201Cquoted\u201D'],
    ['=?koi8-r?B?8NLJ18XU?=', 'Привет'],
    ['=?x-unknown?Q?ok?=', 'ok'],
    ['=?UTF-8?X?bad?=', '=?UTF-8?X?bad?='],
    ['=?UTF-8?Q?unterminated', '=?UTF-8?Q?unterminated'],
    ['=?UTF-8?Q?a=ZZ?=', 'a=ZZ'],
  ];
  for (const [input, expected] of cases) it(`decodes ${JSON.stringify(input)}`, () => assert.equal(decodeEncodedWords(input), expected));
  it('finishes on hostile input', () => {
    decodeEncodedWords('=?'.repeat(200000));
    decodeEncodedWords('=?a?q?'.repeat(100000));
    decodeEncodedWords(`=?UTF-8?Q?${'a'.repeat(1000000)}`);
  });
});

describe('decodeParameter (RFC 2231)', () => {
  const cases: [string, Record<string, string> | undefined, string | undefined][] = [
    ['a plain value', { name: 'a.pdf' }, 'a.pdf'],
    ['a missing value', { other: 'x' }, undefined],
    ['no parameters', undefined, undefined],
    ['an extended value', { 'name*': "utf-8''%E2%82%AC.pdf" }, '€.pdf'],
    ['an extended value with language', { 'name*': "iso-8859-1'en'%A3 rates.pdf" }, '£ rates.pdf'],
    ['an extended value without charset', { 'name*': "''a%20b" }, 'a b'],
    ['continuations', { 'name*0': 'long', 'name*1': 'name', 'name*2': '.pdf' }, 'longname.pdf'],
    ['encoded continuations', { 'name*0*': "utf-8''%C3", 'name*1*': '%BC.pdf' }, 'ü.pdf'],
    ['mixed continuations', { 'name*0*': "utf-8''%C3%BC", 'name*1': '%20literal' }, 'ü%20literal'],
    ['out-of-order continuations', { 'name*2': 'c', 'name*0': 'a', 'name*1': 'b' }, 'abc'],
    ['upper-case keys', { 'NAME*': "UTF-8''X" }, 'X'],
    ['another parameter with a similar name', { 'filename*': "utf-8''f", name: 'n' }, 'n'],
    ['a stray percent', { 'name*': "utf-8''100%" }, '100%'],
  ];
  for (const [name, params, expected] of cases) it(`reads ${name}`, () => assert.equal(decodeParameter(params, 'name'), expected));
});

describe('contentIdKey and cidUrlKey', () => {
  const ids: [unknown, string | undefined][] = [
    ['<abc@example.com>', 'abc@example.com'], ['  < ABC@Example.COM >  ', 'abc@example.com'], ['abc@x', 'abc@x'],
    ['<>', undefined], ['', undefined], [undefined, undefined], [42, undefined], ['x'.repeat(999), undefined],
  ];
  for (const [input, expected] of ids) it(`normalizes Content-ID ${JSON.stringify(String(input).slice(0, 20))}`, () => assert.equal(contentIdKey(input as string), expected));
  const urls: [string, string | undefined][] = [
    ['cid:abc@example.com', 'abc@example.com'], ['CID:ABC@x', 'abc@x'], ['cid:foo4%25foo1@bar.net', 'foo4%foo1@bar.net'],
    ['cid:a%20b@x', 'a b@x'], ['cid:<a@x>', 'a@x'], ['cid:100%', '100%'], ['cid:', undefined], ['  cid:a@x', 'a@x'],
  ];
  for (const [input, expected] of urls) it(`reads ${input} as ${expected}`, () => assert.equal(cidUrlKey(input), expected));
});
