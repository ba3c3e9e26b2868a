// What a POP3 account's runs leave behind, beside the account list on the user's IMAP server: the UIDLs fetched
// so far ("pop3-uidls:<id>", packed: 10,000 Dovecot UIDLs are about 31 KB) and the last run's outcome
// ("pop3-status:<id>", a few hundred bytes, so the accounts page never reads the UIDL set to show it). Both are
// written only by a run, which holds the account's lock, so runs never overwrite each other's state.
import type { Logger } from 'pino';
import { z } from 'zod';
import type { MailSession } from '../mail/connection/mail-session.ts';
import { packUidls, unpackUidls, type UidlStore } from '../pop3/uidl-store.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

export const uidlsName = (id: string) => `pop3-uidls:${id}`;
export const statusName = (id: string) => `pop3-status:${id}`;

const uidlDocument = z.object({ uidls: z.string().startsWith('u1:') });

export const fetchStatus = z.object({
  /** when the run ended (ISO 8601) */
  at: z.iso.datetime(),
  outcome: z.enum(['done', 'stopped', 'failed']),
  /** new messages stored in the target folder */
  appended: z.number().int().min(0),
  onServer: z.number().int().min(0),
  /** left for the next run by POP3_MAX_PER_RUN, or by a stop */
  remaining: z.number().int().min(0),
  tooLarge: z.number().int().min(0),
  refused: z.number().int().min(0),
  error: z.object({
    kind: z.string().max(40),
    reason: z.string().max(40).optional(),
    /** the POP3 server's words after -ERR (never Postern's internals) */
    serverText: z.string().max(300).optional(),
  }).optional(),
});

export type FetchStatus = z.infer<typeof fetchStatus>;

export function readStatus(store: SettingsStore, mail: MailSession, id: string): Promise<FetchStatus | undefined> {
  return store.readDocument(mail, statusName(id), fetchStatus);
}

export function writeStatus(store: SettingsStore, mail: MailSession, id: string, status: FetchStatus): Promise<void> {
  return store.writeDocument(mail, statusName(id), fetchStatus.parse(status));
}

/** Both state documents go with their account. */
export async function removeState(store: SettingsStore, mail: MailSession, id: string): Promise<void> {
  await store.removeDocument(mail, uidlsName(id));
  await store.removeDocument(mail, statusName(id));
}

/**
 * The engine's UidlStore on the settings store. `mail` must be a connection of the run's own: the settings store
 * caches per connection, and a run must start from what is stored now, not from what this session read a minute
 * ago (another instance may have fetched in between). record() and retain() only change memory; flush() writes
 * when the set changed, and what it writes is durable once the server answered OK.
 */
export class SettingsUidlStore implements UidlStore {
  readonly #store: SettingsStore;
  readonly #mail: MailSession;
  readonly #name: string;
  readonly #logger: Logger;
  #saved = new Set<string>();
  #current = new Set<string>();

  constructor(store: SettingsStore, mail: MailSession, id: string, logger: Logger) {
    this.#store = store;
    this.#mail = mail;
    this.#name = uidlsName(id);
    this.#logger = logger;
  }

  async load(): Promise<Set<string>> {
    const doc = await this.#store.readDocument(this.#mail, this.#name, uidlDocument);
    let saved = new Set<string>();
    try {
      if (doc) saved = unpackUidls(doc.uidls);
    } catch {
      // The engine still recognises what it stored by Message-ID: damaged state costs a re-download, not a duplicate.
      this.#logger.warn({ user: this.#mail.user, document: this.#name }, 'stored UIDL set unreadable; starting afresh');
    }
    this.#saved = saved;
    this.#current = new Set(saved);
    return new Set(saved);
  }

  async record(uidl: string): Promise<void> {
    this.#current.add(uidl);
  }

  async retain(present: ReadonlySet<string>): Promise<void> {
    for (const uidl of this.#current) if (!present.has(uidl)) this.#current.delete(uidl);
  }

  async flush(): Promise<void> {
    if (sameSet(this.#saved, this.#current)) return;
    const next = new Set(this.#current);
    await this.#store.writeDocument(this.#mail, this.#name, { uidls: packUidls(next) });
    this.#saved = next;
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
