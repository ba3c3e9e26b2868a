// Changing the From identity swaps its signature in the text, at once. The same rules as src/compose/signature.ts
// (keep the two in step): the block "-- \n<signature>\n" the old identity put in is found by its exact text and
// replaced by the new one's, or removed; where there was none, the new one goes above the quote; a block the user
// has edited is theirs and stays. Each <option> carries its block in data-signature; the hidden signedAs field says
// which one the text holds. In rich text the editor swaps its signature element (public/editor-signature.js), from
// each option's data-signature-html.
(() => {
  const FORWARD_TITLE = /^-{5,} .+ -{5,}$/;

  function signaturePlace(body) {
    const lines = body.split('\n');
    let offset = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (FORWARD_TITLE.test(line)) return offset;
      if (line.startsWith('>')) {
        const previous = lines[i - 1];
        return previous !== undefined && previous.trimEnd().endsWith(':') ? offset - previous.length - 1 : offset;
      }
      offset += line.length + 1;
    }
    return body.length;
  }

  function insertBlock(body, block) {
    const at = signaturePlace(body);
    const before = body.slice(0, at).replace(/\n+$/, '');
    const after = body.slice(at).replace(/^\n+/, '');
    return `${before}\n\n${block}${after ? `\n${after}` : ''}`;
  }

  function findBlock(body, block) {
    if (body.startsWith(block)) return 0;
    const at = body.indexOf(`\n${block}`);
    return at === -1 ? -1 : at + 1;
  }

  function swapSignature(body, oldBlock, newBlock) {
    if (oldBlock === newBlock) return body;
    if (!oldBlock) return newBlock ? insertBlock(body, newBlock) : body;
    const at = findBlock(body, oldBlock);
    if (at === -1) return body;
    const rest = body.slice(at + oldBlock.length);
    if (newBlock) return body.slice(0, at) + newBlock + rest;
    const before = body.slice(0, at).replace(/\n+$/, '');
    const after = rest.replace(/^\n+/, '');
    return after ? `${before}\n\n${after}` : before && `${before}\n`;
  }

  function enhance(form) {
    const select = form.querySelector('select[name=identity]');
    if (!select) return;
    form.querySelector('button.change-identity')?.remove();
    let signedAs = form.querySelector('input[name=signedAs]');
    if (!signedAs) {
      signedAs = document.createElement('input');
      signedAs.type = 'hidden';
      signedAs.name = 'signedAs';
      form.append(signedAs);
    }
    select.addEventListener('change', () => {
      const old = [...select.options].find((o) => o.value === signedAs.value);
      const chosen = select.selectedOptions[0];
      if (!chosen) return;
      const detail = {
        from: old?.dataset.signature ?? '', to: chosen.dataset.signature ?? '',
        fromHtml: old?.dataset.signatureHtml ?? '', toHtml: chosen.dataset.signatureHtml ?? '', handled: false,
      };
      // The rich-text editor, when it is on, swaps its own marked block and says so.
      form.dispatchEvent(new CustomEvent('postern:signature', { detail }));
      if (!detail.handled) {
        const body = form.querySelector('textarea[name=body]');
        if (body) body.value = swapSignature(body.value, detail.from, detail.to);
      }
      signedAs.value = chosen.value;
      form.dispatchEvent(new Event('input', { bubbles: true }));
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const form of document.querySelectorAll('form.compose-form')) enhance(form);
  });
})();
