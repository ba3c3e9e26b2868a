// The plain-text part of a rich-text message is made from its HTML (http/writing/compose-html.ts): each line Squire writes
// (a <div>) must stay one line, with a blank line only where the editor shows one: an empty line, a paragraph, a
// list set apart from the text around it; list items and quotes as a plain-text mail program writes them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { htmlToText } from '../../src/compose/html-text.ts';
import { htmlBody } from '../../src/http/writing/compose-html.ts';

describe('HTML to text, line for line', () => {
  const cases: [string, string, string][] = [
    ['writes a line per <div>, without blank lines between', '<div>Dear Bob,</div><div>the plan is ready.</div><div>Alice</div>', 'Dear Bob,\nthe plan is ready.\nAlice'],
    ['makes an empty <div><br></div> one empty line', '<div>one</div><div><br></div><div>two</div>', 'one\n\ntwo'],
    ['ignores the <br> Squire leaves at the end of a line', '<div>one<br></div><div>two<br></div>', 'one\ntwo'],
    ['keeps a line of a no-break space as an empty line', '<div>one</div><div>&nbsp;</div><div>two</div>', 'one\n\ntwo'],
    ['breaks a line at <br> inside a block', '<div>one<br>two</div>', 'one\ntwo'],
    ['sets paragraphs apart with a blank line', '<p>one</p><p>two</p>', 'one\n\ntwo'],
    ['sets a list apart and writes an item a line', '<div>Buy:</div><ul><li>milk</li><li>bread</li></ul><div>Thanks</div>', 'Buy:\n\n- milk\n- bread\n\nThanks'],
    ['numbers an ordered list and indents a nested one', '<ol><li>x<ul><li>y</li></ul></li><li>z</li></ol>', '1. x\n  - y\n2. z'],
    ['reads list items with a <div> inside, as Squire may write them', '<ul><li><div>first</div></li><li><div>second</div><div>more</div></li></ul>', '- first\n- second\n  more'],
    ['ignores the source\'s own line breaks between blocks', '<div>a</div>\n  <div>b</div>\n', 'a\nb'],
    ['makes runs of empty lines one', '<div>a</div><div><br></div><div><br></div><div><br></div><div>b</div>', 'a\n\nb'],
  ];
  for (const [what, html, text] of cases) it(what, () => assert.equal(htmlToText(html), text));

  it('quotes a blockquote line for line, with "> "', () => {
    assert.equal(htmlToText('<div>Yes.</div><div>On X, Bob wrote:</div><blockquote type="cite"><div>Lunch?</div><div>At one?</div></blockquote>', { quoteBlockquotes: true }),
      'Yes.\nOn X, Bob wrote:\n> Lunch?\n> At one?');
  });
});

describe('the plain part of a rich-text message', () => {
  it('is the editor\'s lines, the signature after "-- " on a line of its own', () => {
    const html = '<div>Hello Bob,</div><div>see you <b>Friday</b>.</div><div><br></div><div><div>-- </div><div>Alice</div><div>Help desk</div></div>';
    assert.equal(htmlBody(html)!.text, 'Hello Bob,\nsee you Friday.\n\n-- \nAlice\nHelp desk\n');
  });
});
