// Plain text from HTML: an HTML-only message quoted in a reply or forward, an HTML signature, and the plain part of
// a rich-text message (http/writing/compose-html.ts). Not a renderer, but faithful to what the editor shows: a block (a
// <div>, as Squire writes each line) is one line, a <br> ends a line (so <div><br></div> is an empty line), and a
// blank line comes only where the page shows a gap: a paragraph (<p>, headings), a list as a whole, an empty line.
// List items become "- " or "1. ", blockquotes "> " lines when asked (RFC 3676 section 4.5 quoting).
// One linear pass with indexOf, so a hostile message of unclosed tags costs no more than its length.

const HIDDEN = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'xml']);
// Blocks that set their text apart with a blank line (their default margins), and blocks that only start a line.
const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'dl']);
const LINES = new Set(['div', 'tr', 'table', 'section', 'article', 'header', 'footer', 'hr', 'dt', 'dd', 'address', 'center', 'main', 'nav', 'aside', 'figure', 'figcaption', 'details', 'summary', 'li']);

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™', hellip: '…',
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

export interface TextOptions {
  /** blockquotes become "> " lines (RFC 3676 section 4.5 quoting), for the plain part of a rich-text reply */
  quoteBlockquotes?: boolean;
}

interface Line { depth: number; prefix: string; text: string }

export function htmlToText(html: string, opts: TextOptions = {}): string {
  const out = lineWriter(opts.quoteBlockquotes === true);
  const lower = html.toLowerCase();
  let pos = 0;
  while (pos < html.length) {
    const open = html.indexOf('<', pos);
    out.text(html.slice(pos, open === -1 ? html.length : open));
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
    } else {
      out.tag(name, closing);
    }
  }
  return out.result();
}

// The lines as they are made: `cur` is open until a block or <br> ends it; a line that got no text is not one.
function lineWriter(quoting: boolean) {
  const lines: Line[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let depth = 0;
  let cur = '';
  let started = false;
  let bullet: string | undefined;
  const end = () => {
    const indent = '  '.repeat(Math.max(0, lists.length - 1));
    lines.push({ depth, prefix: lists.length ? indent + (bullet ?? '  ') : '', text: cur });
    cur = '';
    started = false;
    bullet = undefined;
  };
  const line = () => started && end();
  const gap = () => {
    line();
    if (lines.length && lines.at(-1)!.text.trim()) lines.push({ depth, prefix: '', text: '' });
  };
  return {
    text(raw: string) {
      const text = decodeEntities(raw).replace(/[ \t\n\r\f]+/g, ' ');
      // A no-break space is text (a line of one is an empty line the user made), unlike the source's own whitespace.
      const added = started ? text : text.replace(/^ /, '');
      if (!added) return;
      cur += added;
      started = true;
    },
    tag(name: string, closing: boolean) {
      if (name === 'br') end();
      else if (name === 'td' || name === 'th') cur += started ? ' ' : '';
      else if (name === 'ul' || name === 'ol') {
        if (closing) {
          line();
          lists.pop();
        } else {
          lists.length ? line() : gap();
          lists.push({ ordered: name === 'ol', n: 0 });
        }
        if (closing && !lists.length) gap();
      } else if (name === 'li' && !closing) {
        line();
        const list = lists.at(-1);
        if (list) bullet = list.ordered ? `${++list.n}. ` : '- ';
      } else if (name === 'blockquote' && quoting) {
        line();
        depth = Math.max(0, depth + (closing ? -1 : 1));
        if (closing) gap();
      } else if (PARAGRAPHS.has(name) || name === 'blockquote') gap();
      else if (LINES.has(name)) line();
    },
    result: () => {
      line();
      return finish(lines);
    },
  };
}

// Runs of blank lines become one, none at either end and none between "... wrote:" and the quote under it (as in
// a plain-text quote); a blank line takes the shallower depth of the lines around it.
function finish(lines: Line[]): string {
  const kept: Line[] = [];
  for (const line of lines) {
    const text = line.text.replace(/[ \t\u00a0]+/g, ' ').trim();
    const last = kept.at(-1);
    if (!text) {
      if (last?.text) kept.push({ ...line, text: '' });
      continue;
    }
    if (last && !last.text && line.depth > kept.at(-2)!.depth) kept.pop();
    kept.push({ ...line, text });
  }
  while (kept.length && !kept.at(-1)!.text) kept.pop();
  return kept.map((line, i) => {
    const d = line.text ? line.depth : Math.min(kept[i - 1]!.depth, kept[i + 1]!.depth);
    const text = line.text && line.prefix + line.text;
    return d > 0 ? `${'>'.repeat(d)}${text ? ` ${text}` : ''}` : text;
  }).join('\n');
}
