// Compose, with script: what is typed is not lost and nothing is forgotten.
// - Autosave: every 30 s while the form has changed, and when the page is hidden or left, the form is posted as
//   "Save draft" with autosave=1 (src/http/writing/compose-autosave.ts answers JSON): the hidden draft field then names the
//   new draft, which the next save replaces, and the files just uploaded are in the draft's list, the file field
//   emptied. Leaving uses sendBeacon, which the browser delivers after the tab is gone (without the new files when
//   they are too big for a beacon: the text matters most).
// - Leaving a form changed since its last save asks first (beforeunload; the browser says its own words).
// - Send with a word like "attached" in the new text (not the quote) and nothing attached shows a question in the
//   form (#attach-hint, rendered hidden by the server): attach a file, or send without.
// No words here: the question is in the page, the words that raise it in the form's data-attach-words.
(() => {
  const INTERVAL_MS = 30_000;

  function enhance(form) {
    let changes = 0;
    let savedAt = 0;
    let submitting = false;
    let saving;
    // form.action would be the buttons named "action".
    const target = form.getAttribute('action');

    const files = () => form.querySelector('input[type=file][name=attachments]');
    const markChanged = () => { changes++; };
    form.addEventListener('input', markChanged);
    form.addEventListener('change', markChanged);
    form.addEventListener('postern:changed', markChanged);
    // compose-files.js sends big forms itself; when that fails the page stays, and so do autosave and the warning.
    form.addEventListener('postern:upload-failed', () => { submitting = false; });

    function fields({ withFiles }) {
      const data = new FormData(form);
      data.set('action', 'save');
      data.set('autosave', '1');
      const input = files();
      const maxBytes = Number(form.dataset.maxUploadBytes);
      const maxFiles = Number(form.dataset.maxFiles);
      const chosen = input ? [...input.files] : [];
      const total = chosen.reduce((sum, f) => sum + f.size, 0);
      // Files past the limits are for the Send check of app.js to name, not for a silent save.
      if (!withFiles || chosen.length > maxFiles || total > maxBytes) data.delete('attachments');
      return { data, sentFiles: data.has('attachments') ? chosen : [] };
    }

    function setDraft(uid) {
      let input = form.querySelector('input[type=hidden][name=draft]');
      if (!input) {
        input = document.createElement('input');
        input.type = 'hidden';
        input.name = 'draft';
        form.prepend(input);
      }
      input.value = String(uid);
    }

    function showCarried(html) {
      const old = form.querySelector('fieldset.carried');
      const template = document.createElement('template');
      template.innerHTML = html;
      const fresh = template.content.querySelector('fieldset.carried');
      if (old && fresh) old.replaceWith(fresh);
      else if (old) old.remove();
      else if (fresh) form.querySelector('.row.attach')?.before(fresh);
    }

    async function save() {
      if (saving || submitting || changes === savedAt) return saving;
      const upTo = changes;
      const { data, sentFiles } = fields({ withFiles: true });
      saving = (async () => {
        try {
          const res = await fetch(target, { method: 'POST', body: data, credentials: 'same-origin', headers: { accept: 'application/json' } });
          const answer = res.ok && (res.headers.get('content-type') ?? '').includes('json') ? await res.json() : undefined;
          if (!answer?.saved) return;
          setDraft(answer.draft);
          showCarried(answer.carried);
          const input = files();
          // The files sent are in the draft now; files chosen meanwhile stay chosen.
          if (input && sentFiles.length && [...input.files].every((f, i) => f === sentFiles[i]) && input.files.length === sentFiles.length) {
            input.value = '';
            input.dispatchEvent(new Event('postern:files-saved', { bubbles: true }));
          }
          savedAt = Math.max(savedAt, upTo);
          form.dispatchEvent(new CustomEvent('postern:autosaved'));
        } catch {
          // Offline or the server busy: the next round tries again.
        } finally {
          saving = undefined;
        }
      })();
      return saving;
    }

    function saveOnLeaving() {
      if (submitting || changes === savedAt || !navigator.sendBeacon) return;
      const sent = navigator.sendBeacon(target, fields({ withFiles: true }).data)
        || navigator.sendBeacon(target, fields({ withFiles: false }).data);
      if (sent) savedAt = changes;
    }

    setInterval(save, INTERVAL_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') saveOnLeaving();
    });
    window.addEventListener('pagehide', saveOnLeaving);
    window.addEventListener('beforeunload', (event) => {
      if (submitting || changes === savedAt) return;
      event.preventDefault();
      event.returnValue = '';
    });

    function mentionsAttachment() {
      const words = form.dataset.attachWords;
      const body = form.querySelector('[name=body]');
      if (!words || !body) return false;
      // The user's own text: above the signature and without the quoted lines.
      const own = body.value.split(/\n-- \n/)[0].split('\n').filter((line) => !line.startsWith('>')).join('\n');
      return new RegExp(`(^|[^\\p{L}])(${words})`, 'iu').test(own);
    }

    function hasAttachment() {
      const input = files();
      return Boolean(input?.files.length) || Boolean(form.querySelector('input[name=keep]:checked'));
    }

    form.querySelector('[data-attach-choose]')?.addEventListener('click', () => {
      form.querySelector('#attach-hint').hidden = true;
      files()?.click();
    });
    // Attaching answers the question.
    form.addEventListener('change', (event) => {
      if (event.target === files() && hasAttachment()) form.querySelector('#attach-hint')?.setAttribute('hidden', '');
    });

    form.addEventListener('submit', (event) => {
      if (event.defaultPrevented) return;
      const action = event.submitter?.value;
      // An autosave still on its way replaces the draft this form names: wait for it, then submit again.
      if (saving) {
        event.preventDefault();
        saving.finally(() => form.requestSubmit(event.submitter ?? undefined));
        return;
      }
      const hint = form.querySelector('#attach-hint');
      if (action === 'send' && hint && !event.submitter?.hasAttribute('data-attach-confirmed') && mentionsAttachment() && !hasAttachment()) {
        event.preventDefault();
        hint.hidden = false;
        hint.querySelector('[data-attach-choose]')?.focus();
        return;
      }
      submitting = true;
    });
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const form of document.querySelectorAll('form.compose-form')) enhance(form);
  });
})();
