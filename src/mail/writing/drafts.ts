// Drafts live in the user's Drafts folder (RFC 6154 \Drafts), so every client sees them. IMAP cannot change a
// stored message: saving again APPENDs the new version and then deletes the old one, in that order, so a failure
// in between leaves two versions rather than none.
import { MailError } from '../errors/mail-errors.ts';
import type { MailSession } from '../connection/mail-session.ts';
import { appendMessageFile } from './append-file.ts';
import { readComposeSource, type ComposeSource } from './originals.ts';
import { specialFolder } from '../folders/special-folders.ts';
import { userText } from '../errors/user-text.ts';

export async function draftsFolder(session: MailSession): Promise<string> {
  const drafts = await specialFolder(session, 'drafts');
  if (!drafts) throw new MailError('not-found', userText('mail:noDrafts', 'This account has no Drafts folder to keep the message in.'));
  return drafts;
}

/**
 * APPENDs the message in `file` to Drafts with \Draft (and \Seen: the user wrote it), then removes the version it
 * replaces. Returns the new UID: from APPENDUID (RFC 4315), or on servers without UIDPLUS by searching for the
 * Message-ID, which is new for every save.
 */
export async function saveDraft(session: MailSession, file: string, messageId: string, replaces?: number): Promise<number> {
  const drafts = await draftsFolder(session);
  let { uid } = await appendMessageFile(session, drafts, file, { flags: ['\\Draft', '\\Seen'] });
  if (!uid) {
    const found = await session.withMailbox(drafts, (client) => client.search({ header: { 'message-id': messageId } }, { uid: true }));
    uid = found ? found.at(-1) : undefined;
  }
  if (!uid) throw new MailError('unavailable', userText('mail:draftWhere', 'The draft was saved, but the server did not say where; open the Drafts folder to find it.'));
  if (replaces !== undefined && replaces !== uid) {
    // The new version is stored: failing to remove the old one leaves a duplicate in Drafts, not a lost save.
    await deleteDraft(session, replaces).catch((err: unknown) => {
      if (!(err instanceof MailError)) throw err;
    });
  }
  return uid;
}

/**
 * Removes one draft: STORE \Deleted, then UID EXPUNGE of that UID alone. Without UIDPLUS imapflow falls back to a
 * plain EXPUNGE, which also removes other messages already marked \Deleted in Drafts (Courier-era behaviour).
 */
export async function deleteDraft(session: MailSession, uid: number): Promise<void> {
  const drafts = await draftsFolder(session);
  await session.withMailbox(drafts, async (client) => {
    // A reused selection may not have been told about a draft saved through another connection yet, and a UID
    // STORE of an unannounced UID does nothing: NOOP first lets the server announce it.
    await client.noop();
    // imapflow answers a refused STORE/EXPUNGE with false rather than an error.
    if (!(await client.messageDelete(String(uid), { uid: true }))) throw new MailError('rejected', userText('mail:oldDraft', 'The server did not remove the old draft.'));
  }, { retry: false });
}

/** A draft's fields, text and attachments, for the compose form. */
export async function loadDraft(session: MailSession, uid: number, opts: { text?: boolean; html?: boolean } = {}): Promise<ComposeSource> {
  return readComposeSource(session, await draftsFolder(session), uid, opts);
}
