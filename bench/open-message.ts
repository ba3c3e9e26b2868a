// Opening a message the way a browser does: the message page, then its body frame only when the page still names
// one by `src` (a body too large to inline); otherwise the body came in the page (`srcdoc`, DESIGN.md "Body
// frame") and there is no second request.
import type { BrowserClient } from './http-client.ts';

const FRAME_SRC = /<iframe class="body"[^>]*?\ssrc="([^"]+)"/;

async function get200(web: BrowserClient, path: string): Promise<string> {
  const res = await web.get(path);
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${res.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
  return res.text;
}

/** Returns whether the body took a request of its own; `lap` is called after the page (for the page's own time). */
export async function openMessageAsBrowser(web: BrowserClient, path: string, lap?: () => void): Promise<boolean> {
  const html = await get200(web, path);
  lap?.();
  const src = FRAME_SRC.exec(html)?.[1];
  if (src === undefined) return false;
  await get200(web, src.replace(/&amp;/g, '&'));
  return true;
}
