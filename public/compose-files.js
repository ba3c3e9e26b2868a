// Compose attachments, with script (without it the file field is the plain one, and works):
// - files chosen in several goes add up instead of replacing each other, and each can be removed before sending;
//   the list is the file field's own FileList (rebuilt through a DataTransfer), so what is sent is what is shown;
// - files dropped anywhere on the form are added the same way;
// - a form with big files is sent by XMLHttpRequest to show the upload's progress; the answer (the page a redirect
//   leads to, or the form shown again) then replaces this document, as a normal submission would.
// The words (Remove, the drop hint, the progress label) are in the page; sizes through Intl in the page's language.
(() => {
  // Below this a submission is quick enough to need no progress bar.
  const PROGRESS_FROM_BYTES = 1_000_000;

  const megabytes = (bytes) => new Intl.NumberFormat(document.documentElement.lang || undefined, {
    style: 'unit', unit: 'megabyte', maximumFractionDigits: bytes < 1e7 ? 1 : 0,
  }).format(bytes / 1e6);

  function enhance(form) {
    const input = form.querySelector('input[type=file][name=attachments]');
    const list = form.querySelector('.chosen-files');
    const template = document.getElementById('chosen-file');
    if (!input || !list || !template || typeof DataTransfer !== 'function') return;
    let chosen = [...input.files];

    function setFiles(files) {
      chosen = files;
      const transfer = new DataTransfer();
      for (const file of files) transfer.items.add(file);
      input.files = transfer.files;
      render();
      // app.js checks the limits again; compose-guard.js counts it as a change.
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }

    function render() {
      list.replaceChildren(...chosen.map((file, index) => {
        const row = template.content.firstElementChild.cloneNode(true);
        row.querySelector('.name').textContent = file.name;
        row.querySelector('.meta').textContent = megabytes(file.size);
        row.querySelector('.visually-hidden').textContent = ` ${file.name}`;
        row.querySelector('.remove-file').addEventListener('click', () => {
          setFiles(chosen.filter((_, i) => i !== index));
          input.focus();
        });
        return row;
      }));
      list.hidden = chosen.length === 0;
    }

    // The change event of a new choice holds only the new files: add them to the earlier ones.
    let adding = false;
    input.addEventListener('change', () => {
      if (adding) return;
      const fresh = [...input.files];
      adding = true;
      setFiles([...chosen.filter((f) => !fresh.includes(f)), ...fresh]);
      adding = false;
    });
    // An autosave put the files in the draft (compose-guard.js): they are listed as kept there now.
    input.addEventListener('postern:files-saved', () => {
      chosen = [];
      render();
    });

    const hint = form.querySelector('.drop-hint');
    const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
    form.addEventListener('dragover', (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      form.classList.add('dropping');
      if (hint) hint.hidden = false;
    });
    form.addEventListener('dragleave', (event) => {
      if (form.contains(event.relatedTarget)) return;
      form.classList.remove('dropping');
      if (hint) hint.hidden = true;
    });
    form.addEventListener('drop', (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      form.classList.remove('dropping');
      if (hint) hint.hidden = true;
      adding = true;
      setFiles([...chosen, ...event.dataTransfer.files]);
      adding = false;
    });

    // Registered after app.js and compose-guard.js: runs only when they let the submission go.
    form.addEventListener('submit', (event) => {
      if (event.defaultPrevented) return;
      const total = chosen.reduce((sum, f) => sum + f.size, 0);
      if (total < PROGRESS_FROM_BYTES) return;
      event.preventDefault();
      const data = new FormData(form, event.submitter ?? undefined);
      const box = form.querySelector('.upload-progress');
      const bar = box?.querySelector('progress');
      if (box) box.hidden = false;
      for (const button of form.querySelectorAll('button[type=submit]')) button.disabled = true;
      const xhr = new XMLHttpRequest();
      xhr.upload.addEventListener('progress', (e) => {
        if (bar && e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener('load', () => {
        // What the browser would have shown: the page after the redirect, or the form again with its message.
        history.replaceState(null, '', xhr.responseURL);
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      // The network failed: the form is still all there, to send again.
      xhr.addEventListener('error', () => {
        if (box) box.hidden = true;
        for (const button of form.querySelectorAll('button[type=submit]')) button.disabled = false;
        form.dispatchEvent(new CustomEvent('postern:upload-failed'));
      });
      xhr.open('POST', form.getAttribute('action'));
      xhr.send(data);
    });
    render();
  }

  document.addEventListener('DOMContentLoaded', () => {
    for (const form of document.querySelectorAll('form.compose-form')) enhance(form);
  });
})();
