// Keyboard shortcuts (DESIGN.md "Keyboard"). The keys are in the page as data-hotkey attributes of the links and
// buttons they press, so the server decides what each page offers and the help dialog lists them; @github/hotkey
// presses them, and ignores keys typed into text fields, selects and text areas. What is not one element's click is
// here: moving through the list (j, k), opening (o) and selecting (x) the current row, acting on the current row
// when nothing is selected, the help dialog (?), and where focus lands after a navigation.
import { install } from '/static/vendor/hotkey/index.js';

// A modal dialog makes the page behind it inert: no key may press what is under it ("?" and Escape close it).
document.addEventListener('keydown', (event) => {
  if (document.querySelector('dialog[open]') && event.key !== '?' && event.key !== 'Escape') event.stopImmediatePropagation();
}, true);

for (const el of document.querySelectorAll('[data-hotkey]')) install(el);

for (const opener of document.querySelectorAll('[data-opens]')) {
  const dialog = document.getElementById(opener.dataset.opens);
  if (!(dialog instanceof HTMLDialogElement)) continue;
  opener.hidden = false;
  opener.addEventListener('click', () => (dialog.open ? dialog.close() : dialog.showModal()));
}

const list = document.querySelector('ul.messages');
if (list) {
  const rows = () => [...list.querySelectorAll('li.msg')];
  const current = () => rows().find((r) => r.classList.contains('current'));
  const setCurrent = (row, focus = true) => {
    if (!row) return;
    for (const r of rows()) r.classList.toggle('current', r === row);
    if (focus) row.querySelector('a.open').focus();
  };
  list.addEventListener('focusin', (event) => setCurrent(event.target.closest('li.msg'), false));
  list.addEventListener('hotkey-fire', (event) => {
    event.preventDefault();
    const key = event.detail.path.at(-1);
    const all = rows();
    const here = current();
    const at = here ? all.indexOf(here) : -1;
    if (key === 'j') setCurrent(all[Math.min(at + 1, all.length - 1)]);
    else if (key === 'k') setCurrent(all[Math.max(at - 1, 0)]);
    else if (key === 'o') here?.querySelector('a.open').click();
    else if (key === 'x') here?.querySelector('input[name=uid]').click();
  });
  // e, # and s act on the ticked messages, or on the current row when none is ticked.
  for (const button of document.querySelectorAll('.bulk-actions button[data-hotkey]')) {
    button.addEventListener('hotkey-fire', (event) => {
      if (!list.querySelector('input[name=uid]:checked')) {
        const box = current()?.querySelector('input[name=uid]');
        if (!box) return event.preventDefault();
        box.checked = true;
      }
      // s flags, or unflags when every chosen message is flagged already.
      const chosen = [...list.querySelectorAll('input[name=uid]:checked')].map((b) => b.closest('li.msg'));
      if (button.value === 'flag' && chosen.every((r) => r.classList.contains('flagged'))) {
        event.preventDefault();
        button.form.querySelector('button[value=unflag]').click();
      }
    });
  }
  // Back from a message (#m-<uid>, the id of the row's link, which the browser focuses itself): its row is the
  // current one again.
  if (location.hash.startsWith('#m-')) setCurrent(document.getElementById(location.hash.slice(1))?.closest('li.msg'));
}

// Opening a message puts the reader at its subject.
document.getElementById('message-title')?.focus();
