// Documents as messages in a hidden folder, for servers without METADATA (Courier, or METADATA switched off).
//
// IMAP cannot change a stored message, so a write APPENDs the new version and then removes the older ones, in
// that order: a failure in between leaves two versions, never none. The server gives UIDs in APPEND order, so the
// highest UID is the last write, whichever instance made it. Nothing ever removes a version with a higher UID
// than the one it keeps: two instances writing at once each remove only what is older than their own, and the
// later one survives. A read that finds several versions keeps the newest and removes the rest (read-repair).
import { expungeExactly } from '../mail/organizing/expunge.ts';
import { settingsFolderPath } from '../mail/private-storage/hidden-folders.ts';
import { asMailError, MailError } from '../mail/errors/mail-errors.ts';
import type { ImapClient, MailSession } from '../mail/connection/mail-session.ts';
import { toUidSets } from '../mail/finding/uid-set.ts';
import type { Backend, Stored } from './backend.ts';
import { DOCUMENT_HEADER, documentMessage, documentNameIn, newMessageId, readDocumentMessage } from './document-message.ts';
import { MAX_DOCUMENT_BYTES, parseJson } from './document-text.ts';

/** The largest message a read fetches: base64 (4/3, CRLF every 76) of the largest document, and its header. */
const MESSAGE_LIMIT = Math.ceil(MAX_DOCUMENT_BYTES * 4 / 3 * 78 / 76) + 8192;

const folderPath = (client: ImapClient) => settingsFolderPath(client.namespace?.prefix ?? '');

/** UIDVALIDITY, UIDNEXT and MESSAGES change with every APPEND and EXPUNGE: equal values, nothing was written. */
async function folderStamp(client: ImapClient, path: string): Promise<string> {
  // Dovecot answers STATUS of the selected mailbox from this connection's view, which learns of other
  // connections' APPENDs only when synced: a NOOP first (seen here: a stale UIDNEXT otherwise).
  if (client.mailbox && client.mailbox.path === path) await client.noop();
  try {
    const s = await client.status(path, { messages: true, uidNext: true, uidValidity: true });
    return s ? `${String(s.uidValidity)}:${s.uidNext}:${s.messages}` : 'unknown';
  } catch (err) {
    if (asMailError(err)?.kind === 'not-found') return 'none';
    throw err;
  }
}

interface Version {
  uid: number;
  size: number;
}

/** The versions of `name` in the selected folder, oldest first. SEARCH HEADER matches substrings: compare exactly. */
async function versionsOf(client: ImapClient, name: string): Promise<Version[]> {
  const found = await client.search({ header: { [DOCUMENT_HEADER]: name } }, { uid: true });
  const versions: Version[] = [];
  for (const set of toUidSets(found || [])) {
    for await (const msg of client.fetch(set, { uid: true, size: true, headers: [DOCUMENT_HEADER] }, { uid: true })) {
      if (msg.headers && documentNameIn(msg.headers) === name) versions.push({ uid: msg.uid, size: msg.size ?? 0 });
    }
  }
  return versions.sort((a, b) => a.uid - b.uid);
}

async function removeOlder(client: ImapClient, versions: Version[], keep: number): Promise<void> {
  const older = versions.filter((v) => v.uid < keep).map((v) => v.uid);
  await expungeExactly(client, older, { uidplus: true });
}

export class FolderBackend implements Backend {
  readonly kind = 'folder';

  stamp(session: MailSession): Promise<string> {
    return session.withClient((client) => folderStamp(client, folderPath(client)));
  }

  async read(session: MailSession, name: string): Promise<Stored> {
    const { path, stamp } = await session.withClient(async (client) => {
      const path = folderPath(client);
      return { path, stamp: await folderStamp(client, path) };
    });
    // STATUS does not touch the selected mailbox; only an account that has the folder pays for selecting it.
    if (stamp === 'none') return { stamp };
    // fresh: a selection kept from an earlier read has not been told what another instance appended since
    // (RFC 3501 section 7), and its SEARCH would not find it.
    const read = session.withMailbox(path, async (client) => {
      const versions = await versionsOf(client, name);
      const problems: string[] = [];
      for (const v of [...versions].reverse()) {
        if (v.size > MESSAGE_LIMIT) {
          problems.push(`message ${v.uid} is larger than any document`);
          continue;
        }
        const msg = await client.fetchOne(String(v.uid), { uid: true, source: true }, { uid: true });
        if (!msg || !msg.source) continue;
        const doc = readDocumentMessage(msg.source, name);
        // Only a version whose JSON parses counts: damaged or foreign newer mail never hides a good older one.
        if (!doc.ok || !parseJson(doc.text).ok) {
          problems.push(`message ${v.uid}: ${doc.ok ? 'not JSON' : doc.problem}`);
          continue;
        }
        await removeOlder(client, versions, v.uid);
        return { text: doc.text, stamp, ...(problems.length ? { problem: problems.join('; ') } : {}) };
      }
      return { stamp, ...(problems.length ? { problem: problems.join('; ') } : {}) };
    }, { fresh: true });
    // Deleted by another client since the STATUS: nothing is stored.
    return read.catch((err: unknown) => {
      if (err instanceof MailError && err.kind === 'not-found') return { stamp: 'none' };
      throw err;
    });
  }

  async write(session: MailSession, name: string, json: string): Promise<Stored> {
    const path = await session.withClient((client) => this.#ensureFolder(client));
    const messageId = newMessageId();
    // APPEND is not idempotent: a retry after a lost answer could store the version twice.
    const appended = await session.withClient((client) => client.append(path, documentMessage(name, json, messageId), ['\\Seen']), { retry: false });
    await session.withMailbox(path, async (client) => {
      // A reused selection may not have been told about the new message yet: NOOP lets the server announce it.
      await client.noop();
      let uid = appended ? appended.uid : undefined;
      if (!uid) {
        // No APPENDUID without UIDPLUS (RFC 4315): the Message-ID is new for every write.
        const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
        uid = found ? found.at(-1) : undefined;
      }
      // The new version is stored either way; without its UID the older ones wait for the next read to go.
      if (uid) await removeOlder(client, await versionsOf(client, name), uid);
    });
    // No stamp: a concurrent writer may have appended after us, and only a read can tell which version is last.
    return { text: json };
  }

  async remove(session: MailSession, name: string): Promise<void> {
    const { path, stamp } = await session.withClient(async (client) => {
      const path = folderPath(client);
      return { path, stamp: await folderStamp(client, path) };
    });
    if (stamp === 'none') return;
    await session.withMailbox(path, async (client) => {
      await expungeExactly(client, (await versionsOf(client, name)).map((v) => v.uid), { uidplus: true });
    }, { fresh: true });
  }

  async #ensureFolder(client: ImapClient): Promise<string> {
    const path = folderPath(client);
    if ((await folderStamp(client, path)) !== 'none') return path;
    let made;
    try {
      made = await client.mailboxCreate(path);
    } catch (err) {
      // Another instance created it a moment ago, on a server that says so without [ALREADYEXISTS].
      if ((await folderStamp(client, path)) === 'none') throw err;
      return path;
    }
    // imapflow subscribes what it creates; clients that show only subscribed folders should not show this one.
    if (made.created !== false) await client.mailboxUnsubscribe(path);
    return path;
  }
}
