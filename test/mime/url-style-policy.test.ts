import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyImageSource, safeLinkHref } from '../../src/mime/url-policy.ts';
import { filterStyle } from '../../src/mime/style-filter.ts';

describe('safeLinkHref', () => {
  const cases: [string, string | undefined][] = [
    ['https://e.com', 'https://e.com/'], ['http://e.com/a?b#c', 'http://e.com/a?b#c'], ['mailto:a@b.c', 'mailto:a@b.c'],
    ['MAILTO:a@b.c', 'mailto:a@b.c'], [' \n https://e.com/ \t', 'https://e.com/'], ['ht\ntp://e.com', 'http://e.com/'],
    ['https://e.com/"><script>', 'https://e.com/%22%3E%3Cscript%3E'], ['https://e.com/ x', 'https://e.com/%20x'],
    ['javascript:alert(1)', undefined], ['jav\tascript:alert(1)', undefined], ['\u0000javascript:alert(1)', undefined],
    ['data:text/html,x', undefined], ['vbscript:x', undefined], ['file:///etc/passwd', undefined], ['tel:+1', undefined],
    ['//e.com', undefined], ['/path', undefined], ['#frag', undefined], ['?q', undefined], ['', undefined], ['https://', undefined],
    ['http://[::1', undefined],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(safeLinkHref(input), expected));
});

describe('classifyImageSource', () => {
  const cases: [string, ReturnType<typeof classifyImageSource>][] = [
    ['cid:A@x', { kind: 'cid', key: 'a@x' }], [' cid:a@x ', { kind: 'cid', key: 'a@x' }], ['cid:', { kind: 'refused' }],
    ['data:image/png;base64,AAAA', { kind: 'data', src: 'data:image/png;base64,AAAA' }],
    ['data:image/JPG;base64,AA AA', { kind: 'data', src: 'data:image/jpeg;base64,AAAA' }],
    ['data:image/svg+xml;base64,AAAA', { kind: 'refused' }], ['data:image/png,AAAA', { kind: 'refused' }],
    ['https://e.com/x.png', { kind: 'remote', src: 'https://e.com/x.png' }], ['HTTP://E.COM/x', { kind: 'remote', src: 'http://e.com/x' }],
    ['//e.com/x.png', { kind: 'refused' }], ['x.png', { kind: 'refused' }], ['/part/1', { kind: 'refused' }],
    ['javascript:alert(1)', { kind: 'refused' }], ['blob:https://e.com/1', { kind: 'refused' }], ['', { kind: 'refused' }],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} is ${expected.kind}`, () => assert.deepEqual(classifyImageSource(input), expected));
});

describe('filterStyle', () => {
  const cases: [string, string | undefined][] = [
    ['color:red', 'color: red'], ['  color : red ; ; ', 'color: red'], ['color:red;;;margin:0', 'color: red; margin: 0'],
    ['COLOR: RED !IMPORTANT', 'color: RED !important'], ['font-family: "A;B", serif', undefined], ['font-family: "Open Sans", serif', 'font-family: "Open Sans", serif'],
    ['display:INLINE-BLOCK', 'display: INLINE-BLOCK'], ['display:contents', undefined], ['position:relative', undefined],
    ['background:url(x)', undefined], ['color:red/*x*/', undefined], ['color:red\\9', undefined], ['', undefined],
    ['mso-line-height-rule:exactly', undefined], ['margin:-10px', 'margin: -10px'], ['width:calc(100% - 2px)', 'width: calc(100% - 2px)'],
    ['color:rgb(0 0 0 / 50%)', 'color: rgb(0 0 0 / 50%)'], ['text-shadow:1px 1px #000', 'text-shadow: 1px 1px #000'],
    [42 as unknown as string, undefined],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(filterStyle(input), expected));
  it('finishes on a style of nothing but quotes, parentheses and semicolons', () => {
    filterStyle('("\';'.repeat(2000));
  });
});
