// Legitimate mail survives the sanitizer: a table-based newsletter, formatting, entities, and 2 MB inputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertInert } from '../fixtures/mime/inspect-html.ts';
import { clean, inert, PART } from './sanitize-helpers.ts';

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
