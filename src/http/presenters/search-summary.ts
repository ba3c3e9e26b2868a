// A search in words: the line above the results ("12 results for “lunch”, from “alice”, unread") and the same
// search named on a confirmation ("all the messages matching “lunch”, from “alice”").
type Fields = Partial<Record<'q' | 'from' | 'to' | 'subject' | 'since' | 'before' | 'attachment' | 'filter', string | undefined>>;

function narrowing(f: Fields): string[] {
  const quoted = (label: string, v: string | undefined) => (v ? `${label} “${v}”` : '');
  return [
    quoted('from', f.from), quoted('to', f.to), quoted('subject', f.subject),
    f.since ? `sent since ${f.since}` : '', f.before ? `sent before ${f.before}` : '',
    f.filter === 'unseen' ? 'unread' : f.filter === 'flagged' ? 'flagged' : '', f.attachment === '1' ? 'with attachments' : '',
  ].filter(Boolean);
}

/** "12 results for “lunch”, from “alice”, unread, with attachments" */
export function searchSummary(count: number, f: Fields): string {
  const parts = narrowing(f);
  const head = `${count === 0 ? 'No' : count} result${count === 1 ? '' : 's'}`;
  if (f.q) return `${head} for “${f.q}”${parts.length ? `, ${parts.join(', ')}` : ''}`;
  return `${head}: ${parts.join(', ')}`;
}

/** "matching “lunch”, from “alice”, unread"; undefined when nothing is searched. */
export function describeSearch(f: Fields): string | undefined {
  const parts = [f.q ? `matching “${f.q}”` : '', ...narrowing(f)].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}
