// Reading the mailbox page's list out of its HTML (views/partials/message-list.ejs), for the HTTP tests.

export const decodeHtml = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCharCode(parseInt(n, 16)))
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

export interface ListRow {
  uid: number;
  unread: boolean;
  subject: string;
  /** the row's link, decoded: the message URL with the list it was opened from */
  href: string;
  party: string;
}

export function listRows(html: string): ListRow[] {
  const row = /<li class="msg (read|unread)[^"]*" data-uid="(\d+)">[\s\S]*?<a class="open" id="m-\d+" href="([^"]+)">\s*<span class="party"[^>]*>([^<]*)<\/span>\s*<span class="subject">([^<]*)<\/span>/g;
  return [...html.matchAll(row)].map((m) => ({
    unread: m[1] === 'unread', uid: Number(m[2]), href: decodeHtml(m[3]!), party: decodeHtml(m[4]!), subject: decodeHtml(m[5]!),
  }));
}

/** A column head: where its sort link goes, and how the list is sorted by it now (from its arrow). */
export function sortHead(html: string, label: string): { sorted: 'ascending' | 'descending' | undefined; href: string | undefined } | undefined {
  const head = new RegExp(`<span class="[^"]*">(?:<a class="sort" href="([^"]+)"[^>]*>)?${label}(?: <span aria-hidden="true">([▲▼])</span>)?`).exec(html);
  if (!head) return undefined;
  return { sorted: head[2] === '▼' ? 'descending' : head[2] === '▲' ? 'ascending' : undefined, href: head[1] ? decodeHtml(head[1]) : undefined };
}
