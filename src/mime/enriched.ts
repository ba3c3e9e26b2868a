// text/enriched (RFC 1896) to HTML made of our own tags only. The sender controls everything in the part, <param>
// values included, so a parameter is never copied out: a colour, font, indent or language becomes output only
// after it matched a strict pattern, and all text is escaped. The result still goes through sanitizeEmailHtml
// (body-document.ts), like any mail HTML. Linear in the input: no backtracking, one cached search for </param>.

// Nesting past this is hostile, not formatting; deeper commands are ignored (their text stays).
const MAX_DEPTH = 64;
// Blank lines past this in one run are noise (or an attempt to make a huge document).
const MAX_BREAKS = 50;

const COMMAND = /<(\/?)([A-Za-z0-9-]{1,60})>/y;
const PARAM_END = /<\/param>/gi;

const COLORS = new Set(['red', 'blue', 'green', 'yellow', 'cyan', 'magenta', 'black', 'white']);

// RFC 1896 section 3: a colour is one of eight names or "rrrr,gggg,bbbb" in hex; the high byte of each is enough.
function color(param: string): string | undefined {
  const value = param.trim().toLowerCase();
  if (COLORS.has(value)) return value;
  const m = /^([0-9a-f]{2})[0-9a-f]{2},([0-9a-f]{2})[0-9a-f]{2},([0-9a-f]{2})[0-9a-f]{2}$/.exec(value);
  return m ? `#${m[1]}${m[2]}${m[3]}` : undefined;
}

const fontFamily = (param: string) => (/^[A-Za-z][A-Za-z0-9 -]{0,63}$/.test(param.trim()) ? param.trim() : undefined);
const lang = (param: string) => (/^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i.test(param.trim()) ? param.trim() : undefined);

const INDENTS: Record<string, string> = { left: 'margin-left: 2em', right: 'margin-right: 2em', in: 'text-indent: 2em', out: 'text-indent: -2em' };

function paraindent(param: string): string | undefined {
  const styles = [...new Set(param.toLowerCase().split(',').map((s) => INDENTS[s.trim()]).filter(Boolean))];
  return styles.length ? styles.join('; ') : undefined;
}

type Tag = { open: string; close: string };
const tag = (name: string, attrs = ''): Tag => ({ open: `<${name}${attrs}>`, close: `</${name}>` });
const styled = (name: string, style: string | undefined): Tag => tag(name, style ? ` style="${style}"` : '');

// Unknown commands (and x- extensions) are ignored, their text kept (RFC 1896 section 2).
const COMMANDS: Record<string, (param: string) => Tag> = {
  bold: () => tag('b'), italic: () => tag('i'), underline: () => tag('u'), fixed: () => tag('tt'),
  smaller: () => tag('small'), bigger: () => tag('big'), excerpt: () => tag('blockquote'),
  center: () => styled('div', 'text-align: center'), flushleft: () => styled('div', 'text-align: left'),
  flushright: () => styled('div', 'text-align: right'), flushboth: () => styled('div', 'text-align: justify'),
  nofill: () => styled('div', 'white-space: pre-wrap'),
  paraindent: (p) => styled('div', paraindent(p)),
  color: (p) => styled('span', color(p) && `color: ${color(p)}`),
  fontfamily: (p) => styled('span', fontFamily(p) && `font-family: ${fontFamily(p)}`),
  lang: (p) => tag('span', lang(p) ? ` lang="${lang(p)}"` : ''),
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Open { name: string; close: string }

export function enrichedToHtml(text: string): string {
  const input = String(text ?? '');
  const out: string[] = [];
  const stack: Open[] = [];
  // The last command opened: its tag waits for a <param> that may follow it.
  let pending: { name: string; param: string } | undefined;
  let nofill = 0;
  // Where the next </param> is at or after a position already searched from (-1: none left).
  let paramEnd = { from: 0, at: -2 };

  const flush = () => {
    if (!pending) return;
    const make = Object.hasOwn(COMMANDS, pending.name) ? COMMANDS[pending.name]! : undefined;
    const t = make ? make(pending.param) : { open: '', close: '' };
    out.push(t.open);
    stack.push({ name: pending.name, close: t.close });
    if (pending.name === 'nofill') nofill++;
    pending = undefined;
  };
  const findParamEnd = (from: number): number => {
    if (paramEnd.at === -1 && from >= paramEnd.from) return -1;
    if (paramEnd.at >= from && from >= paramEnd.from) return paramEnd.at;
    PARAM_END.lastIndex = from;
    const m = PARAM_END.exec(input);
    paramEnd = { from, at: m ? m.index : -1 };
    return paramEnd.at;
  };
  const close = (name: string) => {
    const at = stack.findLastIndex((o) => o.name === name);
    if (at < 0) return; // a close without its open is ignored
    while (stack.length > at) {
      const o = stack.pop()!;
      out.push(o.close);
      if (o.name === 'nofill') nofill--;
    }
  };

  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === '<') {
      if (input[i + 1] === '<') { // "<<" is a literal "<"
        flush();
        out.push('&lt;');
        i += 2;
        continue;
      }
      COMMAND.lastIndex = i;
      const m = COMMAND.exec(input);
      if (!m) { // not a command: the "<" is text
        flush();
        out.push('&lt;');
        i++;
        continue;
      }
      i += m[0].length;
      const name = m[2]!.toLowerCase();
      if (name === 'param') {
        if (m[1]) continue; // a stray </param>
        const end = findParamEnd(i);
        if (end < 0) continue; // never closed: ignore the command, keep the text
        if (pending && pending.param === '') pending.param = input.slice(i, Math.min(end, i + 256));
        i = end + '</param>'.length;
        continue;
      }
      flush();
      if (m[1]) close(name);
      else if (stack.length < MAX_DEPTH) pending = { name, param: '' };
      continue;
    }
    if (c === '\r' || c === '\n') {
      let count = 0;
      while (i < input.length && (input[i] === '\r' || input[i] === '\n')) {
        i += input[i] === '\r' && input[i + 1] === '\n' ? 2 : 1;
        count++;
      }
      flush();
      // Section 2: outside nofill one line break is a space and n breaks are n-1 new lines.
      const breaks = Math.min(nofill > 0 ? count : count - 1, MAX_BREAKS);
      out.push(breaks > 0 ? '<br>'.repeat(breaks) : ' ');
      continue;
    }
    let j = i;
    while (j < input.length && input[j] !== '<' && input[j] !== '\r' && input[j] !== '\n') j++;
    flush();
    out.push(escape(input.slice(i, j)));
    i = j;
  }
  flush();
  while (stack.length) out.push(stack.pop()!.close);
  return out.join('');
}
