// Feeds the session's cache with everything the server says on the session's connection, in the order it says
// it: EXISTS, EXPUNGE, VANISHED and flag changes (imapflow's events), SELECT results, and every FETCH row, the
// rows Postern asked for and the ones the server slips into a FETCH answer for other messages. Dovecot sends
// another client's flag change inside our own FETCH's answer ("* 150 FETCH (FLAGS (\Flagged) UID 150)" between the
// rows asked for and the tagged OK); imapflow hands such rows to that FETCH's caller, not to its 'flags' event,
// so they would be lost to the cache. Every FETCH goes through ImapFlow.run('FETCH'), which is wrapped on this
// one instance so each row is seen once, in order, before its caller sees it.
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MailCache } from '../cache/mail-cache.ts';

interface Hooks {
  /** events of a client that is no longer the session's are ignored */
  current(): boolean;
  /** new mail was announced (EXISTS grew) */
  arrivals(): void;
  /** the connection closed */
  closed(): void;
  /** the server said NO without being asked (see below) */
  complaint(text: string): void;
}

type RowCallback = (row: FetchMessageObject, next: (err?: Error) => void) => void;
type Run = (command: string, ...args: unknown[]) => Promise<unknown>;

export function observeClient(client: ImapFlow, cache: MailCache, hooks: Hooks, logger: Logger): void {
  const internals = client as unknown as { run?: unknown; untaggedHandlers?: unknown };
  if (typeof internals.run !== 'function' || !internals.untaggedHandlers || typeof internals.untaggedHandlers !== 'object') {
    // The cache would miss the server's reports and show stale pages: fail loudly instead (an imapflow upgrade).
    throw new Error('imapflow no longer has run() or untaggedHandlers: the session cache needs another way to see FETCH rows');
  }
  const on = <T>(event: string, fn: (payload: T) => void) => {
    client.on(event, (payload: T) => {
      if (!hooks.current()) return;
      try {
        fn(payload);
      } catch (err) {
        // A bug here must not take the connection down; the cache is then distrusted at the next SELECT.
        logger.error({ err, event }, 'imap cache: event not applied');
      }
    });
  };
  on<{ path: string; count: number; prevCount: number }>('exists', ({ path, count, prevCount }) => {
    cache.onExists(path, count);
    if (count > prevCount) hooks.arrivals();
  });
  on<{ path: string; seq?: number; uid?: number; vanished?: boolean; earlier?: boolean }>('expunge', (e) => {
    if (e.vanished && e.uid) cache.onVanished(e.path, e.uid, !!e.earlier);
    else if (e.seq) cache.onExpunge(e.path, e.seq);
  });
  on<{ path: string; seq?: number; uid?: number; flags: Set<string> }>('flags', (e) => {
    const uid = e.uid ?? (e.seq ? cache.view(e.path)?.list?.at(e.seq) : undefined);
    if (uid) cache.onFlags(e.path, uid, [...e.flags], true);
    else cache.onFlagsUnknown(e.path);
  });
  on<{ path: string; uidValidity: bigint; exists: number; uidNext: number; highestModseq?: bigint; noModseq?: boolean; qresync?: boolean }>(
    'mailboxOpen', (box) => cache.opened(box.path, box));
  on<{ path: string }>('mailboxClose', (box) => cache.deselected(box.path));
  on<void>('close', () => {
    cache.disconnected();
    hooks.closed();
  });

  // An untagged NO nobody asked for. Dovecot sends "* NO Internal error occurred" to a connection whose selected
  // mailbox another client deleted (and maybe created again, with a new UIDVALIDITY), and goes on answering from
  // the old mailbox: nothing else tells that the view is gone. imapflow ignores untagged NO; its handler table is
  // per instance, so this one only sees this connection.
  const handlers = (client as unknown as { untaggedHandlers: Record<string, unknown> }).untaggedHandlers;
  handlers.NO = async (untagged: { attributes?: { value?: unknown }[] }) => {
    if (!hooks.current()) return;
    hooks.complaint((untagged.attributes ?? []).map((a) => (a && typeof a.value === 'string' ? a.value : '')).join(' ').trim());
  };

  const run = (client as unknown as { run: Run }).run.bind(client);
  (client as unknown as { run: Run }).run = async (command: string, ...args: unknown[]) => {
    if (String(command).toUpperCase() !== 'FETCH') return run(command, ...args);
    const [range, query, options = {}] = args as [unknown, unknown, { onUntaggedFetch?: RowCallback }];
    const path = client.mailbox ? client.mailbox.path : undefined;
    const seen = (row: FetchMessageObject) => {
      if (path && hooks.current()) cache.onFetchRow(path, row);
    };
    const inner = options.onUntaggedFetch;
    if (inner) return run(command, range, query, { ...options, onUntaggedFetch: (row: FetchMessageObject, next: (err?: Error) => void) => {
      seen(row);
      inner(row, next);
    } });
    // fetchOne() and download() collect rows; collecting them here instead keeps each row in its place among the
    // other answers, and the result the same shape.
    const list: FetchMessageObject[] = [];
    const result = await run(command, range, query, { ...options, onUntaggedFetch: (row: FetchMessageObject, next: () => void) => {
      seen(row);
      list.push(row);
      next();
    } }) as { count: number; list: FetchMessageObject[] } | undefined;
    return result ? { ...result, list } : result;
  };
}
