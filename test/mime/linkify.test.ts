import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { quoteText, textToHtml } from '../../src/mime/linkify.ts';
import { fixedLines, flowedLines } from '../../src/mime/flowed.ts';

const a = (href: string, label = href) => `<a href="${href}" rel="noopener noreferrer" target="_blank">${label}</a>`;
const q = (inner: string) => `<blockquote class="quote">${inner}</blockquote>`;

describe('textToHtml: escaping', () => {
  const cases: [string, string, string][] = [
    ['escapes markup', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['escapes ampersands and quotes', `a & b "c" 'd'`, 'a &amp; b &quot;c&quot; &#39;d&#39;'],
    ['keeps entities as text', '&lt;b&gt; &amp;', '&amp;lt;b&amp;gt; &amp;amp;'],
    ['keeps newlines for pre-wrap', 'a\nb\n\nc', 'a\nb\n\nc'],
    ['normalizes CRLF and CR', 'a\r\nb\rc', 'a\nb\nc'],
    ['keeps leading and trailing spaces', '  indented  ', '  indented  '],
    ['keeps an empty text empty', '', ''],
    ['keeps unicode', 'Grüße 你好 😀', 'Grüße 你好 😀'],
    ['does not link javascript: text', 'javascript:alert(1)', 'javascript:alert(1)'],
    ['does not link data: text', 'data:text/html,<b>x</b>', 'data:text/html,&lt;b&gt;x&lt;/b&gt;'],
    ['does not link a bare domain', 'see example.com', 'see example.com'],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(textToHtml(input), expected));
});

describe('textToHtml: links', () => {
  const cases: [string, string, string][] = [
    ['links an https URL', 'go to https://example.com/path now', `go to ${a('https://example.com/path')} now`],
    ['links an http URL', 'http://example.com', a('http://example.com')],
    ['links upper-case schemes', 'HTTPS://EXAMPLE.COM/', a('HTTPS://EXAMPLE.COM/')],
    ['escapes the query in href and text', 'https://e.com/?a=1&b=2', a('https://e.com/?a=1&amp;b=2')],
    ['leaves a trailing period out', 'Visit https://e.com/a.', `Visit ${a('https://e.com/a')}.`],
    ['leaves trailing punctuation out', 'https://e.com/a!? https://e.com/b, https://e.com/c; https://e.com/d:',
      `${a('https://e.com/a')}!? ${a('https://e.com/b')}, ${a('https://e.com/c')}; ${a('https://e.com/d')}:`],
    ['leaves an enclosing parenthesis out', '(see https://e.com/a)', `(see ${a('https://e.com/a')})`],
    ['keeps balanced parentheses', 'https://en.wikipedia.org/wiki/Foo_(bar)', a('https://en.wikipedia.org/wiki/Foo_(bar)')],
    ['keeps balanced parentheses inside enclosing ones', '(https://en.wikipedia.org/wiki/Foo_(bar))', `(${a('https://en.wikipedia.org/wiki/Foo_(bar)')})`],
    ['leaves enclosing brackets out', '[https://e.com/x] {https://e.com/y}', `[${a('https://e.com/x')}] {${a('https://e.com/y')}}`],
    ['stops at angle brackets (RFC 3986 appendix C)', '<https://e.com/x>', `&lt;${a('https://e.com/x')}&gt;`],
    ['stops at a double quote', '"https://e.com/x"', `&quot;${a('https://e.com/x')}&quot;`],
    ['leaves trailing single quotes out', "'https://e.com/x'", `&#39;${a('https://e.com/x')}&#39;`],
    ['links several URLs on a line', 'https://a.example/ and https://b.example/', `${a('https://a.example/')} and ${a('https://b.example/')}`],
    ['links a URL at the start of a line', 'https://e.com/\nnext', `${a('https://e.com/')}\nnext`],
    ['does not link a URL without host', 'http:// and https:///x', 'http:// and https:///x'],
    ['keeps a URL with a port and fragment', 'https://e.com:8443/a#b', a('https://e.com:8443/a#b')],
    ['does not include a bidi override in a link', 'https://e.com/\u202Egnp.exe', `${a('https://e.com/')}\u202Egnp.exe`],
    ['does not include a zero-width space', 'https://e.com/a\u200Bb', `${a('https://e.com/a')}\u200Bb`],
    ['stops at a non-breaking space', 'https://e.com/a\u00A0b', `${a('https://e.com/a')}\u00A0b`],
    ['links a URL glued to a word', 'xhttps://e.com/', `x${a('https://e.com/')}`],
    ['links an email address', 'mail ann@example.com today', `mail ${a('mailto:ann@example.com', 'ann@example.com')} today`],
    ['links an address with plus and dots', 'a.b+tag@sub.example.co.uk', a('mailto:a.b+tag@sub.example.co.uk', 'a.b+tag@sub.example.co.uk')],
    ['leaves the final period out of an address', 'Write to ann@example.com.', `Write to ${a('mailto:ann@example.com', 'ann@example.com')}.`],
    ['links an address in angle brackets', 'Ann <ann@example.com>', `Ann &lt;${a('mailto:ann@example.com', 'ann@example.com')}&gt;`],
    ['does not link an address without a dot in the domain', 'root@localhost', 'root@localhost'],
    ['does not link a chain of at signs', 'x@y.com@z.org', 'x@y.com@z.org'],
    ['does not link an address inside a path', '/u@h.com', '/u@h.com'],
    ['does not link an address inside a URL twice', 'https://e.com/@ann@example.com', a('https://e.com/@ann@example.com')],
    ['does not link an at sign alone', 'meet @ noon, @handle', 'meet @ noon, @handle'],
    ['links an address after a URL', 'https://e.com/ ann@example.com', `${a('https://e.com/')} ${a('mailto:ann@example.com', 'ann@example.com')}`],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(textToHtml(input), expected));
});

describe('textToHtml: quotes', () => {
  const cases: [string, string, string][] = [
    ['wraps quoted lines', 'Hi\n> quoted\n> more\nreply', `Hi${q('quoted\nmore')}reply`],
    ['nests deeper quotes', '> one\n> > two\n>> three\n> one again', q(`one${q('two\nthree')}one again`)],
    ['opens two levels at once', '>> deep\nflat', `${q(q('deep'))}flat`],
    ['accepts ">" without a space', '>tight', q('tight')],
    ['keeps extra indentation after the marker', '>   code', q('  code')],
    ['accepts a space before the marker', ' > spaced', q('spaced')],
    ['keeps an empty quoted line', '> a\n>\n> b', q('a\n\nb')],
    ['ends with open quotes closed', 'x\n> y', `x${q('y')}`],
    ['links inside quotes', '> see https://e.com/', q(`see ${a('https://e.com/')}`)],
    ['escapes inside quotes', '> <b>', q('&lt;b&gt;')],
    ['does not treat an escaped > as a quote', '&gt; not a quote', '&amp;gt; not a quote'],
    ['caps nesting at 16 levels', `${'>'.repeat(40)} deep`, q(q(q(q(q(q(q(q(q(q(q(q(q(q(q(q('deep'))))))))))))))))],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(textToHtml(input), expected));
});

describe('textToHtml: format=flowed (RFC 3676)', () => {
  const cases: [string, string, string, boolean?][] = [
    ['joins soft line breaks', 'This is a long \nparagraph that \nwraps.\nNew line.', 'This is a long paragraph that wraps.\nNew line.'],
    ['keeps hard line breaks', 'one\ntwo', 'one\ntwo'],
    ['removes space-stuffing', ' From here\n >not a quote', 'From here\n&gt;not a quote'],
    ['joins quoted soft breaks at the same depth', '>> quoted \n>> text\n> outer', q(`${q('quoted text')}outer`)],
    ['ends a paragraph when the depth changes', '> soft \nplain', `${q('soft ')}plain`],
    ['keeps the signature separator apart', 'text\n-- \nAnn', 'text\n-- \nAnn'],
    ['does not join after a signature separator', '-- \nsig line', '-- \nsig line'],
    ['deletes the soft-break space with delsp=yes', '日本語の \n文章', '日本語の文章', true],
    ['links across a joined line', 'see https://e.com/ \nok', `see ${a('https://e.com/')} ok`],
  ];
  for (const [name, input, expected, delSp] of cases) {
    it(name, () => assert.equal(textToHtml(input, { flowed: true, delSp: delSp ?? false }), expected));
  }
  it('reads quote depth without spaces between markers', () => {
    assert.deepEqual(flowedLines('>>> x\n> y'), [{ depth: 3, text: 'x' }, { depth: 1, text: 'y' }]);
  });
  it('reads fixed-text quote depth with spaces between markers', () => {
    assert.deepEqual(fixedLines('> > > x\n>>y\nz'), [{ depth: 3, text: 'x' }, { depth: 2, text: 'y' }, { depth: 0, text: 'z' }]);
  });
});

// Inputs built to make a regex backtrack: a ReDoS would hang here until the run's per-test timeout. How fast
// rendering is belongs to npm run bench, not to a timed assertion.
describe('textToHtml: hostile input finishes', () => {
  const big: [string, string][] = [
    ['a megabyte of URL starts that never parse', 'http://:'.repeat(150000)],
    ['a URL ending in half a million parentheses', `https://x.com/${')'.repeat(500000)}`],
    ['a megabyte of local-part characters', `${'a'.repeat(1000000)}@${'b.'.repeat(100000)}`],
    ['a megabyte of at signs', '@'.repeat(1000000)],
    ['a hundred thousand quote markers', `${'>'.repeat(100000)}x\n`.repeat(10)],
    ['fifty thousand lines with links', 'line > with https://e.com/ and a@b.co\n'.repeat(50000)],
    ['half a megabyte of newlines', '\n'.repeat(500000)],
  ];
  for (const [name, input] of big) {
    it(`handles ${name}`, () => {
      textToHtml(input);
      textToHtml(input, { flowed: true });
    });
  }
});

describe('quoteText', () => {
  const cases: [string, string, string][] = [
    ['prefixes each line', 'a\nb', '> a\n> b'],
    ['stacks on quoted lines', '> a\n>> b', '> > a\n> >> b'],
    ['writes empty lines as a bare marker', 'a\n\nb', '> a\n>\n> b'],
    ['drops trailing newlines', 'a\n\n\n', '> a'],
    ['normalizes CRLF', 'a\r\nb\r\n', '> a\n> b'],
    ['quotes an empty text as one marker', '', '>'],
    ['keeps indentation', '  code', '>   code'],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(quoteText(input), expected));
  it('finishes on a megabyte of newlines', () => {
    quoteText(`${'\n'.repeat(1000000)}x`);
    quoteText('\n'.repeat(1000000));
  });
});
