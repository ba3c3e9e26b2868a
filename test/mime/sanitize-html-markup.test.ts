// Elements and attributes in sanitized mail, and markup that is broken on purpose: mXSS and parser differentials.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inert, PART } from './sanitize-helpers.ts';

describe('sanitizeEmailHtml: elements and attributes', () => {
  const cases: [string, string, string][] = [
    ['drops id, name and class (DOM clobbering, our CSS)', '<p id="x" class="y" name="z">t</p>', '<p>t</p>'],
    ['drops clobbering names on images and forms', '<img name="getElementById" src="cid:photo@x"><form id="location"><input name="cookie"></form>', `<img src="${PART}1.3" />`],
    ['drops data- and aria- attributes', '<div data-x="1" aria-label="a" role="button" tabindex="1" accesskey="k" contenteditable>t</div>', '<div>t</div>'],
    ['drops every on* handler', '<p onclick="a()" onmouseover="b()" ONLOAD="c()" onpointerenter="d()" onanimationstart="e()">t</p>', '<p>t</p>'],
    ['drops the handler after a slash', '<p/onclick=alert(1)>t</p>', '<p>t</p>'],
    ['drops the handler glued to a quoted value', '<img src="cid:photo@x"onerror="alert(1)">', `<img src="${PART}1.3" />`],
    ['drops unknown elements and keeps their text', '<x-foo onclick="a()"><blink>t</blink></x-foo>', 't'],
    ['drops Outlook namespace tags', '<p>a<o:p></o:p></p><v:rect fillcolor="red">b</v:rect>', '<p>a</p>b'],
    ['drops form controls, keeps visible words', '<form action="https://e.com/"><label>Name</label><input value="v"><button>Send</button></form>', 'NameSend'],
    ['drops select and option text', '<select><option>One</option></select>x', 'x'],
    ['drops textarea content', '<textarea><img src=x onerror=alert(1)></textarea>x', 'x'],
    ['drops style element content', '<style>p{color:red}</style><p>x</p>', '<p>x</p>'],
    ['drops script content', '<script>alert(1)</script><p>x</p>', '<p>x</p>'],
    ['drops the document title', '<html><head><title>Newsletter</title></head><body><p>x</p></body></html>', '<div><p>x</p></div>'],
    ['drops noscript content', '<noscript><p>Enable JS</p></noscript><p>x</p>', '<p>x</p>'],
    ['drops template content', '<template><p>hidden</p></template><p>x</p>', '<p>x</p>'],
    ['drops svg content', '<svg><text>svg text</text><script>alert(1)</script></svg><p>x</p>', '<p>x</p>'],
    ['drops math content', '<math><mi>x</mi></math><p>y</p>', '<p>y</p>'],
    ['drops meta, base and link', '<meta charset="utf-8"><base href="https://e.com/"><link rel="icon" href="https://e.com/i"><p>x</p>', '<p>x</p>'],
    ['keeps a body as a div with its colours as CSS', '<body bgcolor="#f4f4f4" text="#333" style="margin:0" onload="x()"><p>x</p></body>',
      '<div style="background-color: #f4f4f4; color: #333; margin: 0"><p>x</p></div>'],
    ['refuses a hostile body bgcolor', '<body bgcolor="red;background:url(x)"><p>x</p></body>', '<div><p>x</p></div>'],
    ['keeps old presentational table attributes', '<table width="600" height="100%" align="center" bgcolor="#FFFFFF" border="0" cellpadding="0" cellspacing="0"><tbody valign="top"><tr bgcolor="#eee" height="20"><td width="50%" height="10" align="left" valign="middle" bgcolor="red" colspan="2" rowspan="1" nowrap>x</td></tr></tbody></table>',
      '<table width="600" height="100%" align="center" bgcolor="#FFFFFF" border="0" cellpadding="0" cellspacing="0"><tbody valign="top"><tr bgcolor="#eee" height="20"><td width="50%" height="10" align="left" valign="middle" bgcolor="red" colspan="2" rowspan="1" nowrap="nowrap">x</td></tr></tbody></table>'],
    ['drops table attributes with hostile values', '<table width="100%;x" bgcolor="url(x)" border="1 onclick=x" cellpadding="-1"><tr><td colspan="2x" align="javascript:x" valign="<">x</td></tr></table>',
      '<table><tr><td>x</td></tr></table>'],
    ['keeps font and center', '<center><font face="Verdana, Arial" size="2" color="#000080">Old</font></center>',
      '<center><font face="Verdana, Arial" size="2" color="#000080">Old</font></center>'],
    ['drops hostile font attributes', '<font face="x&quot;><script>" size="99" color="expression(1)">t</font>', '<font>t</font>'],
    ['keeps lists with their numbering attributes', '<ol start="3" type="a" reversed><li value="5">x</li></ol><ul type="square"><li>y</li></ul>',
      '<ol start="3" type="a" reversed="reversed"><li value="5">x</li></ol><ul type="square"><li>y</li></ul>'],
    ['keeps headings, quotes, code and rules', '<h1 align="center">T</h1><blockquote cite="https://e.com/">q</blockquote><pre><code>c &lt; d</code></pre><hr noshade size="1" width="80%">',
      '<h1 align="center">T</h1><blockquote>q</blockquote><pre><code>c &lt; d</code></pre><hr noshade="noshade" size="1" width="80%" />'],
    ['keeps dir and lang', '<p dir="rtl" lang="he">שלום</p><p dir="sideways" lang="x y">t</p>', '<p dir="rtl" lang="he">שלום</p><p>t</p>'],
    ['keeps details and summary', '<details><summary>More</summary>Text</details>', '<details><summary>More</summary>Text</details>'],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(inert(input).html, expected));
});

