// Which messages of a "download and keep" account were fetched already, by UIDL (RFC 1939 section 7). The engine
// talks to this interface; where the set lives (the settings store on IMAP, later) is the implementer's choice.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export interface UidlStore {
  /** The UIDLs recorded so far. */
  load(): Promise<Set<string>>;
  /** One more message is in the target folder. May be buffered until flush(). */
  record(uidl: string): Promise<void>;
  /** Forget UIDLs that are no longer on the server, so the set is never larger than the mailbox. */
  retain(present: ReadonlySet<string>): Promise<void>;
  /**
   * Make every record() durable. The engine calls it before QUIT, so a DELE can take effect only for a message
   * whose UIDL is stored, and after a failed run, so finished messages are not fetched again.
   */
  flush(): Promise<void>;
}

/** A store in memory (tests, and the basis of stores that persist the packed set). */
export class MemoryUidlStore implements UidlStore {
  #saved: Set<string>;
  #pending: Set<string>;
  flushes = 0;

  constructor(initial: Iterable<string> = []) {
    this.#saved = new Set(initial);
    this.#pending = new Set(this.#saved);
  }

  async load(): Promise<Set<string>> {
    return new Set(this.#pending);
  }

  async record(uidl: string): Promise<void> {
    this.#pending.add(uidl);
  }

  async retain(present: ReadonlySet<string>): Promise<void> {
    for (const uidl of this.#pending) if (!present.has(uidl)) this.#pending.delete(uidl);
  }

  async flush(): Promise<void> {
    this.#saved = new Set(this.#pending);
    this.flushes++;
  }

  /** What a restart would find: only flushed records. */
  saved(): Set<string> {
    return new Set(this.#saved);
  }
}

/**
 * One compact string for thousands of UIDLs, for a store that keeps the set in a single value (an IMAP METADATA
 * entry). Sorted so neighbours share prefixes, then deflated: Dovecot's 16-hex-digit UIDLs of one mailbox differ
 * only in their first half, and 10,000 of them pack into about 31 KB of base64.
 */
export function packUidls(uidls: Iterable<string>): string {
  const sorted = [...new Set(uidls)].sort();
  return `u1:${deflateRawSync(Buffer.from(sorted.join('\n'), 'latin1')).toString('base64')}`;
}

export function unpackUidls(packed: string): Set<string> {
  if (!packed.startsWith('u1:')) throw new Error('not a packed UIDL set');
  const text = inflateRawSync(Buffer.from(packed.slice(3), 'base64'), { maxOutputLength: 64 * 1024 * 1024 }).toString('latin1');
  return new Set(text ? text.split('\n') : []);
}
