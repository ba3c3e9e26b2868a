// Inline CSS in sanitized mail: declarations kept one by one, those able to fetch or run something dropped.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inert } from './sanitize-helpers.ts';

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
