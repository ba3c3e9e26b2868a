// Whether sanitized mail HTML chooses its own colours. Such mail (newsletters, signatures in brand colours) was
// designed on white: shown in the dark theme it keeps its colours on a light card, since dark text on our dark
// background, or a white table on it, would be unreadable. Mail without colours of its own follows the theme.
//
// Reads sanitize-html's output, not the mail: there every attribute is written name="value" with <, >, & and "
// escaped inside values, and text never holds a raw "<", so a tag is exactly "<name ...>" and text that merely
// looks like markup ("style=&quot;color:red&quot;" in a paragraph) is never taken for an attribute. Pure: no I/O.

const TAG = /<[a-z][a-z0-9]*\s[^>]*>/gi;
// The style filter (style-filter.ts) writes declarations as "property: value" joined by "; ".
const STYLE = /\sstyle="([^"]*)"/i;
const COLOUR_PROPERTY = /(?:^|;\s*)(?:color|background|background-color)\s*:/i;
// bgcolor on tables and cells, color on <font> and <hr>: what the attribute checks (html-attributes.ts) keep.
const COLOUR_ATTRIBUTE = /\s(?:bgcolor|color)="/i;

export function setsOwnColours(sanitizedHtml: string): boolean {
  for (const [tag] of sanitizedHtml.matchAll(TAG)) {
    if (COLOUR_ATTRIBUTE.test(tag)) return true;
    const style = STYLE.exec(tag)?.[1];
    if (style && COLOUR_PROPERTY.test(style)) return true;
  }
  return false;
}
