// The last error of a fetch run, as the settings page will show it: a kind to explain, a sentence for the user,
// and the server's own words when there are some. Never a stack, never the password.
import { Pop3Error, type Pop3ErrorKind } from './pop3-error.ts';

export type FetchFailureKind = Pop3ErrorKind | 'target' | 'state' | 'lock';

export interface FetchFailure {
  kind: FetchFailureKind;
  message: string;
  serverText?: string;
}

/** A failure outside POP3: storing in the IMAP folder ('target'), the UIDL store ('state'), the shared lock ('lock'). */
export class FetchStepError extends Error {
  readonly side: 'target' | 'state' | 'lock';

  constructor(side: 'target' | 'state' | 'lock', cause: unknown) {
    super(`fetch ${side} failed`, { cause });
    this.name = 'FetchStepError';
    this.side = side;
  }
}

/** Runs a step of the IMAP side or the state store, so a failure says which side it was. */
export async function failedAt<T>(side: 'target' | 'state', fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new FetchStepError(side, err);
  }
}

const SIDE_MESSAGES = {
  target: 'The fetched message could not be stored in your mailbox; it stays on the POP3 server.',
  state: 'Postern could not save which messages were fetched; they are recognised by Message-ID next time.',
  lock: 'The shared fetch lock (Redis) is unavailable, so fetching waits rather than risk fetching twice.',
};

export function describeFailure(err: unknown): FetchFailure {
  if (err instanceof Pop3Error) return { kind: err.kind, message: err.message, ...(err.serverText ? { serverText: err.serverText } : {}) };
  if (err instanceof FetchStepError) {
    // MailError messages (src/mail/mail-errors.ts) are written for users; other causes stay in the logs.
    const cause = err.cause as { name?: string; message?: string; serverText?: string } | undefined;
    const detail = cause?.name === 'MailError' ? (cause.serverText ?? cause.message) : undefined;
    return { kind: err.side, message: SIDE_MESSAGES[err.side], ...(detail ? { serverText: detail } : {}) };
  }
  return { kind: 'protocol', message: 'The fetch stopped on an unexpected error.' };
}
