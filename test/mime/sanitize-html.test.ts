// The hostile test file of DESIGN.md's security model. Every input goes through sanitizeEmailHtml with remote images
// off and on, and the output is read back by an independent checker (test/fixtures/mime/inspect-html.ts) that fails
// on any element, attribute, URL or CSS able to run script or fetch something the reader did not ask for.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeEmailHtml } from '../../src/mime/sanitize-html.ts';
import { assertInert, elements } from '../fixtures/mime/inspect-html.ts';

const PART = '/message/INBOX/7/part/';
const CIDS = new Map([['logo@example.com', `${PART}1.2`], ['photo@x', `${PART}1.3`], ['a b@x', `${PART}1.4`]]);

// What the body route does when the reader allows remote images: every http(s) image through the image proxy.
const PROXY = '/image-proxy?u=';
const proxied = (src: string) => `${PROXY}${encodeURIComponent(src)}&s=sig`;

function clean(html: string, remote = false) {
  return sanitizeEmailHtml(html, { resolveCid: (cid) => CIDS.get(cid), remoteImage: remote ? proxied : undefined });
}

/** Sanitizes with remote images off and on, checks both outputs are inert, returns the "off" result. */
function inert(html: string) {
  const on = clean(html, true);
  assertInert(on.html, { proxyPrefix: PROXY, partPrefix: PART });
  const off = clean(html, false);
  assertInert(off.html, { partPrefix: PART });
  return off;
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const SVG_B64 = 'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=';

// OWASP XSS Filter Evasion Cheat Sheet, one entry per vector (names follow the cheat sheet's headings).
const OWASP: [string, string][] = [
  ['basic script', `<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>`],
  ['polyglot', `javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/"/+/onmouseover=1/+/[*/[]/+alert(1)//'>`],
  ['image javascript', `<IMG SRC="javascript:alert('XSS');">`],
  ['no quotes no semicolon', `<IMG SRC=javascript:alert('XSS')>`],
  ['case insensitive', `<IMG SRC=JaVaScRiPt:alert('XSS')>`],
  ['html entities', `<IMG SRC=javascript:alert(&quot;XSS&quot;)>`],
  ['grave accent', '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>'],
  ['malformed a onmouseover', `<a onmouseover="alert(document.cookie)">xxs link</a>`],
  ['malformed a unquoted', `<a onmouseover=alert(document.cookie)>xxs link</a>`],
  ['malformed img tags', `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>`],
  ['fromCharCode', `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`],
  ['default src hash onmouseover', `<IMG SRC=# onmouseover="alert('xxs')">`],
  ['default src empty', `<IMG SRC= onmouseover="alert('xxs')">`],
  ['default src missing', `<IMG onmouseover="alert('xxs')">`],
  ['onerror alert', `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`],
  ['onerror encoded', `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`],
  ['decimal character references', `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`],
  ['decimal without semicolons', `<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>`],
  ['hex without semicolons', `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`],
  ['embedded tab', `<IMG SRC="jav\tascript:alert('XSS');">`],
  ['embedded encoded tab', `<IMG SRC="jav&#x09;ascript:alert('XSS');">`],
  ['embedded newline', `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`],
  ['embedded carriage return', `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`],
  ['null breaks up javascript', `<IMG SRC=java\u0000script:alert("XSS")>`],
  ['spaces and meta chars before javascript', `<IMG SRC=" &#14;  javascript:alert('XSS');">`],
  ['non-alpha-non-digit', `<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`],
  ['non-alpha body onload', '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>'],
  ['script slash src', `<SCRIPT/SRC="http://xss.rocks/xss.js"></SCRIPT>`],
  ['extraneous open brackets', `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`],
  ['no closing script tag', `<SCRIPT SRC=http://xss.rocks/xss.js?< B >`],
  ['protocol resolution in script', `<SCRIPT SRC=//xss.rocks/.j>`],
  ['half open html/javascript', `<IMG SRC="\`<javascript:alert>\`('XSS')"`],
  ['double open angle brackets', `<iframe src=http://xss.rocks/scriptlet.html <`],
  ['escaping javascript escapes', `\\";alert('XSS');//`],
  ['end title tag', `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`],
  ['input image', `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`],
  ['body image', `<BODY BACKGROUND="javascript:alert('XSS')">`],
  ['img dynsrc', `<IMG DYNSRC="javascript:alert('XSS')">`],
  ['img lowsrc', `<IMG LOWSRC="javascript:alert('XSS')">`],
  ['list-style-image', `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`],
  ['vbscript in an image', `<IMG SRC='vbscript:msgbox("XSS")'>`],
  ['livescript', `<IMG SRC="livescript:[code]">`],
  ['svg object tag', `<svg/onload=alert('XSS')>`],
  ['body tag onload', `<BODY ONLOAD=alert('XSS')>`],
  ['bgsound', `<BGSOUND SRC="javascript:alert('XSS');">`],
  ['ampersand javascript includes', `<BR SIZE="&{alert('XSS')}">`],
  ['style sheet link javascript', `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`],
  ['remote style sheet', `<LINK REL="stylesheet" HREF="http://xss.rocks/xss.css">`],
  ['remote style sheet import', `<STYLE>@import'http://xss.rocks/xss.css';</STYLE>`],
  ['remote style sheet meta link', `<META HTTP-EQUIV="Link" Content="<http://xss.rocks/xss.css>; REL=stylesheet">`],
  ['remote style sheet moz-binding', `<STYLE>BODY{-moz-binding:url("http://xss.rocks/xssmoz.xml#xss")}</STYLE>`],
  ['style tags broken up javascript', `<STYLE>@im\\port'\\ja\\vasc\\ript:alert("XSS")';</STYLE>`],
  ['style attribute broken up expression', `<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">`],
  ['anonymous html with style', `exp/*<A STYLE='no\\xss:noxss("*//*");xss:ex/*XSS*//*/*/pression(alert("XSS"))'>`],
  ['style tag older netscape', `<STYLE TYPE="text/javascript">alert('XSS');</STYLE>`],
  ['style tag background-image', `<STYLE>.XSS{background-image:url("javascript:alert('XSS')");}</STYLE><A CLASS=XSS></A>`],
  ['style tag background', `<STYLE type="text/css">BODY{background:url("javascript:alert('XSS')")}</STYLE>`],
  ['anonymous html with style expression', `<XSS STYLE="xss:expression(alert('XSS'))">`],
  ['local htc file', `<XSS STYLE="behavior: url(xss.htc);">`],
  ['us-ascii encoding', `¼script¾alert(¢XSS¢)¼/script¾`],
  ['meta refresh javascript', `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`],
  ['meta refresh data', `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`],
  ['meta refresh extra url', `<META HTTP-EQUIV="refresh" CONTENT="0; URL=http://;URL=javascript:alert('XSS');">`],
  ['iframe', `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`],
  ['iframe event based', `<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>`],
  ['frame', `<FRAMESET><FRAME SRC="javascript:alert('XSS');"></FRAMESET>`],
  ['table background', `<TABLE BACKGROUND="javascript:alert('XSS')">`],
  ['td background', `<TABLE><TD BACKGROUND="javascript:alert('XSS')">`],
  ['div background-image', `<DIV STYLE="background-image: url(javascript:alert('XSS'))">`],
  ['div background-image unicode exploit', `<DIV STYLE="background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029">`],
  ['div background-image extra characters', `<DIV STYLE="background-image: url(&#1;javascript:alert('XSS'))">`],
  ['div expression', `<DIV STYLE="width: expression(alert('XSS'));">`],
  ['downlevel-hidden block', `<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->`],
  ['base tag', `<BASE HREF="javascript:alert('XSS');//">`],
  ['object tag', `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>`],
  ['embed flash', `<EMBED SRC="http://ha.ckers.org/xss.swf" AllowScriptAccess="always"></EMBED>`],
  ['embed svg', `<EMBED SRC="data:image/svg+xml;base64,${SVG_B64}" type="image/svg+xml" AllowScriptAccess="always"></EMBED>`],
  ['xml data island with comment obfuscation', `<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert('XSS')"></B></I></XML>`],
  ['html+time in xml', `<HTML><BODY><?xml:namespace prefix="t" ns="urn:schemas-microsoft-com:time"><?import namespace="t" implementation="#default#time2"><t:set attributeName="innerHTML" to="XSS<SCRIPT DEFER>alert("XSS")</SCRIPT>"></BODY></HTML>`],
  ['xss using html quote encapsulation 1', `<SCRIPT a=">" SRC="httx://xss.rocks/xss.js"></SCRIPT>`],
  ['xss using html quote encapsulation 2', `<SCRIPT =">" SRC="httx://xss.rocks/xss.js"></SCRIPT>`],
  ['xss using html quote encapsulation 3', `<SCRIPT a=">" '' SRC="httx://xss.rocks/xss.js"></SCRIPT>`],
  ['xss using html quote encapsulation 4', `<SCRIPT "a='>'" SRC="httx://xss.rocks/xss.js"></SCRIPT>`],
  ['xss using html quote encapsulation 5', '<SCRIPT a=`>` SRC="httx://xss.rocks/xss.js"></SCRIPT>'],
  ['xss using html quote encapsulation 6', `<SCRIPT a=">'>" SRC="httx://xss.rocks/xss.js"></SCRIPT>`],
  ['xss using html quote encapsulation 7', `<SCRIPT>document.write("<SCRI");</SCRIPT>PT SRC="httx://xss.rocks/xss.js"></SCRIPT>`],
  ['url string evasion ip', `<A HREF="http://66.102.7.147/" onclick="alert(1)">XSS</A>`],
  ['url string evasion url encoding', `<A HREF="http://%77%77%77%2E%67%6F%6F%67%6C%65%2E%63%6F%6D">XSS</A>`],
  ['url string evasion mixed encoding', `<A HREF="h\ntt\tp://6\t6.000146.0x7.147/">XSS</A>`],
  ['url string evasion protocol resolution bypass', `<A HREF="//www.google.com/">XSS</A>`],
  ['url string evasion javascript link location', `<A HREF="javascript:document.location='http://www.google.com/'">XSS</A>`],
  ['svg onload in body', `<body><svg><g/onload=alert(2)//<p>`],
  ['img onerror with src attribute tricks', `<img src=x:alert(alt) onerror=eval(src) alt=0>`],
  ['details ontoggle', `<details open ontoggle=alert(1)>`],
  ['marquee onstart', `<marquee onstart=alert(1)>x</marquee>`],
  ['audio onerror', `<audio src=x onerror=alert(1)>`],
  ['video source onerror', `<video><source onerror="alert(1)">`],
  ['input autofocus', `<input autofocus onfocus=alert(1)>`],
  ['keygen autofocus', `<keygen autofocus onfocus=alert(1)>`],
  ['select autofocus', `<select autofocus onfocus=alert(1)>`],
  ['textarea autofocus', `<textarea autofocus onfocus=alert(1)>`],
  ['iframe srcdoc', `<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>`],
  ['object data javascript', `<object data="javascript:alert(1)">`],
  ['embed javascript', `<embed src="javascript:alert(1)">`],
  ['isindex', `<isindex action=javascript:alert(1) type=image>`],
  ['form action', `<form action="javascript:alert(1)"><input type=submit>`],
  ['button formaction', `<form><button formaction="javascript:alert(1)">x</button></form>`],
  ['input formaction', `<input type="image" formaction="javascript:alert(1)" src="x">`],
  ['svg xlink href', `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>`],
  ['svg animate href', `<svg><animate xlink:href=#xss attributeName=href values=javascript:alert(1) /><a id=xss><text x=20 y=20>XSS</text></a>`],
  ['svg use external', `<svg><use href="data:image/svg+xml;base64,${SVG_B64}#x"></use></svg>`],
  ['svg image remote', `<svg><image href="http://tracker.example/x.png"/></svg>`],
  ['math maction', `<math><maction actiontype="statusline#http://google.com" xlink:href="javascript:alert(2)">CLICKME</maction></math>`],
  ['math href', `<math href="javascript:javascript:alert(1)">CLICKME</math>`],
  ['template content', `<template><img src=x onerror=alert(1)></template>`],
  ['link import', `<link rel="import" href="http://evil.example/x.html">`],
  ['link prefetch', `<link rel="prefetch" href="http://tracker.example/">`],
  ['link dns-prefetch', `<link rel="dns-prefetch" href="//tracker.example">`],
  ['a ping', `<a href="https://example.com/" ping="http://tracker.example/">x</a>`],
  ['area href', `<map name=m><area shape=rect coords=0,0,1,1 href="javascript:alert(1)"></map>`],
  ['applet', `<applet code="x.class" codebase="http://evil.example/">`],
  ['frame javascript', `<frame src="javascript:alert(1)">`],
  ['script in attribute value context', `<p title="</p><script>alert(1)</script>">x</p>`],
];

describe('sanitizeEmailHtml: OWASP filter evasion vectors', () => {
  for (const [name, input] of OWASP) {
    it(`neutralizes ${name}`, () => {
      const { html } = inert(input);
      assert.doesNotMatch(html, /<(script|iframe|svg|math|object|embed|style|link|meta|base|form|input)/i);
    });
  }
});

// Ways to write "javascript:" (and friends) that browsers still honour, after HTML character references decode.
const SCRIPT_URLS = [
  'javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', '\tjavascript:alert(1)',
  '\njavascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', 'java\rscript:alert(1)',
  'jav&#x09;ascript:alert(1)', 'jav&#x0A;ascript:alert(1)', 'jav&#x0D;ascript:alert(1)', 'jav&#9;ascript:alert(1)',
  'jav&Tab;ascript:alert(1)', 'jav&NewLine;ascript:alert(1)', 'javascript&colon;alert(1)', 'javascript&#58;alert(1)',
  'javascript&#x3a;alert(1)', 'javascript&#x003A;alert(1)', '&#106;avascript:alert(1)', '&#x6A;avascript:alert(1)',
  '&#106avascript:alert(1)', '&#x6Aavascript:alert(1)', '&#0000106avascript:alert(1)', 'javas&#99;ript:alert(1)',
  '&#1;javascript:alert(1)', '&#14;javascript:alert(1)', '\u0001javascript:alert(1)', '\u001fjavascript:alert(1)',
  '\u00a0javascript:alert(1)', '\u3000javascript:alert(1)', '\ufeffjavascript:alert(1)', 'javascript\u0000:alert(1)',
  'java\u0000script:alert(1)', 'javascript:alert(1)//http://ok.example/', 'javascript://ok.example/%0Aalert(1)',
  'javascript:/*http://ok.example*/alert(1)', 'vbscript:msgbox(1)', 'VBSCRIPT:msgbox(1)', 'livescript:alert(1)',
  'mocha:alert(1)', 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'data:text/html,<script>alert(1)</script>', 'DATA:text/html,<script>alert(1)</script>',
  `data:image/svg+xml;base64,${SVG_B64}`, 'data:image/svg+xml,<svg onload=alert(1)>',
  'data:application/xhtml+xml,<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
  'file:///etc/passwd', 'ftp://evil.example/x', 'blob:https://evil.example/uuid', 'filesystem:https://evil.example/x',
  'jar:https://evil.example/x.jar!/', 'view-source:https://evil.example/', 'about:blank', 'chrome://settings',
  'res://ieframe.dll', 'ms-its:x.chm::/x.htm', 'x-javascript:alert(1)', '\\\\evil.example\\share',
  '//evil.example/x', '\\/evil.example/x', '/\\evil.example/x', '///evil.example/x', '/message/INBOX/1/raw',
  '../logout', './x', '?delete=1', '#top', 'x', '', 'http:', 'https:', 'http://', 'javascript', '&#0;',
];

// Every attribute and element through which a URL can reach the browser.
const URL_CARRIERS: [string, (url: string) => string][] = [
  ['a href', (u) => `<a href="${u}">x</a>`],
  ['a href unquoted', (u) => `<a href=${u.replace(/[\s>]/g, '')}>x</a>`],
  ['a href single-quoted', (u) => `<a href='${u.replace(/'/g, '')}'>x</a>`],
  ['img src', (u) => `<img src="${u}" alt="i">`],
  ['img srcset', (u) => `<img srcset="${u} 1x, ${u} 2x">`],
  ['img lowsrc', (u) => `<img lowsrc="${u}">`],
  ['img dynsrc', (u) => `<img dynsrc="${u}">`],
  ['area href', (u) => `<map><area href="${u}"></map>`],
  ['form action', (u) => `<form action="${u}"><input type=submit value=go></form>`],
  ['button formaction', (u) => `<button formaction="${u}">x</button>`],
  ['input src', (u) => `<input type=image src="${u}">`],
  ['iframe src', (u) => `<iframe src="${u}"></iframe>`],
  ['frame src', (u) => `<frameset><frame src="${u}"></frameset>`],
  ['object data', (u) => `<object data="${u}"></object>`],
  ['embed src', (u) => `<embed src="${u}">`],
  ['base href', (u) => `<base href="${u}"><a href="x">x</a>`],
  ['link href', (u) => `<link rel=stylesheet href="${u}">`],
  ['meta refresh', (u) => `<meta http-equiv="refresh" content="0;url=${u}">`],
  ['svg a xlink:href', (u) => `<svg><a xlink:href="${u}"><text>x</text></a></svg>`],
  ['math href', (u) => `<math><mi href="${u}">x</mi></math>`],
  ['video poster', (u) => `<video poster="${u}"></video>`],
  ['body background', (u) => `<body background="${u}">x</body>`],
  ['table background', (u) => `<table background="${u}"><tr><td>x</td></tr></table>`],
  ['td background', (u) => `<table><tr><td background="${u}">x</td></tr></table>`],
  ['blockquote cite', (u) => `<blockquote cite="${u}">x</blockquote>`],
  ['q cite', (u) => `<q cite="${u}">x</q>`],
  ['ins cite', (u) => `<ins cite="${u}">x</ins>`],
  ['style background url', (u) => `<div style="background:url('${u.replace(/'/g, '')}')">x</div>`],
  ['style background-image url', (u) => `<div style="background-image:url(${u.replace(/[\s)"]/g, '')})">x</div>`],
  ['script src', (u) => `<script src="${u}"></script>`],
  ['bgsound src', (u) => `<bgsound src="${u}">`],
];

describe('sanitizeEmailHtml: script and foreign URLs in every URL carrier', () => {
  for (const [carrier, wrap] of URL_CARRIERS) {
    it(`keeps no executable or relative URL in ${carrier} (${SCRIPT_URLS.length} spellings)`, () => {
      for (const url of SCRIPT_URLS) {
        const input = wrap(url);
        const { html, blockedRemoteImages } = inert(input);
        assert.doesNotMatch(html, /\b(href|src)="(?!https?:|mailto:|data:image\/(png|jpeg|gif|webp);)/i, input);
        assert.equal(blockedRemoteImages, 0, input);
      }
    });
  }
});

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

describe('sanitizeEmailHtml: images', () => {
  it('rewrites a cid: image through resolveCid', () => {
    assert.equal(inert('<img src="cid:logo@example.com" alt="Logo">').html, `<img alt="Logo" src="${PART}1.2" />`);
  });
  it('matches cid: references case-insensitively and without angle brackets', () => {
    assert.equal(inert('<img src="CID:LOGO@Example.COM">').html, `<img src="${PART}1.2" />`);
    assert.equal(inert('<img src="cid:<logo@example.com>">').html, `<img src="${PART}1.2" />`);
  });
  it('decodes percent-escapes in cid: URLs (RFC 2392)', () => {
    assert.equal(inert('<img src="cid:logo%40example.com">').html, `<img src="${PART}1.2" />`);
    assert.equal(inert('<img src="cid:a%20b@x">').html, `<img src="${PART}1.4" />`);
  });
  it('drops an image whose cid the message does not have', () => {
    assert.equal(inert('<p>a<img src="cid:nope@x" alt="n">b</p>').html, '<p>ab</p>');
    assert.equal(inert('<img src="cid:">').html, '');
  });
  it('drops an image without any src', () => assert.equal(inert('<img alt="x">').html, ''));
  it('keeps png, jpeg, gif and webp data: images', () => {
    for (const type of ['png', 'jpeg', 'gif', 'webp']) {
      assert.equal(inert(`<img src="data:image/${type};base64,${PNG}">`).html, `<img src="data:image/${type};base64,${PNG}" />`);
    }
  });
  it('normalizes the case of a data: URL and the jpg alias', () => {
    assert.equal(inert(`<img src="DATA:IMAGE/PNG;BASE64,${PNG}">`).html, `<img src="data:image/png;base64,${PNG}" />`);
    assert.equal(inert(`<img src="data:image/jpg;base64,${PNG}">`).html, `<img src="data:image/jpeg;base64,${PNG}" />`);
  });
  it('removes the line breaks of a wrapped data: URL', () => {
    assert.equal(inert(`<img src="data:image/png;base64,${PNG.slice(0, 20)}\r\n ${PNG.slice(20)}">`).html, `<img src="data:image/png;base64,${PNG}" />`);
  });
  it('keeps a data: image with a parameter before base64', () => {
    assert.equal(inert(`<img src="data:image/png;name=x.png;base64,${PNG}">`).html, `<img src="data:image/png;base64,${PNG}" />`);
  });
  const refusedData = [
    `data:image/svg+xml;base64,${SVG_B64}`, 'data:image/svg+xml;utf8,<svg onload="alert(1)"/>', `data:image/SVG+XML;base64,${SVG_B64}`,
    'data:image/png,%89PNG', `data:text/html;base64,${PNG}`, `data:image/bmp;base64,${PNG}`, `data:image/x-icon;base64,${PNG}`,
    `data:;base64,${PNG}`, `data:image/png;base64,${PNG}"onerror="alert(1)`, 'data:image/png;base64,<script>',
    `data:image/png;charset=utf-8,${PNG}`, `data:image/png+xml;base64,${PNG}`, `data:image/pngx;base64,${PNG}`,
  ];
  for (const src of refusedData) {
    it(`refuses data: image ${src.slice(0, 40)}`, () => assert.equal(inert(`<img src='${src}'>`).html, ''));
  }
  it('blocks remote images by default, counting them and keeping alt and size', () => {
    const r = inert('<img src="https://cdn.example/hero.jpg" alt="Spring sale" width="600" height="300">');
    assert.equal(r.html, '<img alt="Spring sale" width="600" height="300" />');
    assert.equal(r.blockedRemoteImages, 1);
  });
  it('counts tracking pixels among the blocked images', () => {
    const r = inert('<p>Hi</p><img src="http://t.example/o.gif?u=123" width="1" height="1" border="0"><img src="HTTPS://T.EXAMPLE/P.PNG" style="display:none">');
    assert.equal(r.blockedRemoteImages, 2);
    assert.equal(r.html, '<p>Hi</p><img width="1" height="1" border="0" /><img style="display: none" />');
  });
  it('counts remote images written with spaces, tabs or entities around the scheme', () => {
    assert.equal(inert('<img src=" \thttp&#x3a;//t.example/x.gif ">').blockedRemoteImages, 1);
    assert.equal(inert('<img src="ht&#x09;tps://t.example/x.gif">').blockedRemoteImages, 1);
  });
  it('sends remote images through the proxy when the reader allows them, never to the sender', () => {
    const r = clean('<img src="https://cdn.example/a b.png" alt="x" referrerpolicy="unsafe-url">', true);
    assert.equal(r.html, '<img alt="x" src="/image-proxy?u=https%3A%2F%2Fcdn.example%2Fa%2520b.png&amp;s=sig" />');
    assert.equal(r.blockedRemoteImages, 0);
  });
  it('blocks a remote image the proxy cannot take', () => {
    const r = sanitizeEmailHtml('<img src="https://cdn.example/long" alt="x">', { resolveCid: () => undefined, remoteImage: () => undefined });
    assert.equal(r.html, '<img alt="x" />');
    assert.equal(r.blockedRemoteImages, 1);
  });
  it('does not count protocol-relative or relative images as remote: it drops them', () => {
    for (const src of ['//t.example/x.gif', '/message/INBOX/1/raw', '../logout', 'x.gif', '?a=1']) {
      const r = inert(`<img src="${src}" alt="a">`);
      assert.equal(r.html, '', src);
      assert.equal(r.blockedRemoteImages, 0, src);
    }
  });
  it('drops srcset, lowsrc, dynsrc, longdesc, usemap and ismap', () => {
    assert.equal(inert(`<img src="cid:photo@x" srcset="https://t.example/a.png 2x" lowsrc="https://t.example/b" dynsrc="x" longdesc="https://t.example/" usemap="#m" ismap>`).html,
      `<img src="${PART}1.3" />`);
  });
  it('drops <picture> sources and keeps its fallback image', () => {
    assert.equal(inert(`<picture><source srcset="https://t.example/a.webp"><img src="cid:photo@x" alt="p"></picture>`).html, `<img alt="p" src="${PART}1.3" />`);
  });
  it('keeps the presentational attributes of images', () => {
    assert.equal(inert('<img src="cid:photo@x" alt="" width="50%" height="120" border="0" align="left" hspace="4" vspace="4" title="t">').html,
      `<img alt="" width="50%" height="120" border="0" align="left" hspace="4" vspace="4" title="t" src="${PART}1.3" />`);
  });
  it('drops image attributes with hostile values', () => {
    assert.equal(inert('<img src="cid:photo@x" width="expression(alert(1))" height="1;x" border="javascript:1" align="<x>">').html, `<img src="${PART}1.3" />`);
  });
  it('escapes markup in alt text', () => {
    assert.equal(inert('<img src="cid:photo@x" alt="<script>alert(1)</script>">').html, `<img alt="&lt;script&gt;alert(1)&lt;/script&gt;" src="${PART}1.3" />`);
  });
});

describe('sanitizeEmailHtml: remote content other than <img> is never fetched', () => {
  const cases: [string, string][] = [
    ['table background', '<table background="https://t.example/bg.png"><tr><td>x</td></tr></table>'],
    ['td background', '<table><tr><td background="https://t.example/bg.png">x</td></tr></table>'],
    ['body background', '<body background="https://t.example/bg.png">x</body>'],
    ['css background url', '<div style="background:#fff url(https://t.example/bg.png) no-repeat">x</div>'],
    ['css background-image', '<div style="background-image:url(https://t.example/bg.png)">x</div>'],
    ['css list-style url', '<ul style="list-style:url(https://t.example/b.png)"><li>x</li></ul>'],
    ['css border-image', '<div style="border-image:url(https://t.example/b.png) 30 round">x</div>'],
    ['css cursor', '<div style="cursor:url(https://t.example/c.cur),auto">x</div>'],
    ['css content', '<div style="content:url(https://t.example/c.png)">x</div>'],
    ['css image-set', '<div style="background-image:image-set(\'https://t.example/a.png\' 1x)">x</div>'],
    ['css -webkit-image-set', '<div style="background:-webkit-image-set(url(https://t.example/a.png) 1x)">x</div>'],
    ['css font-face in style element', '<style>@font-face{font-family:x;src:url(https://t.example/f.woff)}</style><p style="font-family:x">x</p>'],
    ['css import in style element', '<style>@import url(https://t.example/x.css);</style><p>x</p>'],
    ['link stylesheet', '<link rel="stylesheet" href="https://t.example/x.css"><p>x</p>'],
    ['video poster', '<video poster="https://t.example/p.png"></video>'],
    ['audio src', '<audio src="https://t.example/a.mp3"></audio>'],
    ['input image', '<input type="image" src="https://t.example/b.png">'],
    ['object', '<object data="https://t.example/o.swf"></object>'],
    ['embed', '<embed src="https://t.example/o.swf">'],
    ['iframe', '<iframe src="https://t.example/"></iframe>'],
    ['svg image', '<svg><image href="https://t.example/i.png"/></svg>'],
    ['svg feImage', '<svg><filter><feImage href="https://t.example/i.png"/></filter></svg>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://t.example/">'],
    ['meta dns-prefetch control', '<meta http-equiv="x-dns-prefetch-control" content="on"><link rel="dns-prefetch" href="https://t.example/">'],
    ['a ping', '<a href="https://e.com/" ping="https://t.example/p">x</a>'],
    ['base href changing relative resolution', '<base href="https://t.example/"><img src="x.png">'],
    ['img srcset alone', '<img srcset="https://t.example/a.png 1x">'],
    ['source in picture', '<picture><source srcset="https://t.example/a.png"></picture>'],
    ['bgsound', '<bgsound src="https://t.example/s.wav">'],
    ['track', '<video><track src="https://t.example/t.vtt"></video>'],
  ];
  for (const [name, input] of cases) {
    it(`fetches nothing through ${name}`, () => {
      const r = inert(input);
      assert.doesNotMatch(r.html, /t\.example/, r.html);
    });
  }
});

describe('sanitizeEmailHtml: inline CSS', () => {
  const kept: [string, string, string][] = [
    ['colours and fonts', 'color:#333333;background-color:rgb(255, 255, 255);font-family:Arial, "Helvetica Neue", sans-serif;font-size:16px',
      'color: #333333; background-color: rgb(255, 255, 255); font-family: Arial, "Helvetica Neue", sans-serif; font-size: 16px'],
    ['box model', 'margin:0 auto;padding:10px 20px;border:1px solid #ddd;border-radius:4px;width:100%;max-width:600px',
      'margin: 0 auto; padding: 10px 20px; border: 1px solid #ddd; border-radius: 4px; width: 100%; max-width: 600px'],
    ['text properties', 'text-align:center;text-decoration:none;line-height:1.5;letter-spacing:-0.5px;vertical-align:top',
      'text-align: center; text-decoration: none; line-height: 1.5; letter-spacing: -0.5px; vertical-align: top'],
    ['!important', 'color: red !important; padding:0!important', 'color: red !important; padding: 0 !important'],
    ['font shorthand with line height', 'font:bold 14px/1.4 Georgia, serif', 'font: bold 14px/1.4 Georgia, serif'],
    ['non-Latin font names', 'font-family:微软雅黑, "Hiragino Sans"', 'font-family: 微软雅黑, "Hiragino Sans"'],
    ['preheader hiding', 'display:none;max-height:0;overflow:hidden;mso-hide:all', 'display: none; max-height: 0; overflow: hidden'],
    ['table display values', 'display:table-cell;border-collapse:collapse', 'display: table-cell; border-collapse: collapse'],
    ['calc and hsl', 'width:calc(100% - 20px);color:hsla(120, 50%, 50%, 0.5)', 'width: calc(100% - 20px); color: hsla(120, 50%, 50%, 0.5)'],
    ['upper-case property names', 'COLOR:Red', 'color: Red'],
    ['text-size-adjust', '-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%', '-webkit-text-size-adjust: 100%; -ms-text-size-adjust: 100%'],
  ];
  for (const [name, style, expected] of kept) {
    it(`keeps ${name}`, () => assert.equal(inert(`<p style='${style}'>x</p>`).html, `<p style="${expected.replace(/"/g, '&quot;')}">x</p>`));
  }
  const dropped: [string, string][] = [
    ['url()', 'background:url(https://t.example/x)'], ['URL() upper-case', 'background:URL(https://t.example/x)'],
    ['url() with spaces', 'background:url (https://t.example/x)'], ['escaped url', 'background:u\\rl(https://t.example/x)'],
    ['hex-escaped url', 'background:\\75 rl(https://t.example/x)'], ['comment-split url', 'background:u/**/rl(https://t.example/x)'],
    ['entity-encoded url', 'background:&#117;rl(https://t.example/x)'], ['entity-encoded parenthesis', 'background:url&#40;https://t.example/x&#41;'],
    ['expression()', 'width:expression(alert(1))'], ['comment-split expression', 'width:ex/**/pression(alert(1))'],
    ['escaped expression', 'width:e\\xpression(alert(1))'], ['expression in unknown property', 'xss:expression(alert(1))'],
    ['behavior', 'behavior:url(x.htc)'], ['-moz-binding', '-moz-binding:url(x.xml#y)'],
    ['@import', '@import url(https://t.example/x.css)'], ['@import after a rule', '@import "x";color:red}'],
    ['javascript: in value', 'background:javascript:alert(1)'], ['position fixed', 'position:fixed'],
    ['position absolute', 'position:absolute;top:0;left:0'], ['z-index', 'z-index:99999'],
    ['image-set', 'background-image:image-set("x.png" 1x)'], ['var()', 'color:var(--x)'], ['attr()', 'width:attr(data-w)'],
    ['env()', 'padding:env(safe-area-inset-top)'], ['cross-fade()', 'background:cross-fade(url(a), url(b), 50%)'],
    ['element()', 'background:element(#x)'], ['paint()', 'background:paint(x)'], ['filter progid', 'filter:progid:DXImageTransform.Microsoft.Alpha(opacity=50)'],
    ['display contents', 'display:contents'], ['display grid', 'display:run-in'], ['content', 'content:"x"'],
    ['cursor', 'cursor:pointer'], ['list-style-image', 'list-style-image:none'], ['mask', 'mask:none'],
    ['quotes outside font names', 'color:"red"'], ['unbalanced quote', 'font-family:"Arial'],
    ['unbalanced parenthesis', 'color:rgb(1,2,3'], ['bare parenthesis', 'width:(100px)'],
    ['braces', 'color:red}body{background:red'], ['angle brackets', 'color:red</style><script>alert(1)</script>'],
    ['equals sign', 'filter:alpha(opacity=50)'], ['unknown function', 'color:foo(1)'],
    ['control characters', 'color:re\u0001d'], ['exclamation elsewhere', 'color:red ! important x'],
    ['empty value', 'color:'], ['no colon', 'color red'], ['overlong style', `color:red;${'margin:0;'.repeat(2000)}`],
  ];
  for (const [name, style] of dropped) {
    it(`drops ${name}`, () => {
      const html = inert(`<p style='${style.replace(/'/g, '&#39;')}'>x</p>`).html;
      assert.equal(html, '<p>x</p>');
    });
  }
  it('drops an @import declaration and keeps the colour next to it', () => {
    assert.equal(inert('<p style=\'color:red;@import "x"\'>x</p>').html, '<p style="color: red">x</p>');
  });
  it('drops the bad declaration and keeps the good ones', () => {
    assert.equal(inert('<p style="color:red;background:url(x);position:fixed;font-weight:bold">x</p>').html, '<p style="color: red; font-weight: bold">x</p>');
  });
  it('does not let a comment hide a declaration boundary', () => {
    assert.equal(inert('<p style="color: red /* ; background:url(x) */">x</p>').html, '<p>x</p>');
    assert.equal(inert('<p style="color:red;/*;*/background:url(x)">x</p>').html, '<p style="color: red">x</p>');
  });
  it('does not let a quoted semicolon split a declaration', () => {
    assert.equal(inert(`<p style="font-family:'a;background:url(x)'">x</p>`).html, '<p>x</p>');
  });
  it('does not unescape an escaped semicolon into a boundary', () => {
    assert.equal(inert('<p style="color:red\\;background:url(x)">x</p>').html, '<p>x</p>');
  });
  it('drops style on a style-less result rather than writing an empty attribute', () => {
    assert.equal(inert('<p style="position:fixed">x</p>').html, '<p>x</p>');
  });
});

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

// A table-based newsletter as marketing tools generate them; the structure, styles, links and text must survive.
function newsletterBlock(i: number): string {
  return `<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" align="center" bgcolor="#ffffff" style="margin:0 auto;border-collapse:collapse;mso-table-lspace:0pt">
<tr><td align="left" valign="top" style="padding:20px 30px;font-family:Arial, Helvetica, sans-serif;font-size:16px;line-height:24px;color:#333333">
<h2 style="margin:0 0 10px 0;font-size:22px;color:#111111">Story ${i}: spring &amp; summer</h2>
<p style="margin:0 0 12px 0">Lorem ipsum dolor sit amet, <a href="https://news.example.com/s/${i}?utm_source=mail&amp;utm_medium=email" style="color:#1a73e8;text-decoration:underline" target="_blank">read more</a> consectetur adipiscing elit.</p>
<img src="https://cdn.example.com/img/${i}.jpg" width="540" height="200" alt="Picture ${i}" style="display:block;border:0;max-width:100%">
<!--[if mso]><table><tr><td>outlook only</td></tr></table><![endif]-->
<font face="Georgia" size="2" color="#666666">Caption ${i}</font>
</td></tr></table>
`;
}

describe('sanitizeEmailHtml: legitimate newsletter HTML', () => {
  it('keeps a whole newsletter block intact apart from the blocked image', () => {
    const r = inert(newsletterBlock(1));
    assert.equal(r.blockedRemoteImages, 1);
    assert.equal(r.html, `<table width="600" cellpadding="0" cellspacing="0" border="0" align="center" bgcolor="#ffffff" style="margin: 0 auto; border-collapse: collapse">
<tr><td align="left" valign="top" style="padding: 20px 30px; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 24px; color: #333333">
<h2 style="margin: 0 0 10px 0; font-size: 22px; color: #111111">Story 1: spring &amp; summer</h2>
<p style="margin: 0 0 12px 0">Lorem ipsum dolor sit amet, <a style="color: #1a73e8; text-decoration: underline" href="https://news.example.com/s/1?utm_source=mail&amp;utm_medium=email" rel="noopener noreferrer" target="_blank">read more</a> consectetur adipiscing elit.</p>
<img width="540" height="200" alt="Picture 1" style="display: block; border: 0; max-width: 100%" />

<font face="Georgia" size="2" color="#666666">Caption 1</font>
</td></tr></table>
`);
  });
  it('shows the newsletter images when the reader allows remote content', () => {
    const r = clean(newsletterBlock(2), true);
    assert.match(r.html, /<img width="540" height="200" alt="Picture 2" style="display: block; border: 0; max-width: 100%" src="\/image-proxy\?u=https%3A%2F%2Fcdn\.example\.com%2Fimg%2F2\.jpg&amp;s=sig" \/>/);
    assert.equal(r.blockedRemoteImages, 0);
  });
  it('keeps non-ASCII text and decodes named entities', () => {
    assert.equal(inert('<p>Grüße — 你好 😀 &copy; &nbsp;&euro;</p>').html, '<p>Grüße — 你好 😀 © \u00a0€</p>');
  });
  it('keeps inline formatting', () => {
    const input = '<p><b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><s>s</s><strike>k</strike><sub>1</sub><sup>2</sup><small>sm</small><big>bg</big><mark>m</mark><code>c</code><kbd>k</kbd><tt>t</tt><span style="color:red">r</span><br><wbr>x</p>';
    assert.equal(inert(input).html, '<p><b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><s>s</s><strike>k</strike><sub>1</sub><sup>2</sup><small>sm</small><big>bg</big><mark>m</mark><code>c</code><kbd>k</kbd><tt>t</tt><span style="color: red">r</span><br /><wbr />x</p>');
  });
  it('keeps definition lists and table sections', () => {
    const input = '<dl><dt>T</dt><dd>D</dd></dl><table><caption align="top">C</caption><colgroup span="2"><col width="100"></colgroup><thead><tr><th scope="col">H</th></tr></thead><tfoot><tr><td>F</td></tr></tfoot></table>';
    assert.equal(inert(input).html, '<dl><dt>T</dt><dd>D</dd></dl><table><caption align="top">C</caption><colgroup span="2"><col width="100" /></colgroup><thead><tr><th scope="col">H</th></tr></thead><tfoot><tr><td>F</td></tr></tfoot></table>');
  });
  it('returns an empty fragment for empty or whitespace input', () => {
    assert.equal(inert('').html, '');
    assert.equal(inert('  \n ').html, '  \n ');
  });
  it('sanitizes a 2 MB newsletter', () => {
    let big = '<html><head><style>.x{color:red}</style></head><body bgcolor="#eeeeee">';
    let i = 0;
    while (big.length < 2 * 1024 * 1024) big += newsletterBlock(i++);
    big += '</body></html>';
    const r = clean(big);
    assert.equal(r.blockedRemoteImages, i);
    assert.equal((r.html.match(/<table /g) ?? []).length, i);
    assertInert(r.html, { partPrefix: PART });
  });
  it('keeps a 2 MB inline data: image whole', () => {
    const data = 'A'.repeat(2 * 1024 * 1024);
    const r = clean(`<img src="data:image/png;base64,${data}">`);
    assert.equal(r.html.length, `<img src="data:image/png;base64,${data}" />`.length);
  });
  it('handles 2 MB of spaces inside a src', () => {
    clean(`<img src="http://t.example/${' '.repeat(2 * 1024 * 1024)}x">`);
    clean(`<p style="color:${' '.repeat(1024 * 1024)}red">x</p>`);
  });
});

describe('sanitizeEmailHtml: output never carries executable constructs (sampled checks)', () => {
  const all = [...OWASP.map(([, i]) => i), ...SCRIPT_URLS.flatMap((u) => URL_CARRIERS.map(([, w]) => w(u)))];
  it(`finds no on* attribute, script element or javascript: URL in ${all.length} outputs`, () => {
    for (const input of all) {
      for (const remote of [false, true]) {
        const html = clean(input, remote).html;
        for (const el of elements(html)) {
          for (const [name, value] of el.attrs) {
            assert.ok(!name.startsWith('on'), `${name} in ${html}`);
            assert.doesNotMatch(value.replace(/[\s\u0000-\u001f]/g, ''), /^(javascript|vbscript|data:text|livescript):/i, input);
          }
        }
      }
    }
  });
});
