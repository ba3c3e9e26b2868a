// Collapsed quoted text in the conversation view: each outermost quote of a message (the ">" lines textToHtml puts
// in <blockquote class="quote">, and the <blockquote> of sanitized HTML mail, where replies quote with
// type="cite" or Gmail's class) goes inside <details>, so the reader sees what is new in the message and opens
// the rest with a click. <details> needs no script, and the body frame runs none. The input is our own markup or
// the sanitizer's serialized output, so every <blockquote ...> has its </blockquote>; one without is left as it is.

const TAG = /<(\/?)blockquote\b[^>]*>/gi;

export function foldQuotes(html: string, summary: string): string {
  let out = '';
  let from = 0;
  let depth = 0;
  let start = 0;
  for (const m of html.matchAll(TAG)) {
    if (!m[1]) {
      if (depth === 0) start = m.index;
      depth++;
      continue;
    }
    if (depth === 0) continue;
    depth--;
    if (depth > 0) continue;
    const end = m.index + m[0].length;
    out += `${html.slice(from, start)}<details class="quoted"><summary>${summary}</summary>${html.slice(start, end)}</details>`;
    from = end;
  }
  return out + html.slice(from);
}
