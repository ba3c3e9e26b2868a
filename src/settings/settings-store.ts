// Per-user documents kept on the user's own IMAP server, so they follow the user to any Postern instance and any
// machine (DESIGN.md, "Settings stored on IMAP"). Private METADATA entries (RFC 5464) where the server has them, a
// hidden folder with one message per document otherwise; the choice is made per session from CAPABILITY, or
// forced by SETTINGS_STORE. Each live MailSession keeps what it read (read-through, replaced on write) and asks the
// server again after maxAgeMs, so a change made elsewhere shows within that time.
import type { Logger } from 'pino';
import type { z } from 'zod';
import { MailError } from '../mail/errors/mail-errors.ts';
import type { MailSession } from '../mail/connection/mail-session.ts';
import { hasMetadata, keepsPrivateEntries } from '../mail/private-storage/metadata.ts';
import type { Backend, Stored } from './backend.ts';
import { checkDocumentName, documentJson, parseJson } from './document-text.ts';
import { deepFreeze, type DocumentType } from './document-type.ts';
import { FolderBackend } from './folder-backend.ts';
import { MetadataBackend } from './metadata-backend.ts';
import { userText } from '../mail/errors/user-text.ts';

export type SettingsStoreMode = 'auto' | 'metadata' | 'folder';

export interface SettingsStoreOptions {
  mode: SettingsStoreMode;
  logger: Logger;
  /** how long a session trusts what it read before asking the server whether it changed (default 60 s) */
  maxAgeMs?: number;
  /** the largest METADATA value written as one entry (default: no limit until the server names its MAXSIZE) */
  maxEntryBytes?: number;
}

interface Cached {
  at: number;
  loaded: Promise<{ value: unknown; stamp: string | undefined }>;
  /** validated values per schema, so a large document is not checked again on every page */
  valid: WeakMap<object, unknown>;
}

interface SessionState {
  backend?: Promise<Backend>;
  docs: Map<string, Cached>;
}

export class SettingsStore {
  readonly #options: Required<Omit<SettingsStoreOptions, 'maxEntryBytes'>>;
  readonly #states = new WeakMap<MailSession, SessionState>();
  readonly #metadata: MetadataBackend;
  readonly #folder = new FolderBackend();

  constructor(options: SettingsStoreOptions) {
    this.#options = { mode: options.mode, logger: options.logger, maxAgeMs: options.maxAgeMs ?? 60_000 };
    this.#metadata = new MetadataBackend({ maxEntryBytes: options.maxEntryBytes ?? Number.POSITIVE_INFINITY });
  }

  /**
   * The stored value if it fits `schema`; undefined when nothing is stored or what is stored does not fit (logged).
   * The value is shared by every request of the session until it changes, so it comes frozen.
   */
  async readDocument<T>(session: MailSession, name: string, schema: z.ZodType<T>): Promise<T | undefined> {
    checkDocumentName(name);
    const cached = await this.#current(session, name);
    const { value } = await cached.loaded;
    if (value === undefined) return undefined;
    if (cached.valid.has(schema)) return cached.valid.get(schema) as T | undefined;
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.#ignored(session, name, `does not fit its schema at ${issue?.path.join('.') || 'the top'} (${issue?.code ?? 'invalid'})`);
    }
    const result = parsed.success ? deepFreeze(parsed.data) : undefined;
    cached.valid.set(schema, result);
    return result;
  }

  /** Stores `value` as JSON; refused with MailError 'too-large' past MAX_DOCUMENT_BYTES, before any IMAP command. */
  async writeDocument(session: MailSession, name: string, value: unknown): Promise<void> {
    checkDocumentName(name);
    const json = documentJson(name, value);
    const state = this.#state(session);
    const backend = await this.#backendOf(session);
    let stored: Stored;
    try {
      stored = await backend.write(session, name, json);
    } catch (err) {
      // Whether the server kept it is unknown now: the next read asks.
      state.docs.delete(name);
      throw err;
    }
    state.docs.set(name, { at: Date.now(), loaded: Promise.resolve({ value: JSON.parse(json) as unknown, stamp: stored.stamp }), valid: new WeakMap() });
  }

  async read<T>(session: MailSession, doc: DocumentType<T>): Promise<T> {
    return (await this.readDocument(session, doc.name, doc.schema)) ?? doc.empty();
  }

  /** Checked against the document's schema first: a bug must not store what no reader accepts. */
  write<T>(session: MailSession, doc: DocumentType<T>, value: T): Promise<void> {
    return this.writeDocument(session, doc.name, doc.schema.parse(value));
  }

  /** Which backend serves this session: 'metadata' or 'folder'. */
  async backendKind(session: MailSession): Promise<Backend['kind']> {
    return (await this.#backendOf(session)).kind;
  }

  #state(session: MailSession): SessionState {
    let state = this.#states.get(session);
    if (!state) this.#states.set(session, (state = { docs: new Map() }));
    return state;
  }

  async #current(session: MailSession, name: string): Promise<Cached> {
    const state = this.#state(session);
    const backend = await this.#backendOf(session);
    const kept = state.docs.get(name);
    if (kept && Date.now() - kept.at < this.#options.maxAgeMs) return kept;
    if (kept && backend.stamp) {
      const { stamp } = await kept.loaded;
      if (stamp !== undefined && stamp === (await backend.stamp(session))) {
        kept.at = Date.now();
        return kept;
      }
    }
    const entry: Cached = { at: Date.now(), loaded: this.#load(session, backend, name), valid: new WeakMap() };
    state.docs.set(name, entry);
    entry.loaded.catch(() => {
      if (state.docs.get(name) === entry) state.docs.delete(name);
    });
    return entry;
  }

  async #load(session: MailSession, backend: Backend, name: string): Promise<{ value: unknown; stamp: string | undefined }> {
    const stored = await backend.read(session, name);
    if (stored.problem) this.#ignored(session, name, stored.problem);
    if (stored.text === undefined) return { value: undefined, stamp: stored.stamp };
    const parsed = parseJson(stored.text);
    if (!parsed.ok) this.#ignored(session, name, parsed.problem);
    return { value: parsed.ok ? parsed.value : undefined, stamp: stored.stamp };
  }

  #backendOf(session: MailSession): Promise<Backend> {
    const state = this.#state(session);
    if (!state.backend) {
      const choice = this.#choose(session);
      state.backend = choice;
      choice.catch(() => {
        if (state.backend === choice) delete state.backend;
      });
    }
    return state.backend;
  }

  async #choose(session: MailSession): Promise<Backend> {
    const { mode } = this.#options;
    if (mode === 'folder') return this.#folder;
    // auto: METADATA only where the server takes our entries (Cyrus by default refuses entries it does not define).
    const usable = await session.withClient(async (client) => hasMetadata(client) && (mode !== 'auto' || await keepsPrivateEntries(client)));
    if (usable) return this.#metadata;
    if (mode === 'auto') return this.#folder;
    this.#options.logger.error({ user: session.user }, 'SETTINGS_STORE=metadata, but the IMAP server does not offer METADATA (RFC 5464); use auto or folder');
    throw new MailError('unavailable', userText('mail:settings.unavailable', 'Settings cannot be kept on this mail server right now.'));
  }

  #ignored(session: MailSession, name: string, problem: string): void {
    // Never the content: a document may hold sealed secrets or addresses.
    this.#options.logger.warn({ user: session.user, document: name, problem }, 'stored settings document ignored');
  }
}
