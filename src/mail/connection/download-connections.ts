// Downloads (attachments, message source) stream on short-lived connections of their own, never on the session's
// command connection: a reader taking minutes over a 30 MB part would otherwise hold every other request of that
// user behind it. Each download logs in with the same credentials, EXAMINEs the folder (read-only: a download
// changes nothing), streams, and logs out at the end, on error and on client abort alike. A user has at most
// MAX_DOWNLOADS_PER_USER of them at once; one more waits for a free slot up to IMAP_TIMEOUT_SECONDS, then gets a
// 'busy' error (429). Waiting rather than refusing outright lets the big inline images of one message share the
// slots; refusing at once would break them.
import type { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import { withDeadline } from './deadline.ts';
import { connectWithin, limitsOf, logoutQuietly, newImapClient, type ImapAuth, type ImapSettings } from './imap-connect.ts';
import { MailError, SESSION_CLOSED, rethrowAsMailError } from '../errors/mail-errors.ts';
import { userText } from '../errors/user-text.ts';

export interface DownloadConnection {
  /** Runs one request-and-answer step (EXAMINE, the first chunk) under the IMAP deadline. */
  step<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T>;
  /** LOGOUT and free the slot; safe to call more than once. */
  release(): Promise<void>;
}

export class DownloadConnections {
  readonly #settings: ImapSettings;
  readonly #limits: ReturnType<typeof limitsOf>;
  readonly #auth: ImapAuth;
  readonly #logger: Logger;
  readonly #clients = new Set<ImapFlow>();
  readonly #waiting: { grant: () => void; refuse: (err: Error) => void }[] = [];
  #slotsTaken = 0;
  #closed = false;

  constructor(settings: ImapSettings, auth: ImapAuth, logger: Logger) {
    this.#settings = settings;
    this.#limits = limitsOf(settings);
    this.#auth = auth;
    this.#logger = logger;
  }

  /** Downloads running or waiting for a slot. */
  get active(): number {
    return this.#slotsTaken + this.#waiting.length;
  }

  /** A logged-in connection with `path` EXAMINEd, holding one of the user's download slots until released. */
  async open(path: string): Promise<DownloadConnection> {
    await this.#takeSlot();
    const client = newImapClient(this.#settings, this.#auth, this.#logger, this.#limits.commandTimeoutMs);
    this.#clients.add(client);
    let released: Promise<void> | undefined;
    const release = () => (released ??= this.#release(client));
    const step = async <T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> => {
      try {
        return await withDeadline(fn(client), this.#limits.commandTimeoutMs, () => client.close());
      } catch (err) {
        rethrowAsMailError(err);
      }
    };
    try {
      if (this.#closed) throw new MailError('unavailable', SESSION_CLOSED);
      await connectWithin(client, this.#limits.loginTimeoutMs);
      await step((c) => c.mailboxOpen(path, { readOnly: true }));
    } catch (err) {
      await release();
      throw err;
    }
    return { step, release };
  }

  async closeAll(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.refuse(new MailError('unavailable', SESSION_CLOSED));
    await Promise.allSettled([...this.#clients].map((c) => logoutQuietly(c)));
  }

  #takeSlot(): Promise<void> {
    if (this.#closed) return Promise.reject(new MailError('unavailable', SESSION_CLOSED));
    if (this.#slotsTaken < this.#limits.maxDownloads) {
      this.#slotsTaken++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
        refuse: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const max = this.#limits.maxDownloads;
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        reject(new MailError('busy', userText('mail:downloadsBusy', `You already have ${max} download${max === 1 ? '' : 's'} running. Wait for one to finish, then try again.`, { max })));
      }, this.#limits.commandTimeoutMs);
      this.#waiting.push(waiter);
    });
  }

  async #release(client: ImapFlow): Promise<void> {
    this.#clients.delete(client);
    // The slot is free once the connection is gone, so the cap holds for connections, not just streams.
    await logoutQuietly(client);
    const next = this.#waiting.shift();
    if (next) next.grant();
    else this.#slotsTaken--;
  }
}
