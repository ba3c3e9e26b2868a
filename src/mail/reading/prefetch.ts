// Prefetching the message a reader opens next: the one below in the list it was opened from (the message page's
// "next", the older one in newest-first order). While the reader reads, the session's connection has nothing to
// do, so its structure and text are fetched then (BODY.PEEK: it stays unread until opened) and kept as the cache's
// guess (cache/kept-texts.ts); opening it is then a STORE of \Seen and no FETCH.
//
// It never delays a request by more than one command: each step is one call of one UID FETCH, started only when
// the session's queue is empty (MailSession.whenQuiet), so a request that comes meanwhile waits for at most the
// FETCH on the wire. It does not select another mailbox, does not keep big texts (PREFETCH_MAX_BYTES; each section
// is asked for up to that size only), gives up past PREFETCH_WITHIN_MS, and stops guessing for a reader who does
// not follow the list (MISSES_BEFORE_PAUSE) until they open the next message again.
import { findPart, planBody, type BodyNode } from '../../mime/body-structure.ts';
import type { MailSession } from '../connection/mail-session.ts';
import { fetchMessage } from './message-fetch.ts';
import { keepBody } from './open-message.ts';
import { bodyFrom, textSections } from './message-texts.ts';

/** Texts longer than this (their BODYSTRUCTURE sizes together) are not fetched ahead: a reader may not want them. */
export const PREFETCH_MAX_BYTES = 64 * 1024;

/** A guess not fetched within this is dropped: the reader has moved on, or the session is busy with real work. */
const PREFETCH_WITHIN_MS = 5_000;

/** Wrong guesses in a row after which the reader is taken to be jumping around, not reading down the list. */
const MISSES_BEFORE_PAUSE = 2;

const SINGLE_TEXT = new Set(['', 'text/plain', 'text/html']);

interface Walk {
  /** the message fetched ahead and not opened yet */
  guess: number | undefined;
  /** the "next" of the last open, guessed or not: opening it means the reader follows the list */
  next: number | undefined;
  misses: number;
}

const walks = new WeakMap<MailSession, Walk>();

/** `uid` was opened, and `next` is below it in its list: fetch `next` ahead when the session is quiet. */
export function prefetchNext(session: MailSession, mailbox: string, uid: number, next: number | undefined): void {
  const walk = walks.get(session) ?? { guess: undefined, next: undefined, misses: 0 };
  walks.set(session, walk);
  if (uid === walk.next) walk.misses = 0;
  else if (walk.guess !== undefined) walk.misses++;
  walk.guess = undefined;
  walk.next = next;
  if (next === undefined || walk.misses >= MISSES_BEFORE_PAUSE) return;
  const view = session.cache.view(mailbox);
  if (view && session.cache.hasText(view, next)) return;
  walk.guess = next;
  const until = Date.now() + PREFETCH_WITHIN_MS;
  session.whenQuiet(() => void step(session, mailbox, next, until, walk));
}

/** One FETCH: the structure (with the text when the message is one text part), or the text. */
async function step(session: MailSession, mailbox: string, uid: number, until: number, walk: Walk): Promise<void> {
  if (walk.guess !== uid || Date.now() > until || session.watching !== mailbox) return;
  try {
    const again = await session.withView(mailbox, async (client, view) => {
      const { cache } = session;
      if (cache.hasText(view, uid)) return false;
      const entry = view.messages.get(uid);
      let structure = view.structure(uid);
      // Without the structure, BODY[1] comes with it: the text of a message of one text part (most mail), or of a
      // multipart/mixed whose first part is its text. When the Content-Type is known, only if it says one text part.
      const guess = !structure && (!entry || (SINGLE_TEXT.has(entry.contentType) && entry.size <= PREFETCH_MAX_BYTES)) ? ['1'] : [];
      const row = await fetchMessage(client, cache, uid, {
        summary: !entry, structure: !structure, sections: structure ? textsOf(structure) : guess, peek: true, maxBytes: PREFETCH_MAX_BYTES,
      });
      if (!row) return false;
      if (!structure) {
        structure = (row.bodyStructure ?? { type: 'text/plain' }) as BodyNode;
        view.rememberStructure(uid, structure);
      }
      const plan = planBody(structure);
      const wanted = textsOf(structure);
      // Texts over the limit were cut at it: never kept, since they would show cut.
      if (!wanted.length && textSections(plan).length) return false;
      if (wanted.some((s) => !row.bodyParts?.has(s.toLowerCase()))) return true;
      // An answer as long as asked for may have been cut (a size the structure did not tell right).
      if (wanted.some((s) => (row.bodyParts?.get(s.toLowerCase())?.length ?? 0) >= PREFETCH_MAX_BYTES)) return false;
      keepBody(cache, view, uid, bodyFrom(plan, structure, row), true);
      return false;
    }, { background: true, handOver: true, retry: false });
    if (again) session.whenQuiet(() => void step(session, mailbox, uid, until, walk));
  } catch {
    // A guess that failed costs nothing: opening the message fetches it as usual.
  }
}

/** The text sections to fetch, or none when they are too big to fetch ahead (their sizes as sent, encoded). */
function textsOf(structure: BodyNode): string[] {
  const sections = textSections(planBody(structure));
  const size = sections.reduce((n, part) => n + (Number(findPart(structure, part)?.size) || 0), 0);
  return size > PREFETCH_MAX_BYTES ? [] : sections;
}
