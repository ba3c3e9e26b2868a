// Plain text from an HTML-only message, for quoting it in a reply or a forward (Postern writes plain text).
// Not a renderer: block elements become line breaks, list items "- ", everything else its text. One linear
// pass with indexOf, so a hostile message of unclosed tags costs no more than its length.

const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'xml']);
const BREAK_BEFORE = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'ul', 'ol', 'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'hr', 'dl', 'dt', 'dd']);

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', euro: '€', pound: '£', bull: '•',
  middot: '·', laquo: '«', raquo: '»', shy: '', zwnj: '', zwj: '',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  let out = '';
  let pos = 0;
  while (pos < html.length) {
    const open = html.indexOf('<', pos);
    const text = html.slice(pos, open === -1 ? html.length : open);
    out += text.replace(/\s+/g, ' ');
    if (open === -1) break;
    if (lower.startsWith('<!--', open)) {
      const end = html.indexOf('-->', open + 4);
      pos = end === -1 ? html.length : end + 3;
      continue;
    }
    const close = html.indexOf('>', open);
    if (close === -1) break;
    const name = /^<\/?([a-z0-9]+)/.exec(lower.slice(open, Math.min(close + 1, open + 40)))?.[1] ?? '';
    const closing = lower[open + 1] === '/';
    pos = close + 1;
    if (!closing && HIDDEN.has(name)) {
      const end = lower.indexOf(`</${name}`, pos);
      const after = end === -1 ? -1 : html.indexOf('>', end);
      pos = after === -1 ? html.length : after + 1;
    } else if (name === 'br') {
      out += '\n';
    } else if (name === 'li' && !closing) {
      out += '\n- ';
    } else if (BREAK_BEFORE.has(name)) {
      out += name === 'p' || name === 'blockquote' ? '\n\n' : '\n';
    } else if (name === 'td' || name === 'th') {
      out += ' ';
    }
  }
  return decodeEntities(out)
    .split('\n').map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim()).join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
