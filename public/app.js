// Progressive enhancement only: every page works without it.
// The body frame is sandboxed without scripts; being same-origin, its height can be read from here so the
// message shows at full length instead of in a scrolling box.
function fitFrame(frame) {
  try {
    const body = frame.contentDocument?.body;
    if (!body) return;
    fitWidth(frame.contentDocument);
    // The body's own height, not the document's: a document is never shorter than its frame, so it could only grow.
    const height = Math.max(body.scrollHeight, body.offsetHeight) * (Number(body.style.zoom) || 1);
    if (height > 0) frame.style.height = `${Math.max(120, height + 24)}px`;
  } catch {
    // Not readable (another origin): keep the CSS height.
  }
}

// Mail laid out for a fixed width (a 600 px newsletter table) is never cut off: first its tables are let go of
// their fixed widths (class "fit", body-document.ts), so the text reflows to the frame; what is still too wide is
// scaled down, as phone mail apps do. CSS zoom, not a transform, so the layout height shrinks with it. Class and
// zoom are set from here through the DOM; nothing runs inside the frame.
function fitWidth(doc) {
  const root = doc.documentElement;
  const tooWide = () => root.clientWidth > 0 && root.scrollWidth > root.clientWidth + 1;
  root.classList.remove('fit');
  doc.body.style.zoom = '';
  if (!tooWide()) return;
  root.classList.add('fit');
  if (tooWide()) doc.body.style.zoom = String(Math.max(0.25, root.clientWidth / root.scrollWidth));
}

// On a phone the folder list hides behind the "Folders" link (#folders: CSS opens it as the link's target without
// JavaScript). Here it opens and closes in place, and says so to assistive technology.
function folderDrawer() {
  const button = document.querySelector('.menu-button');
  const nav = document.getElementById('folders');
  if (!button || !nav) return;
  button.setAttribute('role', 'button');
  button.setAttribute('aria-expanded', 'false');
  const toggle = (open) => {
    nav.classList.toggle('open', open);
    button.setAttribute('aria-expanded', String(open));
    if (open) nav.focus();
  };
  button.addEventListener('click', (event) => {
    event.preventDefault();
    toggle(!nav.classList.contains('open'));
  });
  nav.querySelector('.close-folders a')?.addEventListener('click', (event) => {
    event.preventDefault();
    toggle(false);
    button.focus();
  });
  nav.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && nav.classList.contains('open')) {
      toggle(false);
      button.focus();
    }
  });
}

document.addEventListener('DOMContentLoaded', () => {
  folderDrawer();
  for (const frame of document.querySelectorAll('iframe.body')) {
    // Quoted text opened inside the frame (conversation view) makes it taller; toggle does not bubble, so capture.
    // Images arrive after the text: refit when they do. A message page's body comes inline (srcdoc), so its frame has
    // often loaded before this script runs: then its document is watched at once.
    const watch = () => {
      fitFrame(frame);
      frame.contentDocument?.addEventListener('toggle', () => fitFrame(frame), true);
      for (const img of frame.contentDocument?.images ?? []) if (!img.complete) img.addEventListener('load', () => fitFrame(frame));
    };
    frame.addEventListener('load', watch);
    if (frame.contentDocument?.readyState === 'complete' && frame.contentDocument.body?.childElementCount) watch();
    else fitFrame(frame);
  }
  // A conversation's message opened after load: its frame had no size to fit while closed.
  for (const details of document.querySelectorAll('details.conversation-message')) {
    details.addEventListener('toggle', () => {
      const frame = details.querySelector('iframe.body');
      if (frame && details.open) fitFrame(frame);
    });
  }
  // The frame is as wide as the page: a turned phone or a resized window needs a new fit.
  window.addEventListener('resize', () => {
    for (const frame of document.querySelectorAll('iframe.body')) fitFrame(frame);
  });
});

// Compose: files past the upload limits are named before anything is sent, so nothing is uploaded for nothing and
// the form stays as it is. The server applies the same limits (without this script, it names them in the form it
// sends back). The limits, and the sentence that names the files in the page's language, come from the form's data
// attributes; sizes are written as the page's language writes numbers.
function formatMegabytes(bytes) {
  const digits = bytes < 1e7 ? 1 : 0;
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${number.format(bytes / 1e6)} MB`;
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
  note.textContent = (form.dataset.tooLargeText ?? '').replace('{names}', names);
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
