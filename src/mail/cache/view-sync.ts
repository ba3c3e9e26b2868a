// Bringing a mailbox's view up to date inside a call that has the mailbox selected. What it costs depends on
// what the connection has been told since the view was last right:
//   - watched (IDLE on this mailbox until the call broke it), or just selected: nothing more;
//   - selected but not watched (no IDLE on this server, or IDLE was off): one NOOP, answered with what changed;
//   - re-selected on a CONDSTORE server without QRESYNC: one UID FETCH of the flags changed since (CHANGEDSINCE);
//   - new mail announced: one UID FETCH of the new messages' summaries;
//   - the list unknown (first visit) or not agreeing with the server's count: UID SEARCH ALL (ESEARCH: one token).
// The list is always compared with the server's EXISTS before it is trusted, so a change missed anywhere (another
// client while we were elsewhere, another Postern instance, a reconnect) is caught there, never shown.
import type { Logger } from 'pino';
import type { ImapClient } from '../connection/mail-session.ts';
import { atom, esearchAll, numbersOf, runCommand } from '../finding/search.ts';
import { SUMMARY_QUERY } from './cached-message.ts';
import type { MailCache } from './mail-cache.ts';
import type { MailboxView } from './mailbox-view.ts';
import { UidList } from './uid-list.ts';

/** More new messages than this are not fetched one by one: the list is read again and pages fetch what they show. */
export const MAX_CATCH_UP = 200;

/** SELECT options that let a QRESYNC server (RFC 7162 3.2.5) tell what changed since the view was last right. */
export function selectOptions(client: ImapClient, cache: MailCache, path: string): { uidValidity?: bigint; changedSince?: bigint } {
  const view = cache.view(path);
  if (!view?.modseq || !client.enabled.has('QRESYNC')) return {};
  return { uidValidity: view.uidValidity, changedSince: view.modseq };
}

/**
 * The view of the selected mailbox, brought up to date. `watched`: every change up to now has been reported to
 * this connection (the mailbox was being watched, or was selected by this call).
 */
export async function syncView(client: ImapClient, cache: MailCache, logger: Logger, watched: boolean): Promise<MailboxView> {
  const box = client.mailbox;
  if (!box) throw new Error('syncView needs a selected mailbox');
  let view = cache.view(box.path);
  // Dropped by the budget while selected, or never made: start one from what SELECT said.
  if (!view?.selected || view.uidValidity !== box.uidValidity) {
    view = cache.opened(box.path, box);
    watched = false;
  }
  // The server reports changes only in answers to commands (RFC 3501 section 7).
  if (!watched) await client.noop();
  view = cache.view(box.path) ?? view;
  if (view.changedSince !== undefined) await fetchChangedFlags(client, view);
  if (!view.list || view.suspect || view.exists < view.list.length) await rebuild(client, view, cache);
  const arrivals = view.exists - (view.list?.length ?? 0);
  if (arrivals > MAX_CATCH_UP) await rebuild(client, view, cache);
  else if (arrivals > 0 || view.recheck) await fetchArrivals(client, view);
  if (view.recheck || !view.consistent) {
    await rebuild(client, view, cache);
    if (!view.consistent) logger.warn({ mailbox: view.path, exists: view.exists, listed: view.list?.length }, 'imap cache: list disagrees with EXISTS after a rebuild');
  }
  return view;
}

/** The flags of the messages changed since the view's MODSEQ (CONDSTORE without QRESYNC); the observer applies them. */
async function fetchChangedFlags(client: ImapClient, view: MailboxView): Promise<void> {
  const since = view.changedSince!;
  if (client.enabled.has('CONDSTORE')) {
    for await (const _ of client.fetch('1:*', { uid: true, flags: true }, { uid: true, changedSince: since })) {
      // rows go to the cache through the observer
    }
  } else {
    view.distrustFlags();
  }
  view.changedSince = undefined;
}

/** The summaries of the messages past the highest UID known; the observer appends them to the list in order. */
async function fetchArrivals(client: ImapClient, view: MailboxView): Promise<void> {
  const from = (view.list?.max ?? 0) + 1;
  view.recheck = false;
  // "n:*" also matches the highest UID when n is past it (RFC 3501 6.4.8): the observer sees that row is known.
  for await (const _ of client.fetch(`${from}:*`, SUMMARY_QUERY, { uid: true })) {
    // rows go to the cache through the observer
  }
}

/**
 * Reads the whole UID list again. The answer replaces the list the moment it arrives, so EXPUNGEs and EXISTS the
 * server sends after it, before the tagged OK, apply to the new list.
 */
async function rebuild(client: ImapClient, view: MailboxView, cache: MailCache): Promise<void> {
  const hadList = !!view.list;
  const esearch = client.capabilities.has('ESEARCH');
  await runCommand(client, 'UID SEARCH', [...(esearch ? [atom('RETURN'), [atom('ALL')]] : []), atom('ALL')], {
    ESEARCH: async (response) => view.rebuild(UidList.fromSet(esearchAll(response))),
    SEARCH: async (response) => view.rebuild(UidList.from([...(response.numbers ?? numbersOf(response.attributes))].sort((a, b) => a - b))),
  });
  // Some changes may have gone unseen: whoever shows this mailbox reloads it.
  if (hadList) cache.lostTrack(view.path);
}
