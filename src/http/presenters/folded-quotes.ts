// Collapsed quoted text in the conversation view: each outermost quote of a message goes inside <details>, so the
// reader sees what is new and opens the rest with a click. <details> needs no script, and the body frame runs none.
// What counts as a quote, from what mail programs write:
//   - a <blockquote> (the ">" lines textToHtml quotes, type="cite" of Thunderbird and Apple Mail, Gmail's class),
//     together with the attribution line just before it ("On ... wrote:", "Am ... schrieb ...:", Thunderbird's
//     moz-cite-prefix), when nothing but blank lines stands between them;
//   - Gmail's and Yahoo's quote containers (data-quote="quote", marked by the sanitizer: mime/quote-marks.ts);
//   - Outlook's reply header (data-quote="reply-header") or an "-----Original Message-----" line: the quoted original
//     follows unquoted to the end of the message, so the fold runs from there to the end of the block holding it
//     (climbing out of wrappers that hold nothing before it).
// A message that is only a quote (nothing written before it: a forward) is shown whole; quotes inside it still fold.
// The input is our own markup or the sanitizer's serialized output: every element closed, "<" and ">" in text and
// attributes escaped. It is read as a stream of tags with an explicit stack, so no nesting depth can exhaust the
// call stack; an element left open at the end (not expected) is closed by the browser, and so is the fold.

const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|[^<]+|</g;
const VOID = new Set(['br', 'img', 'hr', 'wbr', 'col', 'input', 'meta', 'link', 'area', 'base', 'source']);
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var']);
const ATTRIBUTION = /^[\s\S]{1,400}\b(wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|skrev|napisał|kirjoitti)\b[^\n]{0,160}:\s*$/i;
const ORIGINAL = /^\s*-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|oorspronkelijk bericht|messaggio originale|originalmeddelande|opprinnelig melding)\s*-{2,}\s*$/i;
/** Text kept per line and block for matching; longer is no attribution line. */
const TEXT_KEPT = 600;
const LONG = '\u0000long';

interface Frame {
  tag: string;
  /** its start tag's index in the output parts */
  at: number;
  mark: string | undefined;
  /** where its text starts in the count of all text; whether anything (text or an element) came in it so far */
  from: number;
  filled: boolean;
}
/** A line of text, or a block that is one attribution: where it starts in the output parts, at which depth. */
interface Line {
  at: number;
  depth: number;
  from: number;
  text?: string;
  attribution?: boolean;
}

const decoded = (s: string) => s.replace(/&nbsp;|&#160;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

export function foldQuotes(html: string, summary: string): string {
  const open = `<details class="quoted"><summary>${summary}</summary>`;
  const stack: Frame[] = [];
  // The output as parts, so a fold opens by prefixing the part where it starts (no copying of what came before).
  const out: string[] = [];
  /** the open fold: closed after the frame at `after` closes, or before the frame at `before` closes */
  let fold: { after?: number; before?: number } | undefined;
  let line: Line = { at: 0, depth: 0, from: 0 };
  /** the last finished non-blank line or attribution block: what stands before a quote that follows */
  let last: Line | undefined;

  // Text is counted, and its tail kept, rather than added to every open element: per token, the work does not grow
  // with the depth of the nesting.
  let textLength = 0;
  let recent = '';
  const textSince = (from: number) => (textLength - from > TEXT_KEPT ? LONG : recent.slice(recent.length - (textLength - from)));
  const textOf = (l: Line) => l.text ?? textSince(l.from);
  const isAttribution = (l: Line | undefined) => !!l && (l.attribution === true || ATTRIBUTION.test(textOf(l).trim()));
  const newLine = (): Line => ({ at: out.length, depth: stack.length, from: textLength });
  const endLine = () => {
    const text = textOf(line);
    if (text.trim()) last = { ...line, text };
    line = newLine();
  };
  // Filled elements are always the outer ones (filling marks every open element), so this stops at the first.
  const fill = () => {
    for (let i = stack.length - 1; i >= 0 && !stack[i]!.filled; i--) stack[i]!.filled = true;
  };
  /** Whether text came before, outside a fold: a message that is nothing but a quote (a forward) is shown whole. */
  let written = false;
  const startFold = (at: number, how: { after?: number; before?: number }) => {
    if (!written) return;
    out[at] = open + (out[at] ?? '');
    fold = how;
    last = undefined;
  };
  /** From `at` (inside the innermost frame) to the end of the block holding it, out of wrappers empty before it. */
  const foldToEnd = (at: number) => {
    let depth = stack.length;
    while (depth > 1 && !stack[depth - 1]!.filled) {
      at = stack[depth - 1]!.at;
      depth--;
    }
    startFold(at, { before: depth - 1 });
  };

  for (const m of html.matchAll(TOKEN)) {
    const token = m[0];
    const [, closing, rawTag, attrs] = m;
    if (!rawTag) {
      // Text, line by line: a line is where an attribution or an "Original Message" starts.
      token.split('\n').forEach((piece, i) => {
        if (i > 0) {
          out.push('\n');
          endLine();
        }
        if (!piece) return;
        if (!fold && !textOf(line).trim() && ORIGINAL.test(decoded(piece))) foldToEnd(out.length);
        out.push(piece);
        const text = decoded(piece);
        textLength += text.length;
        recent = (recent + text).slice(-TEXT_KEPT);
        if (piece.trim()) {
          fill();
          if (!fold) written = true;
        }
      });
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (VOID.has(tag) || attrs!.endsWith('/')) {
      if (tag === 'br') endLine();
      else if (!INLINE.has(tag)) {
        fill();
        endLine();
        last = undefined;
      }
      out.push(token);
      continue;
    }
    if (!closing) {
      const mark = /\bdata-quote="([a-z-]+)"/.exec(attrs!)?.[1];
      if (!INLINE.has(tag)) endLine();
      if (!fold) {
        if (tag === 'blockquote' || mark === 'quote') {
          const before = textOf(line).trim() ? line : last;
          startFold(before && before.depth === stack.length && isAttribution(before) ? before.at : out.length, { after: stack.length });
        } else if (mark === 'reply-header') {
          foldToEnd(out.length);
        }
      }
      fill();
      stack.push({ tag, at: out.length, mark, from: textLength, filled: false });
      out.push(token);
      if (!INLINE.has(tag)) line = newLine();
      continue;
    }
    // A closing tag: pop to its element (a stray one is kept as it is).
    let index = stack.length - 1;
    while (index >= 0 && stack[index]!.tag !== tag) index--;
    if (index < 0) {
      out.push(token);
      continue;
    }
    if (fold?.before !== undefined && fold.before >= index) {
      out.push('</details>');
      fold = undefined;
    }
    const frame = stack[index]!;
    stack.length = index;
    out.push(token);
    if (fold?.after !== undefined && fold.after >= index) {
      out.push('</details>');
      fold = undefined;
      line = newLine();
      last = undefined;
      continue;
    }
    if (INLINE.has(tag)) continue;
    // A block that is one attribution ("<div>On ... wrote:<br></div>", Thunderbird's cite prefix) stands before
    // whatever quote follows it; an empty block ("<div><br></div>") changes nothing; any other block ends the chance.
    const block: Line = { at: frame.at, depth: stack.length, from: frame.from, text: textSince(frame.from), attribution: frame.mark === 'attribution' };
    line = newLine();
    if (isAttribution(block)) last = block;
    else if (block.text!.trim()) last = undefined;
  }
  return fold ? `${out.join('')}</details>` : out.join('');
}
