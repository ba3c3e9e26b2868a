// Links in sanitized mail: which schemes survive, and what every kept link is given so it opens away from Postern.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inert } from './sanitize-helpers.ts';

describe('sanitizeEmailHtml: links', () => {
  const cases: [string, string, string][] = [
    ['keeps an https link and forces rel and target', '<a href="https://example.com/a?b=1&amp;c=2">x</a>',
      '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">x</a>'],
    ['keeps an http link', '<a href="http://example.com">x</a>',
      '<a href="http://example.com/" rel="noopener noreferrer" target="_blank">x</a>'],
    ['keeps a mailto link', '<a href="mailto:ann@example.com?subject=Hi%20there">Ann</a>',
      '<a href="mailto:ann@example.com?subject=Hi%20there" rel="noopener noreferrer" target="_blank">Ann</a>'],
    ['replaces target=_self and rel=opener', '<a href="https://e.com/" target="_self" rel="opener">x</a>',
      '<a href="https://e.com/" rel="noopener noreferrer" target="_blank">x</a>'],
    ['drops a javascript: href and keeps the text', '<a href="javascript:alert(1)">click</a>', '<a>click</a>'],
    ['drops a relative href', '<a href="/logout">x</a>', '<a>x</a>'],
    ['drops a fragment href', '<a href="#section">x</a>', '<a>x</a>'],
    ['drops a protocol-relative href', '<a href="//evil.example/">x</a>', '<a>x</a>'],
    ['drops a tel: href (not on the list)', '<a href="tel:+123">x</a>', '<a>x</a>'],
    ['drops name and id anchors', '<a name="top" id="top">x</a>', '<a>x</a>'],
    ['drops ping, download and referrerpolicy', '<a href="https://e.com/" ping="https://t.example/" download referrerpolicy="unsafe-url">x</a>',
      '<a href="https://e.com/" rel="noopener noreferrer" target="_blank">x</a>'],
    ['percent-encodes spaces the way the browser would', '<a href=" https://e.com/a b ">x</a>',
      '<a href="https://e.com/a%20b" rel="noopener noreferrer" target="_blank">x</a>'],
    ['serializes an IDN host as punycode, exposing look-alike domains', '<a href="https://exаmple.com/">x</a>',
      '<a href="https://xn--exmple-4nf.com/" rel="noopener noreferrer" target="_blank">x</a>'],
    ['keeps credentials in the URL visible in the href', '<a href="https://user:pw@e.com/">x</a>',
      '<a href="https://user:pw@e.com/" rel="noopener noreferrer" target="_blank">x</a>'],
    ['reads a tab-split https link as the browser does', '<a href="ht\ttps://e.com/">x</a>',
      '<a href="https://e.com/" rel="noopener noreferrer" target="_blank">x</a>'],
    ['keeps the first of duplicated href attributes, as browsers do', '<a href="https://ok.example/" href="javascript:alert(1)">x</a>',
      '<a href="https://ok.example/" rel="noopener noreferrer" target="_blank">x</a>'],
    ['keeps title on links', '<a href="https://e.com/" title="Go &quot;there&quot;">x</a>',
      '<a title="Go &quot;there&quot;" href="https://e.com/" rel="noopener noreferrer" target="_blank">x</a>'],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(inert(input).html, expected));
});
