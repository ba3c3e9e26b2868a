// The last error of a fetch run, as the settings page will show it: a kind to explain, a sentence for the user,
// and the server's own words when there are some. Never a stack, never the password.
import { Pop3Error, type Pop3ErrorKind, type Pop3ErrorReason } from './pop3-error.ts';

export type FetchFailureKind = Pop3ErrorKind | 'target' | 'state' | 'lock';

export interface FetchFailure {
  kind: FetchFailureKind;
  /** which failure of its kind, where that tells the user what to change (pop3-error.ts) */
  reason?: Pop3ErrorReason;
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

/**
 * The IMAP server refused this one message (MailError 'rejected' or 'too-large', src/mail/errors/mail-errors.ts), as
 * opposed to failing altogether. Skipping it is always safe: a skipped message is neither recorded nor deleted.
 */
export function isRefusedMessage(err: unknown): boolean {
  const e = err as { name?: string; kind?: string } | null;
  return e?.name === 'MailError' && (e.kind === 'rejected' || e.kind === 'too-large');
}

/** What a MailError says for users (its server text, else its message); nothing from other errors. */
export function serverTextOf(err: unknown): { serverText?: string } {
  const e = err as { name?: string; message?: string; serverText?: string } | null;
  const text = e?.name === 'MailError' ? (e.serverText ?? e.message) : undefined;
  return text ? { serverText: text } : {};
}

const SIDE_MESSAGES = {
  target: 'The fetched message could not be stored in your mailbox; it stays on the POP3 server.',
  state: 'Postern could not save which messages were fetched; they are recognised by Message-ID next time.',
  lock: 'The shared fetch lock (Redis) is unavailable, so fetching waits rather than risk fetching twice.',
};

export function describeFailure(err: unknown): FetchFailure {
  if (err instanceof Pop3Error) {
    return { kind: err.kind, ...(err.reason ? { reason: err.reason } : {}), message: err.message, ...(err.serverText ? { serverText: err.serverText } : {}) };
  }
  if (err instanceof FetchStepError) {
    // MailError messages (src/mail/errors/mail-errors.ts) are written for users; other causes stay in the logs.
    return { kind: err.side, message: SIDE_MESSAGES[err.side], ...serverTextOf(err.cause) };
  }
  return { kind: 'protocol', message: 'The fetch stopped on an unexpected error.' };
}

/** The error of a run that finished but had messages refused by the IMAP server: the last one speaks for all. */
export function refusedFailure(refused: { serverText?: string }[]): FetchFailure {
  const serverText = refused.at(-1)?.serverText;
  return {
    kind: 'target',
    message: `${refused.length === 1 ? 'One message was' : `${refused.length} messages were`} refused by your mailbox and stay on the POP3 server.`,
    ...(serverText ? { serverText } : {}),
  };
}
