// Every call to the IMAP server has a deadline (DESIGN.md, deadlines). A server that stops answering leaves a
// command pending forever: imapflow's own socket timeout is minutes long and the connection is reused by the next
// request, so the user would wait as long as the server is stuck. Past the deadline the caller gets a MailError
// 'timeout' (a 504 page) and `onExpire` closes the connection, so the next call starts on a fresh one.
import { MailError, TIMEOUT_MESSAGE } from '../errors/mail-errors.ts';

export interface Deadline {
  /** the work's result, or MailError 'timeout' when the deadline passes first (onExpire has run by then) */
  race<T>(work: Promise<T>): Promise<T>;
  /** moves the deadline to `ms` from now: a transfer that made progress (a no-op once the race is over) */
  restart(ms: number): void;
}

/** A deadline `ms` from now. */
export function startDeadline(ms: number, onExpire: () => void): Deadline {
  let timer: NodeJS.Timeout | undefined;
  let over = false;
  let expire!: (err: MailError) => void;
  const expired = new Promise<never>((_, reject) => {
    expire = reject;
  });
  // It may pass before race() is called, or after the work won: nobody must see that as unhandled.
  expired.catch(() => undefined);
  const arm = (after: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      over = true;
      onExpire();
      expire(new MailError('timeout', TIMEOUT_MESSAGE));
    }, after);
  };
  arm(ms);
  return {
    race(work) {
      // The loser of the race settles later (usually rejected by the close): nobody must see that as unhandled.
      work.catch(() => undefined);
      return Promise.race([work, expired]).finally(() => {
        over = true;
        clearTimeout(timer);
      });
    },
    restart(after) {
      if (!over) arm(after);
    },
  };
}

export function withDeadline<T>(work: Promise<T>, ms: number, onExpire: () => void): Promise<T> {
  return startDeadline(ms, onExpire).race(work);
}
