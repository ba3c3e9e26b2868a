// Documents in private server METADATA entries (RFC 5464): private entries are the user's own, invisible to
// other users, and follow the account to any client and any Postern instance. A read is one GETMETADATA (two for
// a chunked document), a write one SETMETADATA; the server orders concurrent writers, and the last one wins.
import { getMetadata, MetadataRefused, setMetadata } from '../mail/private-storage/metadata.ts';
import type { MailSession } from '../mail/connection/mail-session.ts';
import type { Backend, Stored } from './backend.ts';
import { chunkNames, chunkReadLimit, encodeEntries, entryName, joinChunks, MAX_CHUNKS, READ_LIMIT, readHead } from './metadata-entries.ts';

export interface MetadataBackendOptions {
  /** the largest value to write in one entry before splitting; a server's MAXSIZE answer lowers it */
  maxEntryBytes: number;
}

export class MetadataBackend implements Backend {
  readonly kind = 'metadata';
  // One server for every session of this process: what it said about MAXSIZE holds for all of them.
  #entryLimit: number;

  constructor(options: MetadataBackendOptions) {
    this.#entryLimit = options.maxEntryBytes;
  }

  read(session: MailSession, name: string): Promise<Stored> {
    return session.withClient(async (client) => {
      let head = await getMetadata(client, [entryName(name)], READ_LIMIT);
      if (head.tooLong) return { problem: 'the entry is larger than any document Postern writes' };
      for (let attempt = 0; ; attempt++) {
        const found = readHead(head.values.get(entryName(name)));
        if (found.kind === 'absent') return {};
        if (found.kind === 'text') return { text: found.text };
        if (found.kind === 'bad') return { problem: found.problem };
        const chunks = await getMetadata(client, chunkNames(name, found.count), chunkReadLimit(found.count));
        const joined = joinChunks(name, found.count, chunks.values);
        if (joined.ok) return { text: joined.text };
        // Another instance may have rewritten the document between the two reads: once more, from the head.
        if (attempt === 1) return { problem: joined.problem };
        head = await getMetadata(client, [entryName(name)], READ_LIMIT);
      }
    });
  }

  write(session: MailSession, name: string, json: string): Promise<Stored> {
    return session.withClient(async (client) => {
      try {
        await setMetadata(client, encodeEntries(name, json, this.#entryLimit));
      } catch (err) {
        // RFC 5464 section 4.3: the server names its limit; split to fit it and try once more.
        if (!(err instanceof MetadataRefused) || err.reason !== 'maxsize' || !err.maxSize || err.maxSize >= this.#entryLimit) throw err;
        this.#entryLimit = err.maxSize;
        await setMetadata(client, encodeEntries(name, json, this.#entryLimit));
      }
      return { text: json };
    });
  }

  /** One SETMETADATA with NIL for the head and every chunk name: the server removes them together. */
  remove(session: MailSession, name: string): Promise<void> {
    const entries = new Map<string, string | null>([[entryName(name), null], ...chunkNames(name, MAX_CHUNKS).map((c) => [c, null] as const)]);
    return session.withClient((client) => setMetadata(client, entries));
  }
}
