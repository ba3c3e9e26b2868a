// Images in sanitized mail: cid: parts through the message, data: images kept, remote ones blocked and counted
// or sent through the image proxy; and no other element or attribute that fetches something on its own.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeEmailHtml } from '../../src/mime/sanitize-html.ts';
import { SVG_B64 } from '../fixtures/mime/xss-vectors.ts';
import { clean, inert, PART, PNG } from './sanitize-helpers.ts';

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