describe('sanitizeEmailHtml: broken markup, mXSS and parser differentials', () => {
  const cases: [string, string][] = [
    ['unclosed tags', '<p><b>bold<i>both'],
    ['unclosed attribute quote', '<p title="x>y</p><img src=x onerror=alert(1)>'],
    ['unclosed comment', '<p>a<!-- <img src=x onerror=alert(1)>'],
    ['abruptly closed comment', '<!--><img src=x onerror=alert(1)>-->'],
    ['abruptly closed comment 2', '<!---><img src=x onerror=alert(1)>-->'],
    ['comment with double dash', '<!-- -- --><img src=x onerror=alert(1)>'],
    ['nested comments', '<!-- <!-- --> <img src=x onerror=alert(1)> -->'],
    ['conditional comment', '<!--[if mso]><img src=x onerror=alert(1)><![endif]-->'],
    ['downlevel-revealed conditional comment', '<![if !IE]><img src=x onerror=alert(1)><![endif]>'],
    ['cdata', '<![CDATA[<img src=x onerror=alert(1)>]]>'],
    ['cdata in svg', '<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>'],
    ['processing instruction', '<?xml version="1.0"?><img src=x onerror=alert(1)>'],
    ['bogus comment', '</ x=1><img src=x onerror=alert(1)>'],
    ['doctype', '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"><p>x</p>'],
    ['noscript title breakout', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
    ['noembed breakout', '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>'],
    ['noframes breakout', '<noframes><img title="</noframes><img src=x onerror=alert(1)>"></noframes>'],
    ['iframe breakout', '<iframe><img title="</iframe><img src=x onerror=alert(1)>"></iframe>'],
    ['xmp breakout', '<xmp><img title="</xmp><img src=x onerror=alert(1)>"></xmp>'],
    ['textarea breakout', '<textarea><img title="</textarea><img src=x onerror=alert(1)>"></textarea>'],
    ['title breakout', '<title><img title="</title><img src=x onerror=alert(1)>"></title>'],
    ['style breakout', '<style><img title="</style><img src=x onerror=alert(1)>"></style>'],
    ['plaintext', '<plaintext><img src=x onerror=alert(1)>'],
    ['svg style mxss', '<svg><style><img src=x onerror=alert(1)></style></svg>'],
    ['svg p style mxss', '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">'],
    ['math mglyph style', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
    ['form math mglyph', '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>'],
    ['math annotation-xml', '<math><annotation-xml encoding="text/html"><style><img src=x onerror=alert(1)></style></annotation-xml></math>'],
    ['svg foreignObject', '<svg><foreignObject><p><img src=x onerror=alert(1)></p></foreignObject></svg>'],
    ['svg title html', '<svg><title><img src=x onerror=alert(1)></title></svg>'],
    ['table foster parenting', '<table><img src=x onerror=alert(1)><tr><td>x</td></tr></table>'],
    ['select in table', '<table><select><option><img src=x onerror=alert(1)></option></select></table>'],
    ['a inside a', '<a href="https://a.example/"><a href="javascript:alert(1)">x</a></a>'],
    ['attribute without value', '<p title>x</p><img src onerror>'],
    ['attributes without quotes', '<a href=https://e.com/?a=1&b=2 title=hi onclick=alert(1)>x</a>'],
    ['backtick attribute', '<p title=`x` onclick=`alert(1)`>x</p>'],
    ['slash separated attributes', '<img/src="x"/onerror=alert(1)>'],
    ['newline separated attributes', '<img\nsrc=x\nonerror=alert(1)>'],
    ['form feed separated attributes', '<img\fsrc=x\fonerror=alert(1)>'],
    ['null byte in tag name', '<scr\u0000ipt>alert(1)</scr\u0000ipt>'],
    ['null byte in attribute name', '<img src=x o\u0000nerror=alert(1)>'],
    ['null byte before handler', '<p \u0000onclick=alert(1)>x</p>'],
    ['null byte in href', '<a href="java\u0000script:alert(1)">x</a>'],
    ['null byte in text', '<p>a\u0000b</p>'],
    ['upper-case everything', '<A HREF="JAVASCRIPT:ALERT(1)" ONCLICK="X()">X</A>'],
    ['mixed-case tag names', '<ScRiPt>alert(1)</sCrIpT><IfRaMe src=x>'],
    ['space before tag name', '< script>alert(1)</script>'],
    ['double angle', '<<img src=x onerror=alert(1)>>'],
    ['stray closing tags', '</p></div></table></script><p>x</p>'],
    ['closing tag with attributes', '<p>x</p onclick="alert(1)">'],
    ['entity-encoded markup stays text', '&lt;img src=x onerror=alert(1)&gt;'],
    ['double-encoded markup stays text', '&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;'],
    ['numeric-encoded markup stays text', '&#60;script&#62;alert(1)&#60;/script&#62;'],
    ['legacy entities without semicolon', '&ltscript&gtalert(1)&lt/script&gt'],
    ['quotes in attribute values', '<p title="&quot;><script>alert(1)</script>">x</p>'],
    ['single quote breakout', `<p title='x" onclick="alert(1)'>x</p>`],
    ['very long attribute', `<p title="${'a'.repeat(100000)}" onclick="x">x</p>`],
    ['many attributes', `<p ${Array.from({ length: 2000 }, (_, i) => `a${i}="${i}"`).join(' ')} onclick="x">x</p>`],
    ['deep nesting', `${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}`],
    ['deep unclosed nesting', `${'<b><i>'.repeat(5000)}x`],
    ['unterminated tag at end', '<p>x</p><img src="https://t.example/x.gif" onerror="alert(1)"'],
    ['lone less-than', 'a < b > c <'],
    ['html inside attribute of allowed tag', '<a title="<iframe src=javascript:alert(1)>" href="https://e.com/">x</a>'],
    ['unicode line separators', '<a href="https://e.com/\u2028javascript:alert(1)">x</a>'],
    ['bidi override in text', '<p>\u202Egnp.exe</p>'],
    ['dom clobbering form', '<form name="body"><img name="defaultView"></form>'],
  ];
  for (const [name, input] of cases) {
    // inert() rejects every on* attribute and foreign element; words like "onerror" may remain as escaped text.
    it(`survives ${name}`, () => {
      const { html } = inert(input);
      assert.doesNotMatch(html, /<(script|iframe|svg|math|style|noscript|xmp|textarea|title|plaintext|noembed|noframes)/i);
    });
  }
  it('keeps text across a null byte as U+FFFD, as browsers do', () => assert.equal(inert('<p>a\u0000b</p>').html, '<p>a\uFFFDb</p>'));
  it('keeps entity-encoded markup as escaped text', () => {
    assert.equal(inert('&lt;img src=x onerror=alert(1)&gt;').html, '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(inert('&amp;lt;b&amp;gt;').html, '&amp;lt;b&amp;gt;');
  });
  it('closes unclosed tags', () => assert.equal(inert('<p><b>bold<i>both').html, '<p><b>bold<i>both</i></b></p>'));
  it('drops comments and conditional comments', () => assert.equal(inert('a<!-- secret -->b<!--[if mso]>c<![endif]-->d').html, 'abd'));
  it('keeps content revealed to non-Outlook clients', () => assert.equal(inert('<!--[if !mso]><!--><p>x</p><!--<![endif]-->').html, '<p>x</p>'));
});
