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

// Where a blockquote opens and closes, while the text is still one string: characters of the Private Use Area,
// taken out of the input first, so a message cannot forge them.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKS = /[\uE000\uE001]/g;

export interface TextOptions {
  /** blockquotes become "> " lines (RFC 3676 section 4.5 quoting), for the plain part of a rich-text reply */
  quoteBlockquotes?: boolean;
}

export function htmlToText(input: string, opts: TextOptions = {}): string {
  const html = opts.quoteBlockquotes ? input.replace(MARKS, '') : input;
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
    } else if (name === 'blockquote' && opts.quoteBlockquotes) {
      out += closing ? `${CLOSE}\n\n` : `\n\n${OPEN}`;
    } else if (BREAK_BEFORE.has(name)) {
      out += name === 'p' || name === 'blockquote' ? '\n\n' : '\n';
    } else if (name === 'td' || name === 'th') {
      out += ' ';
    }
  }
  if (opts.quoteBlockquotes && out.includes(OPEN)) return quotedLines(out);
  return decodeEntities(out)
    .split('\n').map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim()).join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const count = (line: string, mark: string) => line.split(mark).length - 1;

// The text with each line at the quote depth it was in: an opening mark starts its line, a closing one ends it.
// Blank runs become one blank line (at the shallower depth of the lines around it), none where a quote starts and
// none at either end.
function quotedLines(out: string): string {
  const lines: { depth: number; text: string }[] = [];
  let depth = 0;
  for (const raw of out.split('\n')) {
    depth += count(raw, OPEN);
    const lineDepth = depth;
    depth = Math.max(0, depth - count(raw, CLOSE));
    for (const piece of decodeEntities(raw.replace(MARKS, '')).split('\n')) {
      const text = piece.replace(/[ \t\u00a0]+/g, ' ').trim();
      const last = lines.at(-1);
      // No blank line between "... wrote:" and the first quoted line, as in a plain-text quote.
      if (text && last && !last.text && lineDepth > lines.at(-2)!.depth) lines.pop();
      if (text || (last && last.text)) lines.push({ depth: lineDepth, text });
    }
  }
  while (lines.length && !lines.at(-1)!.text) lines.pop();
  return lines.map((line, i) => {
    const d = line.text ? line.depth : Math.min(lines[i - 1]!.depth, lines[i + 1]!.depth);
    return d > 0 ? `${'>'.repeat(d)}${line.text ? ` ${line.text}` : ''}` : line.text;
  }).join('\n');
}
