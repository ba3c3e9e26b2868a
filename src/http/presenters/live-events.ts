// The push events of a session (mail/connection/watch-channel.ts) as the mailbox page's script takes them: JSON
// whose rows are HTML rendered by the page's own row partial (views/partials/message-row.ejs), in the reader's
// language, zone and list, and whose sentences come from the catalogs. The script inserts and swaps markup and
// never builds a row or a sentence itself, so the row has one template and the script holds no words.
import { keywordsOf, type MessageSummary } from '../../mail/reading/message-summary.ts';
import type { WatchEvent } from '../../mail/connection/watch-channel.ts';
import { displayName } from '../../mime/addresses.ts';
import type { ShownLabel } from '../lists/labels.ts';
import { PLAIN_LIST } from '../lists/list-state.ts';
import type { Formats } from './formats.ts';
import { messageRows } from './message-rows.ts';

export interface LiveContext {
  /** the mailbox the page shows */
  mailbox: string;
  fmt: Formats;
  /** Sent and Drafts show the recipients, as on the page */
  showRecipient: boolean;
  /** the user's labels, for the rows' chips */
  labels: ShownLabel[];
  /** the cached row of a message as it is now, for a flag change (undefined when not cached) */
  summary(uid: number): MessageSummary | undefined;
  /** renders views/partials/message-row.ejs for one row */
  renderRow(row: ReturnType<typeof messageRows>[number]): Promise<string>;
}

/** One SSE event: its name is the watch event's type, its data JSON. */
export interface LiveEvent {
  id: string;
  event: WatchEvent['type'];
  data: string;
}

export async function liveEvent(e: WatchEvent, ctx: LiveContext): Promise<LiveEvent> {
  const out = (data: unknown): LiveEvent => ({ id: e.id, event: e.type, data: JSON.stringify(data) });
  switch (e.type) {
    case 'added': {
      const rows = await rowsOf(e.summaries, ctx);
      const first = e.summaries[0];
      const said = e.summaries.length === 1 && first
        ? ctx.fmt.t('mailbox:live.arrivedOne', { party: partyOf(first, ctx), subject: first.subject.trim() || ctx.fmt.t('common:noSubject') })
        : ctx.fmt.t('mailbox:live.newMail', { count: e.summaries.length });
      return out({ rows, said });
    }
    case 'flags': {
      const cached = ctx.summary(e.uid);
      if (!cached) return out({ uid: e.uid });
      // The event's flags are the news; the cache may already hold later ones, which a later event brings too.
      const has = (flag: string) => e.flags.some((f) => f.toLowerCase() === flag.toLowerCase());
      const now = { ...cached, seen: has('\\Seen'), flagged: has('\\Flagged'), answered: has('\\Answered'), keywords: keywordsOf(e.flags) };
      const [row] = await rowsOf([now], ctx);
      return out({ uid: e.uid, html: row?.html });
    }
    case 'expunged':
      return out({ uids: e.uids });
    case 'counts': {
      const here = e.folders.find((f) => f.path === ctx.mailbox);
      return out({
        folders: e.folders.map((f) => ({ path: f.path, unseen: f.unseen, title: ctx.fmt.t('common:sidebar.unread', { count: f.unseen }) })),
        heading: here ? ctx.fmt.t('mailbox:count', { count: here.messages }) : undefined,
        unseen: here?.unseen,
      });
    }
    case 'reset':
      return out({});
  }
}

async function rowsOf(summaries: MessageSummary[], ctx: LiveContext): Promise<{ uid: number; html: string }[]> {
  const rows = messageRows(summaries, { mailbox: ctx.mailbox, list: PLAIN_LIST, fmt: ctx.fmt, showRecipient: ctx.showRecipient, checked: false, labels: ctx.labels });
  return Promise.all(rows.map(async (row) => ({ uid: row.uid, html: await ctx.renderRow(row) })));
}

function partyOf(m: MessageSummary, ctx: LiveContext): string {
  const party = ctx.showRecipient ? m.to : m.from;
  return party.map(displayName).join(', ') || ctx.fmt.t('mailbox:row.unknown');
}
