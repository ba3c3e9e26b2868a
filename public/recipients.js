// Recipient suggestions in To, Cc and Bcc (DESIGN.md "Contacts"). Progressive enhancement only: without this
// script the fields are plain text inputs that take "Name <addr>, addr2". With it, the address being typed (the
// text after the last comma outside quotes and angle brackets) is looked up in GET /contacts/suggest, and a listbox
// under the field offers matches (the ARIA 1.2 combobox pattern; @github/combobox-nav does the keys and the
// aria-activedescendant bookkeeping). Picking one replaces only that address and keeps the others. The words it
// shows come from the page, in its language (DESIGN.md "Languages"): the list's name from the field's
// data-suggestions-label, the count it announces from the form's data-suggestion-counts (one per number).
import Combobox from '/static/vendor/combobox-nav/index.js';

const DELAY_MS = 120;
const MAX_QUERY = 100;
/** while the server is still gathering a new book for the first time, ask again this often, this many times */
const PENDING_RETRY_MS = 700;
const PENDING_RETRIES = 20;

/** The comma-separated part of `value` the caret is in: [start, end). Commas inside "..." or <...> do not count. */
export function partAt(value, caret) {
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted && ch === '\\') i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') angle = true;
    else if (!quoted && ch === '>') angle = false;
    else if (!quoted && !angle && (ch === ',' || ch === ';')) {
      if (i >= caret) return [start, i];
      start = i + 1;
    }
  }
  return [start, value.length];
}

/** `value` with the part [start, end) replaced by `text`, followed by ", " so the next address can be typed. */
export function withChosen(value, [start, end], text) {
  const head = value.slice(0, start).trimEnd();
  const tail = value.slice(end).replace(/^[,;]\s*/, '').trim();
  const chosen = `${head ? `${head} ` : ''}${text}, `;
  return { value: chosen + tail, caret: chosen.length };
}

function enhance(input) {
  const counts = JSON.parse(input.form?.dataset.suggestionCounts || '[]');
  const wrap = document.createElement('div');
  wrap.className = 'recipient-field';
  input.replaceWith(wrap);
  const list = document.createElement('ul');
  list.id = `${input.id}-suggestions`;
  list.className = 'suggestions';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', input.dataset.suggestionsLabel || input.name);
  list.hidden = true;
  const status = document.createElement('span');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  wrap.append(input, list, status);
  // The browser's own list of earlier entries would open on top of this one, so it is off while the field has the
  // focus, and only then: the browser leaves a field whose autocomplete is off out of the page's history entry, and
  // Back after a refused send (a busy server's 503, a 413 without scripts) must find the addresses as typed.
  input.addEventListener('focus', () => {
    input.autocomplete = 'off';
  });
  input.addEventListener('blur', () => {
    input.autocomplete = 'on';
  });

  const combobox = new Combobox(input, list, { tabInsertsSuggestions: true, firstOptionSelectionMode: 'active' });
  let open = false;
  let timer;
  let asked = 0;
  let retries = 0;
  let controller;

  function close() {
    if (!open) return;
    open = false;
    combobox.stop();
    list.hidden = true;
    list.replaceChildren();
    status.textContent = '';
  }

  function show(suggestions) {
    const others = input.value.toLowerCase();
    const [start, end] = partAt(input.value, input.selectionStart ?? input.value.length);
    const elsewhere = others.slice(0, start) + others.slice(end);
    const fresh = suggestions.filter((s) => !elsewhere.includes(s.address.toLowerCase()));
    if (fresh.length === 0 || document.activeElement !== input) return close();
    list.replaceChildren(...fresh.map((s, i) => {
      const option = document.createElement('li');
      option.id = `${list.id}-${i}`;
      option.setAttribute('role', 'option');
      option.dataset.text = s.text;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = s.name || s.address;
      option.append(name);
      if (s.name) {
        const address = document.createElement('span');
        address.className = 'address';
        address.textContent = s.address;
        option.append(' ', address);
      }
      return option;
    }));
    list.hidden = false;
    if (open) combobox.resetSelection();
    else combobox.start();
    open = true;
    status.textContent = counts[fresh.length - 1] ?? String(fresh.length);
  }

  async function lookup() {
    const [start] = partAt(input.value, input.selectionStart ?? input.value.length);
    const query = input.value.slice(start, input.selectionStart ?? input.value.length).trim();
    // Nothing typed yet, or a finished "Name <address>": nothing to suggest.
    if (query === '' || query.length > MAX_QUERY || query.includes('>')) return close();
    const mine = ++asked;
    controller?.abort();
    controller = new AbortController();
    try {
      const res = await fetch(`/contacts/suggest?q=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' }, signal: controller.signal });
      if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return;
      const body = await res.json();
      if (mine !== asked) return;
      show(Array.isArray(body.suggestions) ? body.suggestions : []);
      if (body.pending && retries++ < PENDING_RETRIES) timer = setTimeout(lookup, PENDING_RETRY_MS);
    } catch {
      // Aborted by the next key press, or offline: the field works as typed.
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, DELAY_MS);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    } else if (event.key === 'Enter' && !open && !event.isComposing) {
      // Enter in an address field would submit the form, and the form's first button is Send.
      event.preventDefault();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 0));
  // Keep the focus in the field when an option is pressed, so the click that follows picks it.
  list.addEventListener('mousedown', (event) => event.preventDefault());
  list.addEventListener('combobox-commit', (event) => {
    const option = event.target.closest('[role="option"]');
    if (!option) return;
    const next = withChosen(input.value, partAt(input.value, input.selectionStart ?? input.value.length), option.dataset.text);
    input.value = next.value;
    input.setSelectionRange(next.caret, next.caret);
    close();
    input.focus();
  });
}

const fields = document.querySelectorAll('input[data-recipients]');
if (fields.length) {
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = '/static/recipients.css';
  document.head.append(style);
  for (const input of fields) enhance(input);
  // The first request of a session starts gathering on the server, so the first real query finds the book ready.
  let warmed = false;
  for (const input of fields) {
    input.addEventListener('focus', () => {
      if (warmed) return;
      warmed = true;
      fetch('/contacts/suggest?q=', { headers: { accept: 'application/json' } }).catch(() => undefined);
    });
  }
}
