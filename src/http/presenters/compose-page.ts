// View model of the compose form (GET /compose, reply, reply-all, forward, and POST /compose shown again), and
// the starting states it is filled from: blank, a draft, or a message being answered or forwarded.
import { loginAddress, addressForLogin } from '../../compose/identity.ts';
import { prepareForward, prepareReply, sourceText, type QuoteWords, type ReplyMode } from '../../compose/reply.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { ComposeSource } from '../../mail/writing/originals.ts';
import { MAX_SUGGESTIONS } from '../../contacts/matching.ts';
import type { AttachmentInfo } from '../../mime/body-structure.ts';
import { formatAddressList } from '../../mime/addresses.ts';
import { MAX_FILES, type ComposeContext, type ComposeValues } from '../compose-form.ts';
import { msg } from '../i18n/translator.ts';
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
  /** catalog key of the heading (headingFor) */
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

/** The page heading (a catalog key) for what is being written; a form shown again keeps the heading it had. */
export function headingFor(context: ComposeContext): string {
  if (context.draft !== undefined) return msg('compose:headings.draft');
  const mode = context.original?.mode;
  return mode === 'forward' ? msg('compose:headings.forward') : mode === 'reply' ? msg('compose:headings.reply')
    : mode === 'reply-all' ? msg('compose:headings.replyAll') : msg('compose:headings.new');
}

/** How a reply's quote and a forward's header block are written: in the reader's language, dates in their zone. */
export function quoteWords({ t, dates }: Formats): QuoteWords {
  return {
    wrote: (date, author) => t('compose:quote.wrote', {
      known: dates.full(date) ? 'yes' : 'no', date: dates.full(date), author: author ?? t('compose:quote.someone'),
    }),
    forwarded: {
      title: t('compose:quote.forwarded'), from: t('message:headers.from'), date: t('message:headers.date'),
      subject: t('message:headers.subject'), to: t('message:headers.to'), cc: t('message:headers.cc'),
    },
    date: (date) => dates.full(date) || t('compose:quote.unknownDate'),
  };
}

const emptyValues = (from: Remembered): ComposeValues => ({
  to: '', cc: '', bcc: '', subject: '', body: '', fromName: from.name, fromAddress: from.address,
});

export function blankState(to: string, from: Remembered): ComposeState {
  return { heading: msg('compose:headings.new'), values: { ...emptyValues(from), to }, context: { draft: undefined, original: undefined }, carried: undefined };
}

export function draftState(draft: ComposeSource, original: ComposeContext['original']): ComposeState {
  const sender = draft.from[0];
  return {
    heading: msg('compose:headings.draft'),
    values: {
      to: formatAddressList(draft.to), cc: formatAddressList(draft.cc), bcc: formatAddressList(draft.bcc),
      subject: draft.subject, body: sourceText(draft), fromName: sender?.name ?? '', fromAddress: sender?.address ?? '',
    },
    context: { draft: draft.uid, original },
    carried: { mailbox: draft.mailbox, uid: draft.uid, attachments: draft.attachments },
  };
}

export function answerState(source: ComposeSource, mode: ReplyMode, login: string, from: Remembered, fmt: Formats): ComposeState {
  const fromAddress = loginAddress(login) ?? (from.address || addressForLogin(login, [...source.to, ...source.cc]) || '');
  const words = quoteWords(fmt);
  const fields = mode === 'forward' ? prepareForward(source, words) : prepareReply(source, mode, { login, fromAddress: fromAddress || undefined }, words);
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
  const { t } = opts.fmt;
  const heading = t(state.heading);
  return {
    title: values.subject.trim() ? t('compose:title', { heading, subject: values.subject.trim() }) : heading,
    heading,
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
      meta: t('compose:attachmentMeta', { type: a.type, size: opts.fmt.size(a.size) }),
      href: partUrl(carried!.mailbox, carried!.uid, a.part),
      kept: state.keep ? state.keep.includes(a.part) : true,
    })),
    /** what public/recipients.js announces for 1, 2, ... suggestions: ICU plurals cannot run in the script */
    suggestionCounts: Array.from({ length: MAX_SUGGESTIONS }, (_, i) => t('compose:suggestions.count', { count: i + 1 })),
    // MAX_UPLOAD_MB counts binary megabytes: say the number the admin configured.
    maxUpload: t('compose:maxUpload', { mb: Math.round(opts.maxUploadBytes / (1024 * 1024)) }),
    /** for public/app.js, which names the files past the limits before anything is sent; "{names}" is its to fill */
    uploadLimits: {
      bytes: opts.maxUploadBytes, files: MAX_FILES,
      text: t('compose:tooLargeToAttach', { names: '{names}', mb: Math.round(opts.maxUploadBytes / (1024 * 1024)), files: MAX_FILES }),
    },
  };
}

export type ComposePage = ReturnType<typeof composePage>;
