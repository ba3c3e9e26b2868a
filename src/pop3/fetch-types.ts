// The shapes around one fetch run: the account, what the engine is given (target folder, UIDL store, lock,
// limits) and what it reports back for the settings page ("last fetch, how many new, the last error").
import type { FetchFailure } from './fetch-failure.ts';
import type { FetchLock } from './fetch-lock.ts';
import type { FetchMode } from './fetch-plan.ts';
import type { Pop3ConnectOptions, Pop3Security } from './pop3-client.ts';
import type { UidlStore } from './uidl-store.ts';

export interface Pop3Account {
  /** stable id: the lock key and the key of its UIDL set */
  id: string;
  host: string;
  port: number;
  security: Pop3Security;
  user: string;
  password: string;
  mode: FetchMode;
  /** the IMAP folder fetched mail goes to */
  folder: string;
}

export interface FetchLimits {
  maxMessageBytes: number;
  maxPerRun: number;
  timeoutMs: number;
}

/** Where fetched mail goes: the user's IMAP account (hasMessageId and appendMessageFile in src/mail/writing). */
export interface FetchTarget {
  hasMessageId(folder: string, messageId: string): Promise<boolean>;
  /** APPEND the file's bytes unchanged, without \Seen, with this internal date */
  append(folder: string, file: string, options: { internalDate: Date }): Promise<void>;
}

export interface FetchProgress {
  phase: 'connecting' | 'fetching' | 'finishing';
  /** messages this run will fetch, known from the fetching phase on */
  total: number;
  done: number;
  bytes: number;
}

export interface FetchDeps {
  target: FetchTarget;
  store: UidlStore;
  lock: FetchLock;
  limits: FetchLimits;
  /** what the client needs beyond the account: TLS CA, insecure and private-host switches */
  connection: Pick<Pop3ConnectOptions, 'tlsCa' | 'allowInsecure' | 'allowPrivateHosts'>;
  onProgress?: (progress: FetchProgress) => void;
  /** stop between messages (sign-out, shutdown); what is done so far is committed with QUIT */
  signal?: AbortSignal;
  tempDir?: string;
}

export interface FetchReport {
  outcome: 'done' | 'stopped' | 'busy' | 'failed';
  /** messages on the server when the run began */
  onServer: number;
  retrieved: number;
  appended: number;
  /** retrieved, but a message with that Message-ID was in the folder already */
  duplicates: number;
  /** removed from the server at QUIT (delete mode) */
  deleted: number;
  tooLarge: { number: number; size: number }[];
  /** refused by the IMAP server (APPEND answered NO): left on the POP3 server, tried again next run */
  refused: { number: number; size: number; serverText?: string }[];
  /** new messages left for a later run by the per-run cap (or by a stop) */
  remaining: number;
  error?: FetchFailure;
  /** the original error, for the logs only: it may carry details not meant for a page */
  cause?: unknown;
  startedAt: Date;
  finishedAt: Date;
}
