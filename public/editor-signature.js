// The signature inside the rich-text editor (public/compose-editor.js): one element among the editor's top-level
// blocks, <div data-signature> whose first line is "-- " (src/compose/quote-html.ts writes it). A change of identity
// replaces that element only, so the user's text and the quoted HTML under it keep their formatting. The rules are
// the plain text area's (src/compose/signature.ts): a signature whose words the user changed is theirs and stays,
// and nothing is added beside it; an identity without one removes the block with the empty line it brought; where
// there was none, the new one goes above the quote (or the forwarded message), else at the end.
const FORWARD_TITLE = /^-{5,} .+ -{5,}$/;
const words = (text) => text.replace(/[\s\u00a0]+/g, ' ').trim();
// The editor drops spaces at the ends of lines ("-- " becomes "--"), which textContent joins without a break.
const letters = (text) => text.replace(/[\s\u00a0]+/g, '');
const isEmptyLine = (node) => node?.nodeName === 'DIV' && !words(node.textContent) && [...node.children].every((c) => c.nodeName === 'BR');

/**
 * The signature element: the marked one, else (a draft opened again: the sanitizer keeps no data attribute) a
 * top-level block whose first line is "-- ", marked again. Only top-level blocks: a quoted message's own signature
 * is inside the quote's <blockquote> or the forward's wrapper.
 */
export function findSignature(root) {
  const blocks = [...root.children];
  const marked = blocks.find((el) => el.hasAttribute('data-signature'));
  if (marked) return marked;
  const shaped = blocks.find((el) => el.nodeName === 'DIV' && el.children.length > 1 && words(el.firstElementChild.textContent) === '--');
  shaped?.setAttribute('data-signature', '');
  return shaped;
}

// The top-level block the signature goes above: the attribution line over the first quote, the forward's title.
function placeOf(root) {
  for (const el of root.children) {
    if (el.nodeName === 'BLOCKQUOTE') {
      const previous = el.previousElementSibling;
      return previous && words(previous.textContent).endsWith(':') ? previous : el;
    }
    if (FORWARD_TITLE.test(words(el.textContent))) return el;
  }
  return null;
}

const emptyLine = () => {
  const div = document.createElement('div');
  div.append(document.createElement('br'));
  return div;
};

/**
 * Swaps the signature of `fromHtml` for `toHtml` (either '' for none) in the editor's `root`. `parse` turns HTML
 * into a sanitized fragment (DOMPurify). Returns whether the document changed.
 */
export function swapSignature(root, fromHtml, toHtml, parse) {
  if (fromHtml === toHtml) return false;
  const current = findSignature(root);
  if (current) {
    // Compared by their words: formatting changed by hand does not make a signature the user's own text.
    if (!fromHtml || letters(current.textContent) !== letters(parse(fromHtml).textContent)) return false;
    if (toHtml) {
      current.replaceWith(parse(toHtml));
    } else {
      if (isEmptyLine(current.nextElementSibling)) current.nextElementSibling.remove();
      current.remove();
    }
    return true;
  }
  if (fromHtml || !toHtml) return false;
  const place = placeOf(root);
  const block = parse(toHtml);
  const before = place ? place.previousElementSibling : root.lastElementChild;
  // A blank line above it (room to write, as withSignature leaves), one below it before a quote.
  const parts = [...(before && !isEmptyLine(before) ? [emptyLine()] : []), block, ...(place ? [emptyLine()] : [])];
  if (place) place.before(...parts);
  else root.append(...parts);
  return true;
}
