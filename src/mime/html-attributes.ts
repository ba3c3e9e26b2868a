// The attributes mail HTML may keep, per element, each with a check that returns the value to keep or undefined.
// Presentational attributes stay because table-era newsletters lay out with them; nothing here can load a URL
// (background= is absent on purpose) or name an element (no id, name, class: they reach into our document's
// anchors and CSS, and DOM clobbering needs them). href and src are decided in sanitize-html.ts.
import { filterStyle } from './style-filter.ts';

export type AttributeCheck = (value: string) => string | undefined;

const pattern = (re: RegExp): AttributeCheck => (v) => (re.test(v.trim()) ? v.trim() : undefined);
const oneOf = (...values: string[]): AttributeCheck => (v) => {
  const lower = v.trim().toLowerCase();
  return values.includes(lower) ? lower : undefined;
};
// Boolean attributes are written out as name="name", which every parser reads the same way.
const flag = (name: string): AttributeCheck => () => name;
// Text is escaped on output; the bound only keeps pathological values from ballooning the page.
const text: AttributeCheck = (v) => v.slice(0, 1000);

const length = pattern(/^\d{1,5}(\.\d{1,3})?(%|px)?$/i);
const integer = pattern(/^\d{1,4}$/);
const color = pattern(/^(#[0-9a-f]{3,8}|[a-z]{3,24})$/i);
const align = oneOf('left', 'right', 'center', 'justify', 'middle', 'top', 'bottom', 'baseline', 'absmiddle', 'texttop', 'absbottom');
const valign = oneOf('top', 'middle', 'bottom', 'baseline');
const cell = { width: length, height: length, align, valign, bgcolor: color, colspan: integer, rowspan: integer, nowrap: flag('nowrap') };

const GLOBAL: Record<string, AttributeCheck> = {
  title: text,
  dir: oneOf('ltr', 'rtl', 'auto'),
  lang: pattern(/^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i),
  style: filterStyle,
};

const BY_TAG: Record<string, Record<string, AttributeCheck>> = {
  img: { alt: text, width: length, height: length, border: integer, align, hspace: integer, vspace: integer },
  table: { width: length, height: length, align, bgcolor: color, border: integer, cellpadding: integer, cellspacing: integer },
  tr: { align, valign, bgcolor: color, height: length },
  td: cell,
  th: { ...cell, scope: oneOf('row', 'col', 'rowgroup', 'colgroup') },
  thead: { align, valign, bgcolor: color },
  tbody: { align, valign, bgcolor: color },
  tfoot: { align, valign, bgcolor: color },
  col: { span: integer, width: length, align, valign },
  colgroup: { span: integer, width: length, align, valign },
  caption: { align },
  font: { color, face: pattern(/^[\p{L}\p{N} ,'"_.-]{1,200}$/u), size: pattern(/^[+-]?[1-7]$/) },
  hr: { width: length, size: integer, align, color, noshade: flag('noshade') },
  ol: { start: pattern(/^-?\d{1,6}$/), type: pattern(/^[1aAiI]$/), reversed: flag('reversed') },
  ul: { type: oneOf('disc', 'circle', 'square') },
  li: { value: pattern(/^-?\d{1,6}$/), type: pattern(/^([1aAiI]|disc|circle|square)$/) },
  br: { clear: oneOf('left', 'right', 'all', 'none') },
  // RFC 2854-era mail clients mark a quoted reply with type=cite (Thunderbird, Apple Mail, Postern's own replies).
  blockquote: { type: oneOf('cite') },
  ...Object.fromEntries(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'center'].map((t) => [t, { align }])),
};

export const ALLOWED_TAGS: readonly string[] = [
  'a', 'abbr', 'acronym', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption',
  'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption',
  'figure', 'font', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'ins', 'kbd', 'li',
  'main', 'mark', 'nav', 'ol', 'p', 'pre', 'q', 'rp', 'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strike',
  'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul',
  'var', 'wbr',
];

// Set by sanitize-html.ts itself after its own URL checks, never copied from the input; data-quote marks a mail
// program's quote structure (quote-marks.ts), which the sanitizer would otherwise strip with class and id.
const COMPUTED: Record<string, string[]> = { a: ['href', 'rel', 'target'], img: ['src'], div: ['data-quote'] };

/** sanitize-html's allowedAttributes, derived from the same table: a second gate behind the checks below. */
export const ALLOWED_ATTRIBUTES: Record<string, string[]> = Object.fromEntries(
  ALLOWED_TAGS.map((t) => [t, [...Object.keys(GLOBAL), ...Object.keys(BY_TAG[t] ?? {}), ...(COMPUTED[t] ?? [])]]),
);

/** The allowed, checked attributes of `tag` (own properties only: "constructor" is not an attribute check). */
export function checkAttributes(tag: string, attribs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const specific = Object.hasOwn(BY_TAG, tag) ? BY_TAG[tag] : undefined;
  for (const [name, value] of Object.entries(attribs)) {
    const check = specific && Object.hasOwn(specific, name) ? specific[name] : Object.hasOwn(GLOBAL, name) ? GLOBAL[name] : undefined;
    const kept = check && typeof value === 'string' ? check(value) : undefined;
    if (kept !== undefined) out[name] = kept;
  }
  return out;
}
