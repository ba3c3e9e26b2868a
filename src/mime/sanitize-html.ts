// Mail HTML to a body fragment that can neither run nor fetch anything the reader did not ask for (DESIGN.md,
// security model). Allow-list only; the result is additionally served in a sandboxed iframe under a strict CSP.
// Output is re-serialized by sanitize-html from the parse tree, never passed through, so markup the browser
// would parse differently (raw-text elements, foreign content) cannot survive: none of those elements is allowed.
import sanitize from 'sanitize-html';
import { ALLOWED_ATTRIBUTES, ALLOWED_TAGS, checkAttributes } from './html-attributes.ts';
import { quoteMark } from './quote-marks.ts';
import { filterStyle } from './style-filter.ts';
import { remoteInAttributes, remoteInStyleElements } from './remote-references.ts';
import { classifyImageSource, safeLinkHref } from './url-policy.ts';

export interface SanitizeOptions {
  /** normalized Content-ID (content-id.ts) to the URL of that part, or undefined when the message has none */
  resolveCid: (cid: string) => string | undefined;
  /**
   * The address the reader's browser may load an http(s) image from (Postern's image proxy), or undefined to block
   * it. Absent: remote images are blocked. The mail's own URL never reaches the output.
   */
  remoteImage?: ((src: string) => string | undefined) | undefined;
}

export interface SanitizedHtml {
  html: string;
  /**
   * Remote references the output does not load (remote-references.ts): http(s) images whose src was removed because
   * remote content is off (or cannot be proxied), tracking pixels included, and always srcset, background
   * attributes, CSS url() and <style> sheets, media and frames, which are never fetched. 0: nothing was held back.
   */
  blockedRemoteImages: number;
  /** remote references in the input, loaded through the proxy or not: 0 when the mail has nothing remote */
  remoteReferences: number;
}

// Disallowed elements whose text is not mail content: code, CSS, document titles, fallbacks for plugins and frames.
// Anything else disallowed (form, o:p, html) loses the tag and keeps its text.
const DISCARD_CONTENT = [
  'script', 'style', 'textarea', 'option', 'select', 'xmp', 'title', 'noscript', 'noembed', 'noframes', 'iframe',
  'frameset', 'object', 'applet', 'embed', 'svg', 'math', 'template', 'audio', 'video', 'canvas',
];

const ALLOWED = new Set(ALLOWED_TAGS);

export function sanitizeEmailHtml(html: string, opts: SanitizeOptions): SanitizedHtml {
  // Browsers turn U+0000 into U+FFFD while parsing; doing the same first keeps htmlparser2's reading and theirs in step.
  const input = String(html ?? '').replaceAll('\u0000', '\uFFFD');
  let remoteFound = remoteInStyleElements(input);
  let proxied = 0;
  // Images to remove whole. Renaming them to a disallowed tag would be simpler, but sanitize-html 2.17 then keeps a
  // stale rename and closes the next sibling at that depth with the renamed tag; exclusiveFilter has no such state.
  const dropped = new WeakSet<sanitize.Attributes>();
  const drop = (tagName: string): sanitize.Tag => {
    const attribs = {};
    dropped.add(attribs);
    return { tagName, attribs };
  };

  const transform = (tagName: string, attribs: sanitize.Attributes): sanitize.Tag => {
    if (tagName === 'body') return { tagName: 'div', attribs: bodyAttributes(attribs) };
    if (!ALLOWED.has(tagName)) return { tagName, attribs: {} };
    const out = checkAttributes(tagName, attribs);
    const mark = quoteMark(tagName, attribs);
    if (mark) out['data-quote'] = mark;
    if (tagName === 'a') {
      const href = typeof attribs.href === 'string' ? safeLinkHref(attribs.href) : undefined;
      // A link leaves the frame for a new tab without telling the target which message it came from.
      if (href) Object.assign(out, { href, rel: 'noopener noreferrer', target: '_blank' });
    } else if (tagName === 'img') {
      const source = classifyImageSource(typeof attribs.src === 'string' ? attribs.src : '');
      if (source.kind === 'cid') {
        const url = opts.resolveCid(source.key);
        if (!url) return drop(tagName);
        out.src = url;
      } else if (source.kind === 'data') {
        out.src = source.src;
      } else if (source.kind === 'remote') {
        const url = opts.remoteImage?.(source.src);
        // Not proxied: alt text and size stay, so the layout and the words survive.
        if (url) {
          out.src = url;
          proxied++;
        }
      } else {
        // Relative, protocol-relative or script URLs: a relative src would fetch Postern's own routes with cookies.
        return drop(tagName);
      }
    }
    return { tagName, attribs: out };
  };

  const clean = sanitize(input, {
    allowedTags: [...ALLOWED_TAGS],
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: DISCARD_CONTENT,
    // Void elements are written "<br />"; without this, sanitize-html writes "<wbr></wbr>" and "<col></col>".
    selfClosing: ['img', 'br', 'hr', 'wbr', 'col'],
    // Our own filter (style-filter.ts) has already rebuilt every style attribute; skip the postcss round trip.
    parseStyleAttributes: false,
    // Called for every element, also inside discarded ones (<noscript>, <svg>): what they would have loaded counts.
    onOpenTag: (name, attribs) => {
      remoteFound += remoteInAttributes(name, attribs);
    },
    transformTags: { '*': transform },
    exclusiveFilter: (frame) => dropped.has(frame.attribs),
  });
  return { html: clean, blockedRemoteImages: remoteFound - proxied, remoteReferences: remoteFound };
}

// <body bgcolor> and <body text> colour whole newsletters; as a div they need to be CSS.
function bodyAttributes(attribs: Record<string, string>): Record<string, string> {
  const kept = checkAttributes('div', attribs);
  const extra = [
    /^#?[0-9a-z]{3,24}$/i.test(attribs.bgcolor ?? '') ? `background-color: ${attribs.bgcolor}` : '',
    /^#?[0-9a-z]{3,24}$/i.test(attribs.text ?? '') ? `color: ${attribs.text}` : '',
  ].filter(Boolean);
  const style = filterStyle([...extra, kept.style ?? ''].join(';'));
  if (style) kept.style = style;
  else delete kept.style;
  return kept;
}
