// Opening a message: the page (headers, attachments, flags) and its body frame (the shown text) come from one
// call. The summary usually comes from the list the message was opened from, BODYSTRUCTURE and the text are fetched
// once and kept (they never change for a UID), and the text is fetched with BODY[n], which marks the message read.
// A message whose Content-Type says it is one text part is BODY[1]: asked for with its structure, in one FETCH.
// The body frame request that follows finds the text in the cache and sends nothing to the server, and so does
// opening it again while the cache keeps its text (cache/kept-texts.ts); prefetch.ts fetches the next one ahead.
// A message whose text was already kept (fetched ahead, or opened and marked unread since) is marked read in the
// cache at once and on the server just after the page: the STORE of \Seen waits for nobody (markSeenSoon).
import type { FetchMessageObject } from 'imapflow';
import { planBody, type BodyNode } from '../../mime/body-structure.ts';
import { hasFlag, hasSummary, headersOf, toCachedMessage, type CachedMessage } from '../cache/cached-message.ts';
import type { MailCache } from '../cache/mail-cache.ts';
import type { MailboxView } from '../cache/mailbox-view.ts';
import type { ImapClient, MailSession } from '../connection/mail-session.ts';
import { MailError } from '../errors/mail-errors.ts';
import { userText } from '../errors/user-text.ts';
import { fetchMessage, type FetchItems } from './message-fetch.ts';
import { keywordsOf, type MessageHeaders } from './message-summary.ts';
import { bodyBytes, bodyFrom, hasSections, textSections, type MessageBody } from './message-texts.ts';

export interface MessageView extends MessageHeaders {
  mailbox: string;
  uid: number;
  messageId: string | undefined;
  size: number;
  seen: boolean;
  flagged: boolean;
  /** its keywords: labels, $Junk ... (message-summary.ts keywordsOf) */
  keywords: string[];
  plan: MessageBody['plan'];
  /**
   * The shown text, fetched with the page: the very object the body frame then gets from the cache while it is
   * kept, so what the page works out from it (sanitizing, in src/http) can be kept with it for the frame.
   */
  body: MessageBody;
}

/** Bodies larger than this are not kept for the body frame (it fetches them again). */
const KEEP_BODY_BYTES = 256 * 1024;

const SINGLE_TEXT = new Set(['', 'text/plain', 'text/html']);

/** Headers and body plan of one message; marks it \Seen the way opening a message does in every mail client. */
export async function getMessage(session: MailSession, mailbox: string, uid: number): Promise<MessageView> {
  const live = session.liveView(mailbox);
  const cached = live && fromCache(session, live, uid);
  if (cached) return cached;
  return session.withView(mailbox, (client, view) => openMessage(session, client, view, uid));
}

/**
 * The shown text of a message, as the body frame needs it: kept from the page's fetch, else fetched (PEEK). A kept
 * text is used while its mailbox is selected, so the server's expunges reach the cache (and drop it).
 */
export async function getMessageBody(session: MailSession, mailbox: string, uid: number): Promise<MessageBody> {
  const view = session.cache.view(mailbox);
  const kept = view?.selected && session.cache.text<MessageBody>(view, uid);
  if (kept) return kept;
  return session.withView(mailbox, async (client, view) => {
    const again = session.cache.text<MessageBody>(view, uid);
    if (again) return again;
    const structure = await structureOf(client, session.cache, view, uid);
    const plan = planBody(structure);
    const row = textSections(plan).length ? await fetchOrMissing(client, session.cache, uid, { sections: textSections(plan), peek: true }) : undefined;
    return keepBody(session.cache, view, uid, bodyFrom(plan, structure, row));
  });
}

/** BODYSTRUCTURE from the cache, else fetched and kept. */
export async function structureOf(client: ImapClient, cache: MailCache, view: MailboxView, uid: number): Promise<BodyNode> {
  const kept = view.structure(uid);
  if (kept) return kept;
  const row = await fetchOrMissing(client, cache, uid, { structure: true });
  const structure = (row.bodyStructure ?? { type: 'text/plain' }) as BodyNode;
  view.rememberStructure(uid, structure);
  return structure;
}

function fromCache(session: MailSession, view: MailboxView, uid: number): MessageView | undefined {
  const entry = view.message(uid);
  const structure = view.structure(uid);
  if (!entry || !structure || entry.flagsEpoch !== view.flagsEpoch) return undefined;
  // Without the text the body frame would need a call of its own: the page makes it instead.
  const body = session.cache.text<MessageBody>(view, uid);
  if (!body) return undefined;
  return toView(view.path, hasFlag(entry.flags, '\\Seen') ? entry : markSeenSoon(session, view, entry), body);
}

