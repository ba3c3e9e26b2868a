// Waiting for a MailSession's push events (MailSession.watch), with a hang guard instead of a timed assertion.
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import type { WatchEvent } from '../../src/mail/connection/watch-channel.ts';

export interface Watcher {
  events: WatchEvent[];
  /** the first event (kept or still to come) that matches, taken out of `events` */
  next(match: (e: WatchEvent) => boolean, what: string, ms?: number): Promise<WatchEvent>;
  stop(): void;
}

export function watchEvents(session: MailSession, mailbox: string): Watcher {
  const events: WatchEvent[] = [];
  let wake: (() => void) | undefined;
  const stop = session.watch.subscribe(mailbox, (e) => {
    events.push(e);
    wake?.();
  });
  return {
    events,
    stop,
    async next(match, what, ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        const at = events.findIndex(match);
        if (at >= 0) return events.splice(at, 1)[0]!;
        const left = until - Date.now();
        if (left <= 0) throw new Error(`${what}: no such event after ${ms / 1000} s (hung); got ${JSON.stringify(events.map((e) => e.type))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}
