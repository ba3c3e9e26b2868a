// Progressive enhancement only: every page works without it.
// The body frame is sandboxed without scripts; being same-origin, its height can be read from here so the
// message shows at full length instead of in a scrolling box.
function fitFrame(frame) {
  try {
    const body = frame.contentDocument?.body;
    if (!body) return;
    // The body's own height, not the document's: a document is never shorter than its frame, so it could only grow.
    const height = Math.max(body.scrollHeight, body.offsetHeight);
    if (height > 0) frame.style.height = `${Math.max(120, height + 24)}px`;
  } catch {
    // Not readable (another origin): keep the CSS height.
  }
}

document.addEventListener('DOMContentLoaded', () => {
  for (const frame of document.querySelectorAll('iframe.body')) {
    frame.addEventListener('load', () => {
      fitFrame(frame);
      // Images arrive after load of the text: refit when they do.
      for (const img of frame.contentDocument?.images ?? []) img.addEventListener('load', () => fitFrame(frame));
    });
    fitFrame(frame);
  }
});

// Compose: files past the upload limits are named before anything is sent, so nothing is uploaded for nothing and
// the form stays as it is. The server applies the same limits (without this script, it names them in the form it
// sends back). The limits come from the form's data attributes.
function formatMegabytes(bytes) {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

function tooMany(form) {
  const input = form.querySelector('input[type=file][name=attachments]');
  const maxBytes = Number(form.dataset.maxUploadBytes);
  const maxFiles = Number(form.dataset.maxFiles);
  if (!input || !maxBytes || !maxFiles) return [];
  const dropped = [];
  let total = 0;
  let kept = 0;
  for (const file of input.files) {
    if (kept >= maxFiles || total + file.size > maxBytes) {
      dropped.push(file);
      continue;
    }
    total += file.size;
    kept++;
  }
  return dropped;
}

function showUploadError(form, dropped) {
  const input = form.querySelector('input[type=file][name=attachments]');
  let note = form.querySelector('#attachments-error');
  if (!input) return;
  if (!dropped.length) {
    note?.remove();
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', 'attachments-limit');
    return;
  }
  if (!note) {
    note = document.createElement('p');
    note.id = 'attachments-error';
    note.className = 'field-error';
    note.setAttribute('role', 'alert');
    input.closest('.row').append(note);
  }
  const names = dropped.map((f) => `${f.name} (${formatMegabytes(f.size)})`).join(', ');
  const limit = `${Math.round(Number(form.dataset.maxUploadBytes) / 1048576)} MB`;
  note.textContent = `Too large to attach: ${names}. The attachments of one message may be at most ${limit} together `
    + `and ${form.dataset.maxFiles} files. Remove some, then send again.`;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', 'attachments-limit attachments-error');
}

document.addEventListener('DOMContentLoaded', () => {
  for (const form of document.querySelectorAll('form.compose-form')) {
    form.addEventListener('submit', (event) => {
      const dropped = tooMany(form);
      showUploadError(form, dropped);
      if (dropped.length) event.preventDefault();
    });
    const input = form.querySelector('input[type=file][name=attachments]');
    input?.addEventListener('change', () => showUploadError(form, tooMany(form)));
  }
});
