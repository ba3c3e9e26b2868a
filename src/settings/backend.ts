// What the settings store asks of a place that keeps documents on the user's IMAP server.
import type { MailSession } from '../mail/connection/mail-session.ts';

export interface Stored {
  /** the document's JSON text as stored; absent when nothing usable is stored */
  text?: string;
  /** what was wrong with what is stored: logged, and the document reads as not stored */
  problem?: string;
  /** changes whenever any document may have changed; absent when only a new read can tell */
  stamp?: string;
}

export interface Backend {
  readonly kind: 'metadata' | 'folder';
  read(session: MailSession, name: string): Promise<Stored>;
  /** stores `json` (already checked against the size limit) so that later reads anywhere return it */
  write(session: MailSession, name: string, json: string): Promise<Stored>;
  /** removes every stored version of the document; nothing stored is not an error */
  remove(session: MailSession, name: string): Promise<void>;
  /** a cheap check whether a cached read is still current (compared with its Stored.stamp) */
  stamp?(session: MailSession): Promise<string>;
}
