// The demo mailbox: a deterministic corpus of realistic mail for `npm run demo` and for tests
// that need more than a blank account. The parts live in demo/; this module fixes the
// public shape and the order.
import { bulkMessages } from './demo/bulk.ts';
import { DEMO } from './demo/catalog.ts';
import { demoContext } from './demo/context.ts';
import { featuredMessages } from './demo/featured.ts';
import { folderMessages } from './demo/folders.ts';
import { internationalMessages } from './demo/international.ts';
import { threadMessages } from './demo/thread.ts';

export { DEMO };

export interface DemoMessage {
  /**
   * Path segments, e.g. ['INBOX'] or ['Projects', 'Postern']; the seeder joins them with the
   * server's delimiter. ['Sent'], ['Drafts'], ['Junk'], ['Trash'] and ['Archive'] mean the
   * server's special-use folder of that kind, whatever it is called there.
   */
  mailbox: string[];
  flags: string[];
  /** The Date header and the IMAP internal date. */
  date: Date;
  /** CRLF line endings, RFC 2047-encoded headers, 7bit only: APPENDs unchanged to any server. */
  raw: Buffer;
}

/** The user folders the demo files mail into, parents before children; INBOX and special-use ones excluded. */
export const DEMO_FOLDERS: string[][] = [
  ['Projects'],
  ['Projects', 'Postern'],
  ['Projects', 'Archive 2025'],
  ['Projects', 'Ideas'], // left empty on purpose: the empty-folder view needs somewhere to show
  ['Receipts'],
  ['Reisen – Zürich'],
];

export async function demoMessages(opts: { user: string; domain: string; now?: Date; bulk?: number }): Promise<DemoMessage[]> {
  const base = { user: opts.user, domain: opts.domain, now: opts.now ?? new Date() };
  const parts = await Promise.all([
    featuredMessages(demoContext('featured', base)),
    internationalMessages(demoContext('international', base)),
    threadMessages(demoContext('thread', base)),
    folderMessages(demoContext('folders', base)),
    bulkMessages(demoContext('bulk', base), opts.bulk ?? DEMO.bulkCount),
  ]);
  // Oldest first within each folder, so UIDs and sequence numbers rise with the date as they
  // do for delivered mail, and "newest page = highest sequence numbers" holds.
  return parts.flat().sort((a, b) => a.mailbox.join('\0').localeCompare(b.mailbox.join('\0')) || a.date.getTime() - b.date.getTime());
}
