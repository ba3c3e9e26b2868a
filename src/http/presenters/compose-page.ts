// View model of the compose form (GET /compose, reply, reply-all, forward, and POST /compose shown again), and
// the starting states it is filled from: blank, a draft, or a message being answered or forwarded.
import { loginAddress, addressForLogin } from '../../compose/identity.ts';
import { prepareForward, prepareReply, sourceText, type ReplyMode } from '../../compose/reply.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { ComposeSource } from '../../mail/writing/originals.ts';
import type { AttachmentInfo } from '../../mime/body-structure.ts';
import { formatAddressList } from '../../mime/addresses.ts';
import { MAX_FILES, type ComposeContext, type ComposeValues } from '../compose-form.ts';
import { partUrl } from '../urls.ts';
import { folderLinks } from './folders.ts';
import type { Formats } from './formats.ts';

/** Attachments of a stored message (draft or forwarded original) that the new one can carry over. */
export interface CarriedList {
  mailbox: string;
  uid: number;
  attachments: AttachmentInfo[];
}

export interface ComposeState {
  heading: string;
  values: ComposeValues;
  context: ComposeContext;
  carried: CarriedList | undefined;
  /** the checked part numbers; all of them when undefined */
  keep?: string[] | undefined;
  errors?: Record<string, string>;
  error?: string | undefined;
  /** a line of information above the form (not an error) */
  notice?: string | undefined;
  /** Send was pressed with an empty subject: ask, and carry confirmNoSubject=1 from now on */
  askNoSubject?: boolean | undefined;
}

export interface Remembered {
  name: string;
  address: string;
}

/** The page heading for what is being written; a form shown again keeps the heading it had. */
export function headingFor(context: ComposeContext): string {
  if (context.draft !== undefined) return 'Edit draft';
  const mode = context.original?.mode;
  return mode === 'forward' ? 'Forward' : mode === 'reply' ? 'Reply' : mode === 'reply-all' ? 'Reply to all' : 'New message';
}

const emptyValues = (from: Remembered): ComposeValues => ({
  to: '', cc: '', bcc: '', subject: '', body: '', fromName: from.name, fromAddress: from.address,
});

export function blankState(to: string, from: Remembered): ComposeState {
  return { heading: 'New message', values: { ...emptyValues(from), to }, context: { draft: undefined, original: undefined }, carried: undefined };
}

export function draftState(draft: ComposeSource, original: ComposeContext['original']): ComposeState {
  const sender = draft.from[0];
  return {
    heading: 'Edit draft',
    values: {
      to: formatAddressList(draft.to), cc: formatAddressList(draft.cc), bcc: formatAddressList(draft.bcc),
      subject: draft.subject, body: sourceText(draft), fromName: sender?.name ?? '', fromAddress: sender?.address ?? '',
    },
    context: { draft: draft.uid, original },
    carried: { mailbox: draft.mailbox, uid: draft.uid, attachments: draft.attachments },
  };
}

export function answerState(source: ComposeSource, mode: ReplyMode, login: string, from: Remembered): ComposeState {
  const fromAddress = loginAddress(login) ?? (from.address || addressForLogin(login, [...source.to, ...source.cc]) || '');
  const fields = mode === 'forward' ? prepareForward(source) : prepareReply(source, mode, { login, fromAddress: fromAddress || undefined });
  return {
    heading: headingFor({ draft: undefined, original: { mailbox: source.mailbox, uid: source.uid, mode } }),
    values: {
      to: formatAddressList(fields.to), cc: formatAddressList(fields.cc), bcc: '', subject: fields.subject,
      body: fields.body, fromName: from.name, fromAddress,
    },
    context: { draft: undefined, original: { mailbox: source.mailbox, uid: source.uid, mode } },
    carried: mode === 'forward' ? { mailbox: source.mailbox, uid: source.uid, attachments: source.attachments } : undefined,
  };
}

export function composePage(folders: MailboxSummary[], state: ComposeState, opts: { login: string; maxUploadBytes: number; fmt: Formats }) {
  const { context, values } = state;
  const hidden: { name: string; value: string }[] = [];
  if (context.draft !== undefined) hidden.push({ name: 'draft', value: String(context.draft) });
  if (context.original) {
    hidden.push({ name: 'origMailbox', value: context.original.mailbox }, { name: 'origUid', value: String(context.original.uid) },
      { name: 'mode', value: context.original.mode });
    if (context.original.list) hidden.push({ name: 'list', value: context.original.list });
  }
  const carried = state.carried;
  return {
    title: values.subject.trim() ? `${state.heading}: ${values.subject.trim()}` : state.heading,
    heading: state.heading,
    folders: folderLinks(folders, undefined),
    values,
    errors: state.errors ?? {},
    error: state.error,
    notice: state.notice,
    askNoSubject: state.askNoSubject === true,
    hidden,
    /** the From address when the login gives it; otherwise the form has an input for it */
    fixedFrom: loginAddress(opts.login),
    carried: (carried?.attachments ?? []).map((a) => ({
      part: a.part,
      name: a.filename,
      meta: `${a.type}, ${opts.fmt.size(a.size)}`,
      href: partUrl(carried!.mailbox, carried!.uid, a.part),
      kept: state.keep ? state.keep.includes(a.part) : true,
    })),
    // MAX_UPLOAD_MB counts binary megabytes: say the number the admin configured.
    maxUpload: `${Math.round(opts.maxUploadBytes / (1024 * 1024))} MB`,
    /** for public/app.js, which names the files past the limits before anything is sent */
    uploadLimits: { bytes: opts.maxUploadBytes, files: MAX_FILES },
  };
}

export type ComposePage = ReturnType<typeof composePage>;
