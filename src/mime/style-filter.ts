// Inline CSS through a property allow-list. CSS is where mail HTML loads remote content (url(), image-set(),
// @import) and where old engines ran code (expression(), behavior, -moz-binding), so values are held to a small
// alphabet with a few colour and length functions; anything else loses the declaration, not the whole attribute.
// The output is rebuilt from accepted declarations, so comments or quotes in the input never reach the browser.

const PROPERTIES = new Set([
  'color', 'background-color', 'background', 'opacity', 'visibility',
  'font', 'font-family', 'font-size', 'font-style', 'font-weight', 'font-variant', 'font-stretch',
  'text-align', 'text-decoration', 'text-decoration-line', 'text-decoration-color', 'text-decoration-style',
  'text-indent', 'text-transform', 'text-shadow', 'text-overflow', 'text-size-adjust', '-webkit-text-size-adjust',
  '-ms-text-size-adjust', 'letter-spacing', 'word-spacing', 'line-height', 'white-space', 'word-break', 'word-wrap',
  'overflow-wrap', 'hyphens', 'vertical-align', 'direction',
  'margin', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left',
  'padding', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border', 'border-width', 'border-style', 'border-color', 'border-collapse', 'border-spacing', 'border-radius',
  ...['top', 'right', 'bottom', 'left'].flatMap((s) => [`border-${s}`, `border-${s}-width`, `border-${s}-style`, `border-${s}-color`]),
  'border-top-left-radius', 'border-top-right-radius', 'border-bottom-left-radius', 'border-bottom-right-radius',
  'width', 'height', 'max-width', 'min-width', 'max-height', 'min-height', 'box-sizing',
  'display', 'float', 'clear', 'overflow', 'overflow-x', 'overflow-y',
  'list-style', 'list-style-type', 'list-style-position', 'table-layout', 'caption-side', 'empty-cells',
]);

// No position (overlays), no z-index, no content, no cursor; display only the flow and table layouts mail uses.
const DISPLAY = new Set([
  'none', 'block', 'inline', 'inline-block', 'list-item', 'flex', 'inline-flex', 'table', 'inline-table',
  'table-row', 'table-cell', 'table-caption', 'table-row-group', 'table-header-group', 'table-footer-group',
  'table-column', 'table-column-group',
]);

// Letters (font names in any script), digits, spaces and the punctuation of colours, lengths and font lists.
// Absent on purpose: \ (escapes), : ; { } @ < > & * = [ ] (rules, selectors, comments, markup).
const VALUE_ALPHABET = /^[\p{L}\p{N}\s#%.,()'"/+_!-]*$/u;
const FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'calc']);
// Belt and braces for the function list, named so a reader sees what it keeps out.
const FORBIDDEN = /(?:url|expression|image-set|image|cross-fade|element|paint|var|env|attr)\s*\(|behavior|-moz-binding/i;
const MAX_STYLE = 8192;

export function filterStyle(style: string): string | undefined {
  if (typeof style !== 'string' || style.length > MAX_STYLE) return undefined;
  const kept: string[] = [];
  for (const declaration of splitDeclarations(style)) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    const clean = PROPERTIES.has(property) ? cleanValue(property, value) : undefined;
    if (clean !== undefined) kept.push(`${property}: ${clean}`);
  }
  return kept.length > 0 ? kept.join('; ') : undefined;
}

function cleanValue(property: string, raw: string): string | undefined {
  const important = /!\s*important$/i.test(raw);
  const value = raw.replace(/!\s*important$/i, '').trim().replace(/\s+/g, ' ');
  if (value === '' || !VALUE_ALPHABET.test(value) || value.includes('!') || FORBIDDEN.test(value)) return undefined;
  if (!balanced(value)) return undefined;
  for (const m of value.matchAll(/([a-z-]*)\s*\(/gi)) {
    if (!FUNCTIONS.has((m[1] ?? '').toLowerCase())) return undefined;
  }
  // Quotes only around font names: a quoted string elsewhere has no use and could carry anything.
  if (/['"]/.test(value) && property !== 'font-family' && property !== 'font') return undefined;
  if (property === 'display' && !DISPLAY.has(value.toLowerCase())) return undefined;
  return important ? `${value} !important` : value;
}

// Parentheses nest properly and quotes close, so the rebuilt declaration cannot swallow the next one.
function balanced(value: string): boolean {
  let depth = 0;
  let quote = '';
  for (const c of value) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return false;
  }
  return depth === 0 && quote === '';
}

// Split on ";" outside quotes and parentheses; a declaration holding a comment or an escape is dropped whole,
// because old engines (and "ex/**/pression") read those differently from the rebuilt text.
function splitDeclarations(style: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote = '';
  let depth = 0;
  for (const c of style) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  out.push(current);
  return out.filter((d) => !/\/\*|\*\/|\\|[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(d));
}
