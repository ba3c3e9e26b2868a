// What a caller of MailSession (mail-session.ts) can ask of one call, and what a session is made with besides its
// credentials: kept apart so the session's own file is its queue, deadlines and connection.
import type { CacheBudget } from '../cache/cache-budget.ts';

export interface CallOptions {
  /** retry once on a fresh connection when the old one turns out dead (default true); off for non-idempotent calls */
  retry?: boolean;
  /**
   * The selected mailbox must be current. A server reports changes only in answers to commands (RFC 3501
   * section 7), and Dovecot answers SEARCH and STATUS from the connection's view as it was before the command, so a
   * selection reused from an earlier request can lag behind: a NOOP brings it up to date. withMailbox always sends
   * it (IDLE does not make the view current: Dovecot passes another client's change on to an IDLE about half a
   * second later); withClient (the folder list) skips it when the selected mailbox was being watched, since the
   * pages beside it come from that same watched view.
   */
  fresh?: boolean;
  /**
   * 'total' (the default): the call must be done IMAP_TIMEOUT_SECONDS after it queued. 'progress': for a call whose
   * length grows with the data it moves (a streamed APPEND of a 60 MB message over a slow link, attachments carried
   * into a forward): each time it reports progress, its deadline is IMAP_TIMEOUT_SECONDS (plus what it asks) from then.
   */
  deadline?: 'total' | 'progress';
  /** the session's own upkeep: does not count as the user's use of the session */
  background?: boolean;
  /**
   * A call that only reads what it was asked (a prefetch): the call queued right behind it inherits the watched
   * mailbox this one found, instead of paying a NOOP to learn what IDLE would have told it.
   */
  handOver?: boolean;
}

export interface SessionExtras {
  /** the process-wide cache bound; a session made without one gets a private one */
  budget?: CacheBudget;
  /** how often an IDLE that reported nothing is checked with a NOOP (default 2 minutes) */
  watchCheckMs?: number;
  /** how often a watched session (push subscribers) refreshes the other folders' counts (FOLDER_COUNTS_SECONDS) */
  folderCountsMs?: number;
  /** how long the cache keeps message texts after their last use (cache/kept-texts.ts TEXT_IDLE_MS; tests pass less) */
  textIdleMs?: number;
}

/**
 * How a 'progress' call says its transfer moved: its deadline is now IMAP_TIMEOUT_SECONDS plus `extraMs` away.
 * A no-op in a 'total' call.
 */
export type Progress = (extraMs?: number) => void;

/** One call's view of its deadline: once expired, it must not connect again or retry. */
export interface Call {
  expired: boolean;
  running: boolean;
  progress: Progress;
  /** the mailbox IDLE watched until this call broke it */
  watched: string | undefined;
  /** fn returned: the connection is as the call left it */
  done: boolean;
}
