// The message page's body frame as the browser sees it: the document inlined in its srcdoc attribute (EJS escapes
// exactly & < > " ', so these five are all there is to undo), or the address it loads from.
export interface BodyFrame {
  tag: string;
  srcdoc: string | undefined;
  src: string | undefined;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&#39;': "'" };

/** An attribute's value as the browser reads it. */
export function attributeValue(escaped: string): string {
  return escaped.replace(/&amp;|&lt;|&gt;|&#34;|&#39;/g, (e) => ENTITIES[e]!);
}

export function bodyFrame(page: string): BodyFrame {
  const tag = /<iframe class="body"[^>]*>/.exec(page)?.[0] ?? '';
  const srcdoc = /\ssrcdoc="([^"]*)"/.exec(tag)?.[1];
  const src = /\ssrc="([^"]*)"/.exec(tag)?.[1];
  return {
    tag,
    srcdoc: srcdoc === undefined ? undefined : attributeValue(srcdoc),
    src: src?.replace(/&amp;/g, '&'),
  };
}
