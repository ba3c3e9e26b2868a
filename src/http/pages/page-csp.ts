// Content-Security-Policy of Postern's pages (helmet sets it on every response), and the one exception: a message
// page that carries its body in <iframe srcdoc>. A srcdoc document has no response of its own, so it inherits the
// page's policy (HTML, "policy container") and adds its own through a <meta> first in its head
// (body-document.ts); a load must pass both. The page therefore has to allow what the body needs and its own
// policy does not: the body's one <style> element (by hash, one per theme) and the style attributes the
// sanitizer keeps in mail (style-src-attr 'unsafe-inline'). Nothing else is widened: no script, no remote image,
// no form target. DESIGN.md, security model: "Body frame".
import { frameStyleHashes } from '../presenters/body-document.ts';

/** helmet's directives for every page: no inline script or style, nothing from another origin */
export const PAGE_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  frameSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
} as const;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function serialize(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives).map(([name, values]) => `${kebab(name)} ${values.join(' ')}`).join('; ');
}

// style-src-elem/-attr take precedence over style-src where a browser knows them; one that does not falls back to
// style-src 'self' and shows the mail unstyled, which fails safe.
const WITH_BODY = serialize({
  ...PAGE_CSP_DIRECTIVES,
  styleSrcElem: ["'self'", ...frameStyleHashes().map((h) => `'sha256-${h}'`)],
  styleSrcAttr: ["'unsafe-inline'"],
});

/** The policy of a message page whose body frame is inline (srcdoc). */
export function messagePageCsp(): string {
  return WITH_BODY;
}
