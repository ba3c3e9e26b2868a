// Rich-text compose, for users whose setting says so (Settings, "Compose messages in"). Squire (Fastmail's editor,
// node_modules/squire-rte, served as shipped) edits a contenteditable element; it needs no eval and no inline
// script, and sets styles only for commands not offered here (fonts, colours; its image-resize handles, whose
// inline styles this page's CSP drops, leaving them unstyled). Pastes are cleaned with DOMPurify, and whatever is
// posted is sanitized again by the server (src/http/writing/compose-html.ts), which also makes the plain-text part.
// The text area stays in the form, hidden, holding the editor's text: without this script (or before it runs) the
// form is the plain one, and the HTML field stays disabled so that only the text is sent. The toolbar's words are
// in the page (<template id="editor-toolbar">).
import Squire from '/static/vendor/squire/squire-raw.mjs';
import DOMPurify from '/static/vendor/dompurify/purify.es.mjs';
import { findSignature, swapSignature } from '/static/editor-signature.js';

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// The plain text the form starts with (a reply's quote, the signature) as blocks, one line each.
const textToHtml = (text) => text.split('\n').map((line) => `<div>${line ? escape(line) : '<br>'}</div>`).join('');

function enhance(form) {
  const textarea = form.querySelector('textarea[name=body]');
  const hidden = form.querySelector('input[name=bodyHtml]');
  const template = document.getElementById('editor-toolbar');
  if (!textarea || !hidden || !template) return;
  const toolbar = template.content.firstElementChild.cloneNode(true);
  const root = document.createElement('div');
  root.id = 'body-editor';
  root.className = 'editor';
  root.setAttribute('role', 'textbox');
  root.setAttribute('aria-multiline', 'true');
  root.setAttribute('aria-labelledby', 'body-label');
  textarea.hidden = true;
  textarea.before(toolbar, root);

  const parse = (html) => DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true });
  const editor = new Squire(root, { blockTag: 'DIV', sanitizeToDOMFragment: parse });
  editor.setHTML(hidden.value || startingHtml(form, textarea.value));
  findSignature(root);
  hidden.disabled = false;

  // The form's fields follow the editor, so autosave, the attachment question and Send read what is shown.
  const sync = () => {
    hidden.value = editor.getHTML();
    textarea.value = root.innerText;
  };
  sync();
  editor.addEventListener('input', () => {
    sync();
    form.dispatchEvent(new Event('postern:changed'));
  });
  editor.addEventListener('pathChange', () => {
    toolbar.querySelector('[data-command=bold]').setAttribute('aria-pressed', String(editor.hasFormat('B')));
    toolbar.querySelector('[data-command=italic]').setAttribute('aria-pressed', String(editor.hasFormat('I')));
  });
  form.addEventListener('submit', sync, { capture: true });

  const commands = {
    bold: () => (editor.hasFormat('B') ? editor.removeBold() : editor.bold()),
    italic: () => (editor.hasFormat('I') ? editor.removeItalic() : editor.italic()),
    list: () => (editor.hasFormat('UL') ? editor.removeList() : editor.makeUnorderedList()),
    numbered: () => (editor.hasFormat('OL') ? editor.removeList() : editor.makeOrderedList()),
    quote: () => (editor.hasFormat('BLOCKQUOTE') ? editor.decreaseQuoteLevel() : editor.increaseQuoteLevel()),
  };
  toolbar.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-command]');
    if (!button) return;
    commands[button.dataset.command]?.();
    editor.focus();
    sync();
    form.dispatchEvent(new Event('postern:changed'));
  });

  // A change of identity (public/compose-signature.js) swaps the signature element alone (public/editor-signature.js);
  // the text area follows the editor, so it is not swapped on its own.
  form.addEventListener('postern:signature', (event) => {
    event.detail.handled = true;
    if (!swapSignature(root, event.detail.fromHtml, event.detail.toHtml, parse)) return;
    sync();
    form.dispatchEvent(new Event('postern:changed'));
  });
}

// The text the form holds when the server sent no HTML (a plain-text draft, a form shown again without script):
// its lines as blocks, the chosen identity's signature block, when its exact text is there, as its HTML.
function startingHtml(form, text) {
  const option = form.querySelector('select[name=identity]')?.selectedOptions[0];
  const block = option?.dataset.signature;
  const at = block ? text.indexOf(`\n${block}`) : -1;
  if (at === -1 || !option.dataset.signatureHtml) return textToHtml(text);
  return textToHtml(text.slice(0, at)) + option.dataset.signatureHtml + textToHtml(text.slice(at + 1 + block.length).replace(/\n$/, ''));
}

for (const form of document.querySelectorAll('form.compose-form[data-compose-format=html]')) enhance(form);
