// Mailbox names travel percent-encoded as one path segment (INBOX%2FWork), UIDs as numbers (DESIGN.md routes).

export function mailboxUrl(mailbox: string, query: Record<string, string | number | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/mailbox/${encodeURIComponent(mailbox)}${qs ? `?${qs}` : ''}`;
}

/** The search of every folder (GET /search) with these search fields. */
export function searchAllUrl(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/search${qs ? `?${qs}` : ''}`;
}

export function messageUrl(mailbox: string, uid: number, suffix = ''): string {
  return `/message/${encodeURIComponent(mailbox)}/${uid}${suffix ? `/${suffix}` : ''}`;
}

export function partUrl(mailbox: string, uid: number, part: string): string {
  return messageUrl(mailbox, uid, `part/${part}`);
}

/** The conversation that holds this message (GET /conversation/:mailbox/:uid). */
export function conversationUrl(mailbox: string, uid: number): string {
  return `/conversation/${encodeURIComponent(mailbox)}/${uid}`;
}
