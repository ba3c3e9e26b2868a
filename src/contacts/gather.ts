// Reading one folder for contacts: a STATUS says whether anything arrived (UIDNEXT) or the folder was recreated
// (UIDVALIDITY); then UID windows are read from the newest unread down (scan-plan.ts), each its own turn in the
// session's queue, so a page the user asks for meanwhile waits for at most one window. CONDSTORE is not needed:
// only new UIDs can bring new addresses, and UIDNEXT tells of them on every server, Courier included. Flag changes,
// which are what HIGHESTMODSEQ would add, say nothing about who wrote to whom.
import type { MailSession } from '../mail/connection/mail-session.ts';
import { addressesInWindow, folderMark } from '../mail/reading/message-addresses.ts';
import type { ScannedEvent, FolderScan } from './book-update.ts';
import { MAX_RANGES, type FolderProgress, type FolderRole } from './contact-book.ts';
import { eventsOf } from './harvest.ts';
import { addRange, nextWindow, type UidRange } from './scan-plan.ts';

export interface GatherLimits {
  /** UIDs per FETCH: at most this many messages come back for one window */
  windowUids: number;
  /** at most this many messages per folder and run: a window opens only while a full one would still fit */
  messagesPerRun: number;
  /** and after this many windows, however empty (old mailboxes have long runs of expunged UIDs) */
  windowsPerRun: number;
}

export const DEFAULT_LIMITS: GatherLimits = { windowUids: 200, messagesPerRun: 600, windowsPerRun: 20 };

export interface ScanResult {
  scan: FolderScan | undefined;
  fetched: number;
  windows: number;
}

export async function scanFolder(
  session: MailSession, role: FolderRole, path: string, progress: FolderProgress | undefined,
  own: ReadonlySet<string>, limits: GatherLimits, now: number,
): Promise<ScanResult> {
  const mark = await folderMark(session, path);
  if (!mark) return { scan: undefined, fetched: 0, windows: 0 };
  const same = progress && progress.path === path && progress.uidValidity === mark.uidValidity;
  let ranges: UidRange[] = same ? progress.ranges : [];
  const windows: UidRange[] = [];
  const events: ScannedEvent[] = [];
  const mine: string[] = [];
  let fetched = 0;
  while (fetched + limits.windowUids <= Math.max(limits.messagesPerRun, limits.windowUids) && windows.length < limits.windowsPerRun) {
    const window = nextWindow(ranges, mark.uidNext, limits.windowUids);
    if (!window) break;
    const messages = await addressesInWindow(session, path, window[0], window[1]);
    fetched += messages.length;
    for (const msg of messages) {
      const found = eventsOf(role, msg, own, now);
      for (const e of found.events) events.push({ ...e, uid: msg.uid, messageId: msg.messageId });
      mine.push(...found.own);
    }
    windows.push(window);
    ranges = addRange(ranges, window, MAX_RANGES);
  }
  // Nothing read and nothing reset: no reason to write the book.
  if (windows.length === 0 && same) return { scan: undefined, fetched, windows: 0 };
  return { scan: { role, path, uidValidity: mark.uidValidity, windows, events, own: [...new Set(mine)] }, fetched, windows: windows.length };
}
