// What "Send" and "Save draft" do, in order. Threading headers and carried-over attachments are recomputed from
// the stored original or draft, never taken from the form. Send: SMTP first; when it fails, nothing is lost: the
// message goes to Drafts and the caller shows the form again. After SMTP took it, the rest (Sent copy, flags on
// the original, removing the sent draft) can only add warnings: the message has gone and must not go twice.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { streamCarriedParts } from '../mail/writing/carried-parts.ts';
import { deleteDraft, draftsFolder, loadDraft, saveDraft } from '../mail/writing/drafts.ts';
import { asMailError, type MailError, type RecipientRefusal } from '../mail/errors/mail-errors.ts';
import type { MailSession } from '../mail/connection/mail-session.ts';
import { markAnswered, markForwarded, readComposeSource } from '../mail/writing/originals.ts';
import { appendToSent } from '../mail/writing/sent.ts';
import { formatOriginalRef, ORIGINAL_HEADER, uidValidityOf } from '../mail/writing/original-ref.ts';
import { buildMessage, type OutgoingAttachment, type OutgoingMessage } from './build-message.ts';
import { threadingFor, type ReplyMode, type Threading } from './reply.ts';
import type { Sender } from './smtp-sender.ts';
import { userText, type UserText } from '../mail/errors/user-text.ts';

export interface Submission {
  action: 'send' | 'save';
  message: Omit<OutgoingMessage, 'attachments' | 'inReplyTo' | 'references'>;
  /** new uploads, already in temp files */
  uploads: OutgoingAttachment[];
  /** part numbers of the draft's (else the forwarded original's) attachments the user left checked */
  keep: string[];
  draftUid: number | undefined;
  original: { mailbox: string; uid: number; mode: ReplyMode } | undefined;
  /** a private temp directory the caller removes afterwards; carried-over parts are written there */
  workDir: string;
}

export type SubmitOutcome =
  | { kind: 'saved'; draftUid: number }
  | { kind: 'sent'; rejected: RecipientRefusal[]; warnings: UserText[]; messageId: string }
  | { kind: 'not-sent'; error: MailError; draftUid: number | undefined };

/** A new file name in the request's private directory (the caller removes the directory, whatever happens). */
const fileIn = (dir: string, what: string) => path.join(dir, `${what}-${randomUUID()}`);

async function threading(session: MailSession, sub: Submission): Promise<Threading> {
  if (sub.original && sub.original.mode !== 'forward') {
    return threadingFor(await readComposeSource(session, sub.original.mailbox, sub.original.uid, { text: false }));
  }
  if (sub.draftUid !== undefined) {
    const draft = await loadDraft(session, sub.draftUid, { text: false });
    return { inReplyTo: draft.inReplyTo, references: draft.references };
  }
  return { inReplyTo: undefined, references: [] };
}

// A draft already holds every attachment the user kept (a forward's too, once saved), so it wins over the original.
async function carried(session: MailSession, sub: Submission): Promise<OutgoingAttachment[]> {
  const keep = [...new Set(sub.keep)];
  const source = sub.draftUid !== undefined
    ? { mailbox: await draftsFolder(session), uid: sub.draftUid }
    : sub.original?.mode === 'forward' ? sub.original : undefined;
  if (!source || keep.length === 0) return [];
  const out: OutgoingAttachment[] = [];
  await streamCarriedParts(session, source.mailbox, source.uid, keep, async (info, content) => {
    const file = fileIn(sub.workDir, 'carried');
    await pipeline(content, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    out.push({ filename: info.filename, contentType: info.contentType, file });
  });
  return out;
}

// The draft notes which message it answers (original-ref.ts), so that sending it later still marks that one.
async function storeDraft(session: MailSession, message: OutgoingMessage, sub: Submission, replaces: number | undefined): Promise<number> {
  const original = sub.original;
  // The folder of the original may be gone: the draft is still saved, it just cannot mark it later.
  const uidValidity = original && await uidValidityOf(session, original.mailbox).catch((err: unknown) => {
    if (!asMailError(err)) throw err;
    return undefined;
  });
  const draftHeaders = original && uidValidity ? { [ORIGINAL_HEADER]: formatOriginalRef({ ...original, uidValidity }) } : undefined;
  const built = await buildMessage(message, { keepBcc: true, ...(draftHeaders ? { draftHeaders } : {}) }, fileIn(sub.workDir, 'draft'));
  return saveDraft(session, built.file, built.messageId, replaces);
}

/** Runs `step`; a mail server failure becomes a warning, anything else (a bug) still throws. */
async function attempt(warnings: UserText[], warning: UserText, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (!asMailError(err)) throw err;
    warnings.push(warning);
  }
}

export async function submitMessage(session: MailSession, sender: Sender, sub: Submission): Promise<SubmitOutcome> {
  const message: OutgoingMessage = {
    ...sub.message,
    ...(await threading(session, sub)),
    attachments: [...(await carried(session, sub)), ...sub.uploads],
  };
  if (sub.action === 'save') return { kind: 'saved', draftUid: await storeDraft(session, message, sub, sub.draftUid) };

  const built = await buildMessage(message, { keepBcc: false }, fileIn(sub.workDir, 'message'));
  let rejected: RecipientRefusal[];
  try {
    ({ rejected } = await sender.send(built.file, built.envelope, session.smtpCredentials()));
  } catch (err) {
    const error = asMailError(err);
    if (!error) throw err;
    let draftUid: number | undefined;
    try {
      draftUid = await storeDraft(session, message, sub, sub.draftUid);
    } catch (saveErr) {
      if (!asMailError(saveErr)) throw saveErr;
    }
    return { kind: 'not-sent', error, draftUid };
  }

  const warnings: UserText[] = [];
  await attempt(warnings, userText('compose:warnings.sentCopy', 'No copy could be saved in the Sent folder.'), async () => {
    if (!(await appendToSent(session, built.file))) warnings.push(userText('compose:warnings.noSent', 'This account has no Sent folder, so no copy was kept.'));
  });
  const original = sub.original;
  if (original) {
    const mark = original.mode === 'forward' ? 'forwarded' : 'answered';
    await attempt(warnings, userText('compose:warnings.notMarked', `The original message could not be marked as ${mark}.`, { mark }), () =>
      (original.mode === 'forward' ? markForwarded : markAnswered)(session, original.mailbox, original.uid));
  }
  const draftUid = sub.draftUid;
  if (draftUid !== undefined) {
    await attempt(warnings, userText('compose:warnings.draftKept', 'The draft could not be removed from Drafts.'), () => deleteDraft(session, draftUid));
  }
  return { kind: 'sent', rejected, warnings, messageId: built.messageId };
}
