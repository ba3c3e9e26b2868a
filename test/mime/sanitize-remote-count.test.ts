// The sanitizer says whether it held anything back: the message page offers "show remote images" only then.
// Every way mail loads from the web counts; links, relative references and mail without remote content count 0.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeEmailHtml } from '../../src/mime/sanitize-html.ts';

const PROXY = '/image-proxy?u=';
const blocked = (html: string, remote = false) => sanitizeEmailHtml(html, {
  resolveCid: (cid) => (cid === 'logo@x' ? '/message/INBOX/7/part/2' : undefined),
  remoteImage: remote ? (src) => `${PROXY}${encodeURIComponent(src)}` : undefined,
}).blockedRemoteImages;

describe('sanitizeEmailHtml: counting what it held back', () => {
  const held: [string, string][] = [
    ['img src', '<img src="https://t.example/a.png" alt="a">'],
    ['img srcset alone', '<img srcset="https://t.example/a.png 1x, https://t.example/b.png 2x" alt="a">'],
    ['srcset after a data image', '<img srcset="data:image/png;base64,AAAA 1x, https://t.example/b.png 2x">'],
    ['picture source', '<picture><source srcset="https://t.example/a.webp"><img src="cid:logo@x" alt="p"></picture>'],
    ['table background', '<table background="https://t.example/bg.png"><tr><td>x</td></tr></table>'],
    ['td background', '<table><tr><td background="http://t.example/bg.png">x</td></tr></table>'],
    ['body background', '<body background="https://t.example/bg.png">x</body>'],
    ['css background url', '<div style="background:#fff url(https://t.example/bg.png) no-repeat">x</div>'],
    ['css quoted url', '<div style="background-image:url( \'https://t.example/bg.png\' )">x</div>'],
    ['css image-set', '<div style="background-image:image-set(\'https://t.example/a.png\' 1x)">x</div>'],
    ['style element url', '<style>.h{background:url("https://t.example/h.png")}</style><p class="h">x</p>'],
    ['style element import', '<STYLE type="text/css">@import "https://t.example/x.css";</STYLE><p>x</p>'],
    ['style element font', '<style>@font-face{font-family:x;src:url(https://t.example/f.woff)}</style><p>x</p>'],
    ['link stylesheet', '<link rel="stylesheet" href="https://t.example/x.css"><p>x</p>'],
    ['video poster', '<video poster="https://t.example/p.png"></video>'],
    ['input image', '<input type="image" src="https://t.example/b.png">'],
    ['iframe', '<iframe src="https://t.example/"></iframe>'],
    ['svg image', '<svg><image href="https://t.example/i.png"/></svg>'],
    ['svg image xlink', '<svg><image xlink:href="https://t.example/i.png"/></svg>'],
    ['tracking pixel in noscript', '<noscript><img src="https://t.example/o.gif" width="1" height="1"></noscript>'],
    ['entity-written scheme', '<img src="ht&#x09;tps://t.example/x.gif">'],
  ];
  for (const [name, html] of held) {
    it(`counts ${name}`, () => assert.ok(blocked(html) >= 1, html));
  }

  const nothing: [string, string][] = [
    ['plain newsletter markup', '<table width="600" bgcolor="#ffffff"><tr><td style="padding:20px;font-family:Arial, \'Helvetica Neue\', sans-serif;color:#333">Hello <b>there</b></td></tr></table>'],
    ['links', '<a href="https://example.com/offer" title="https://example.com/">Offer</a> <a href="mailto:a@example.com">mail</a>'],
    ['a ping and cite', '<a href="https://e.com/" ping="https://t.example/p">x</a><blockquote cite="https://t.example/q">q</blockquote>'],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://t.example/"><p>x</p>'],
    ['inline and data images', '<img src="cid:logo@x" alt="logo"><img src="data:image/png;base64,iVBORw0KGgo=" alt="d">'],
    ['relative and protocol-relative images', '<img src="//t.example/x.gif"><img src="x.gif"><div style="background:url(/x.png)">x</div>'],
    ['style element without urls', '<style>p{color:red;font-family:"Open Sans"}</style><p>x</p>'],
    ['url-like text', '<p>See https://example.com/a.png and url(https://example.com/b.png) in text.</p>'],
    ['an unclosed style element', '<style>p{color:red}<p>x'],
  ];
  for (const [name, html] of nothing) {
    it(`counts nothing in ${name}`, () => assert.equal(blocked(html), 0, html));
  }

  it('counts only what the proxy did not take when the reader allows remote images', () => {
    const html = '<img src="https://t.example/a.png"><td background="https://t.example/bg.png">x</td>';
    assert.equal(blocked(html), 2);
    assert.equal(blocked(html, true), 1, 'the background is never loaded');
    assert.equal(blocked('<img src="https://t.example/a.png">', true), 0);
  });

  it('stays linear on hostile <style> openings', () => {
    assert.equal(blocked('<style'.repeat(200_000)), 0);
    assert.equal(blocked(`${'<style>'.repeat(50_000)}url(https://t.example/x)`), 1);
  });
});
