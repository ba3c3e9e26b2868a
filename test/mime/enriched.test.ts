// text/enriched is the sender's markup, <param> values included: every case here is converted, sanitized the way
// the body frame does it, and read back by the independent inertness checker.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enrichedToHtml } from '../../src/mime/enriched.ts';
import { sanitizeEmailHtml } from '../../src/mime/sanitize-html.ts';
import { assertInert } from '../fixtures/mime/inspect-html.ts';

function shown(enriched: string): string {
  const html = sanitizeEmailHtml(enrichedToHtml(enriched), { resolveCid: () => undefined }).html;
  assertInert(html, { partPrefix: '/message/INBOX/1/part/' });
  return html;
}

describe('enrichedToHtml: RFC 1896 formatting', () => {
  const cases: [string, string, string][] = [
    ['bold, italic, underline, fixed', '<bold>b</bold><italic>i</italic><underline>u</underline><fixed>f</fixed>', '<b>b</b><i>i</i><u>u</u><tt>f</tt>'],
    ['commands in any case', '<BOLD>b</Bold>', '<b>b</b>'],
    ['"<<" as a literal "<"', 'a <<b> c', 'a &lt;b&gt; c'],
    ['one line break as a space, n breaks as n-1 lines', 'one\r\ntwo\r\n\r\nthree\n\n\nfour', 'one two<br />three<br /><br />four'],
    ['nofill keeping every line break', '<nofill>a\r\nb</nofill>', '<div style="white-space: pre-wrap">a<br />b</div>'],
    ['a colour name', '<color><param>red</param>alarm</color>', '<span style="color: red">alarm</span>'],
    ['an RGB colour', '<color><param>ffff,8000,0000</param>orange</color>', '<span style="color: #ff8000">orange</span>'],
    ['a font family', '<fontfamily><param>Times New Roman</param>serif</fontfamily>', '<span style="font-family: Times New Roman">serif</span>'],
    ['paragraph indents', '<paraindent><param>left,in</param>p</paraindent>', '<div style="margin-left: 2em; text-indent: 2em">p</div>'],
    ['centred and flush text', '<center>c</center><flushright>r</flushright>', '<div style="text-align: center">c</div><div style="text-align: right">r</div>'],
    ['an excerpt as a quote', '<excerpt>quoted</excerpt>', '<blockquote>quoted</blockquote>'],
    ['a language', '<lang><param>de-CH</param>Grüezi</lang>', '<span lang="de-CH">Grüezi</span>'],
    ['bigger and smaller', '<bigger>B</bigger><smaller>s</smaller>', '<big>B</big><small>s</small>'],
    ['an unknown command ignored, its text kept', '<x-blink>text</x-blink>', 'text'],
    ['the parameter of an unknown command dropped', '<x-thing><param>secret</param>text</x-thing>', 'text'],
  ];
  for (const [what, input, want] of cases) {
    it(`renders ${what}`, () => assert.equal(shown(input), want));
  }
});

describe('enrichedToHtml: hostile input', () => {
  const cases: [string, string, RegExp][] = [
    ['a javascript: colour', '<color><param>javascript:alert(1)</param>x</color>', /^<span>x<\/span>$/],
    ['CSS smuggled in a colour', '<color><param>red; background: url(https://t.example/p)</param>x</color>', /^<span>x<\/span>$/],
    ['markup in a font family', '<fontfamily><param>"><script>alert(1)</script></param>x</fontfamily>', /^<span>x<\/span>$/],
    ['an expression() font', '<fontfamily><param>x;behavior:url(a.htc)</param>x</fontfamily>', /^<span>x<\/span>$/],
    ['an attribute break in lang', '<lang><param>en" onmouseover="alert(1)</param>x</lang>', /^<span>x<\/span>$/],
    ['a parameter in the middle of text', 'a <param><img src=x onerror=alert(1)></param> b', /^a {2}b$/],
    ['an unclosed parameter', 'a<color><param>red and the rest', /^a<span>red and the rest<\/span>$/],
    ['a stray </param>', 'a</param>b', /^ab$/],
    ['HTML written as text', '<script>alert(1)</script><img src=x onerror=alert(1)>', /^alert\(1\)&lt;img src=x onerror=alert\(1\)&gt;$/],
    ['entities and quotes as text', '&lt;b&gt; "q" \'s\'', /^&amp;lt;b&amp;gt; "q" 's'$/],
    ['a close without an open', '</bold>text</italic>', /^text$/],
    ['unclosed commands, closed at the end', '<bold><italic>x', /^<b><i>x<\/i><\/b>$/],
    ['crossed commands', '<bold>a<italic>b</bold>c</italic>', /^<b>a<i>b<\/i><\/b>c$/],
    ['a lone "<" and a too-long command', 'a < b <' + 'x'.repeat(100) + '>', /^a &lt; b &lt;x{100}&gt;$/],
    ['a NUL in text', 'a\u0000b', /^a\uFFFDb$/],
  ];
  for (const [what, input, want] of cases) {
    it(`keeps ${what} harmless`, () => assert.match(shown(input), want));
  }

  it('caps nesting and stays well-formed at 100,000 levels', () => {
    const html = shown('<bold>'.repeat(100_000) + 'deep' + '</bold>'.repeat(100_000));
    assert.equal((html.match(/<b>/g) ?? []).length, 64);
    assert.equal((html.match(/<\/b>/g) ?? []).length, 64);
  });

  it('caps a run of blank lines', () => {
    assert.equal((enrichedToHtml('a' + '\n'.repeat(1_000_000) + 'b').match(/<br>/g) ?? []).length, 50);
  });

  it('converts megabytes of hostile input in linear time (hang guard: the test timeout)', () => {
    // Each of these was quadratic in a naive parser: unclosed params re-searched, deep stacks re-scanned.
    const inputs = ['<param>'.repeat(300_000), '<color><param>'.repeat(200_000), '<' .repeat(2_000_000),
      '<bold>x</italic>'.repeat(150_000), '<x-a>'.repeat(300_000) + '</x-b>'.repeat(300_000)];
    for (const input of inputs) assert.equal(typeof enrichedToHtml(input), 'string');
  });
});
