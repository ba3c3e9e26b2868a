// Every call to the IMAP server has a deadline (DESIGN.md, deadlines). A server that stops answering leaves a
// command pending forever: imapflow's own socket timeout is minutes long and the connection is reused by the next
// request, so the user would wait as long as the server is stuck. Past the deadline the caller gets a MailError
// 'timeout' (a 504 page) and `onExpire` closes the connection, so the next call starts on a fresh one.
import { MailError, TIMEOUT_MESSAGE } from '../errors/mail-errors.ts';

export function withDeadline<T>(work: Promise<T>, ms: number, onExpire: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onExpire();
      reject(new MailError('timeout', TIMEOUT_MESSAGE));
    }, ms);
  });
  // The loser of the race settles later (usually rejected by the close): nobody must see that as unhandled.
  work.catch(() => undefined);
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
