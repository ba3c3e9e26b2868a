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