async function openMessage(session: MailSession, client: ImapClient, view: MailboxView, uid: number): Promise<MessageView> {
  const { cache } = session;
  // FLAGS come with every FETCH and refresh a cached entry; the summary is asked for only when none is cached.
  const summary = () => !view.messages.has(uid);
  let structure = view.structure(uid);
  let body = cache.text<MessageBody>(view, uid);
  let row: FetchMessageObject | undefined;
  if (!structure) {
    const type = view.messages.get(uid)?.contentType;
    const guess = !body && type !== undefined && SINGLE_TEXT.has(type) ? ['1'] : [];
    row = await fetchOrMissing(client, cache, uid, { summary: summary(), structure: true, sections: guess });
    structure = (row.bodyStructure ?? { type: 'text/plain' }) as BodyNode;
    view.rememberStructure(uid, structure);
  }
  const plan = planBody(structure);
  if (!body) {
    const sections = textSections(plan);
    if (sections.length && !hasSections(row, plan)) row = await fetchOrMissing(client, cache, uid, { summary: summary(), sections });
    body = keepBody(cache, view, uid, bodyFrom(plan, structure, row));
  }
  if (!current(view, uid)) row = await fetchOrMissing(client, cache, uid, { summary: summary() });
  // Kept by the cache unless the budget just dropped it: then the row itself says it.
  let entry = current(view, uid) ?? (row && hasSummary(row) ? toCachedMessage(row, view.flagsEpoch) : undefined);
  if (!entry) entry = toCachedMessage(await fetchOrMissing(client, cache, uid, { summary: true }), view.flagsEpoch);
  if (!hasFlag(entry.flags, '\\Seen')) entry = markSeenSoon(session, view, entry);
  return toView(view.path, entry, body);
}

/**
 * The text came from the cache or the message shows none, so no FETCH marked it read: \Seen needs a STORE of its
 * own, and the page does not wait for it. The cache takes the mark now (this page, the list after it, the folder's
 * unread count and the other tabs show it read) and the STORE goes out in the next turn of the event loop, after
 * whatever this request queued already, as a background call that hands its watched state on (as a prefetch does:
 * its answer brings the server's news, so a next open right behind it needs no NOOP). On Dovecot over Maildir a flag change renames the
 * message's file: about 1.4 ms at 1,000 messages, 5-6 ms at 100,000 (issue 9's bench), which every open of a
 * message fetched ahead (prefetch.ts) used to wait for. Should the STORE fail (the server gone, a folder the user
 * may not write to), the mailbox's cached flags are distrusted, so the next page asks the server again.
 */
function markSeenSoon(session: MailSession, view: MailboxView, entry: CachedMessage): CachedMessage {
  const { uid } = entry;
  setImmediate(() => {
    session.withView(view.path, (client) => client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true, silent: true }), { background: true, handOver: true })
      .then((stored) => stored || view.distrustFlags(), () => view.distrustFlags());
  });
  const flags = [...entry.flags, '\\Seen'];
  view.onFlags(uid, flags, false);
  return view.message(uid) ?? { ...entry, flags };
}

export async function fetchOrMissing(client: ImapClient, cache: MailCache, uid: number, items: FetchItems): Promise<FetchMessageObject> {
  let row = await fetchMessage(client, cache, uid, items);
  if (!row && client.mailbox && uid >= Number(client.mailbox.uidNext)) {
    // Mail that arrived after this connection's last command is not visible until the server announces it
    // (RFC 3501 section 7): a link from a fresher page (another Postern instance) can name it. NOOP, then again.
    await client.noop();
    row = await fetchMessage(client, cache, uid, items);
  }
  if (!row) throw new MailError('not-found', userText('mail:messageGone', `There is no message ${uid} in this folder: it may have been moved or deleted.`, { uid: String(uid) }));
  return row;
}

/** The cached entry when its flags are confirmed under the view's current epoch. */
function current(view: MailboxView, uid: number): CachedMessage | undefined {
  const entry = view.message(uid);
  return entry && entry.flagsEpoch === view.flagsEpoch ? entry : undefined;
}

/** Keeps the text for the body frame and later opens; `guess`: prefetched (prefetch.ts). */
export function keepBody(cache: MailCache, view: MailboxView, uid: number, body: MessageBody, guess = false): MessageBody {
  const bytes = bodyBytes(body);
  if (bytes <= KEEP_BODY_BYTES) cache.rememberText(view, uid, body, bytes, guess);
  return body;
}

function toView(mailbox: string, entry: CachedMessage, body: MessageBody): MessageView {
  return {
    mailbox,
    uid: entry.uid,
    ...headersOf(entry),
    messageId: entry.messageId,
    size: entry.size,
    seen: hasFlag(entry.flags, '\\Seen'),
    flagged: hasFlag(entry.flags, '\\Flagged'),
    keywords: keywordsOf(entry.flags),
    plan: body.plan,
    body,
  };
}
