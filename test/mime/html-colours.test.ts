// Which sanitized mail chooses its own colours (and is shown on a light card in the dark theme), and which follows
// the theme. The input is what sanitizeEmailHtml gives, so the cases go through it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setsOwnColours } from '../../src/mime/html-colours.ts';
import { sanitizeEmailHtml } from '../../src/mime/sanitize-html.ts';

const clean = (html: string) => sanitizeEmailHtml(html, { resolveCid: () => undefined }).html;

describe('setsOwnColours', () => {
  const coloured: [string, string][] = [
    ['a text colour in a style', '<p style="color: #333">Hi</p>'],
    ['a background colour in a style', '<div style="padding: 4px; background-color: navy">Hi</div>'],
    ['the background shorthand', '<td style="background: #fff">Hi</td>'],
    ['bgcolor on a table', '<table bgcolor="#ffeecc"><tr><td>Hi</td></tr></table>'],
    ['bgcolor on a cell', '<table><tr><td bgcolor="red">Hi</td></tr></table>'],
    ['<font color>', '<p><font color="#b3261e">sale</font></p>'],
    ['<body bgcolor> (kept as a div style)', '<html><body bgcolor="#000000" text="#ffffff">Hi</body></html>'],
    ['a colour with !important and upper case', '<span style="COLOR: Red !important">x</span>'],
  ];
  for (const [what, html] of coloured) it(`sees ${what}`, () => assert.equal(setsOwnColours(clean(html)), true, clean(html)));

  const plain: [string, string][] = [
    ['plain markup', '<p>Hello <b>there</b>, see <a href="https://example.com/">this</a>.</p>'],
    ['layout styles only', '<div style="padding: 8px; font-size: 14px; border: 1px solid">x</div>'],
    ['a colour the sanitizer drops', '<p style="color: expression(alert(1))">x</p>'],
    ['text that looks like a colour attribute', '<p>style="color: red" and bgcolor="blue" and <font color="x"></p>'.replace('<font color="x">', '&lt;font color="x"&gt;')],
    ['a colour word in a title', '<p title="color: red; background: blue">x</p>'],
    ['border-color, which is no text or background colour', '<p style="border-color: red">x</p>'],
  ];
  for (const [what, html] of plain) it(`does not count ${what}`, () => assert.equal(setsOwnColours(clean(html)), false, clean(html)));
});
