// View model of the compose form (GET /compose, reply, reply-all, forward, and POST /compose shown again), and
// the starting states it is filled from: blank, a draft, or a message being answered or forwarded.
import { addressForLogin, defaultIdentity, identityForReply, type Identity } from '../../compose/identity.ts';
import { prepareForward, prepareReply, sourceText, type QuoteWords, type ReplyMode } from '../../compose/reply.ts';
import { forwardHtml, replyHtml, sanitizedQuote, signatureHtml, textWithSignatureHtml } from '../../compose/quote-html.ts';
import { signatureBlock, withSignature } from '../../compose/signature.ts';
import { sameAddress } from '../../compose/addresses.ts';
import type { MailboxSummary } from '../../mail/folders/mailboxes.ts';
import type { ComposeSource } from '../../mail/writing/originals.ts';
import { MAX_SUGGESTIONS } from '../../contacts/matching.ts';
import type { AttachmentInfo } from '../../mime/body-structure.ts';
import { formatAddressList } from '../../mime/addresses.ts';
import { MAX_FILES, type ComposeContext, type ComposeValues, type Senders } from '../writing/compose-form.ts';
import { msg } from '../i18n/translator.ts';
import { partUrl } from '../pages/urls.ts';
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

const emptyValues = (identity: Identity | undefined): ComposeValues => ({
  to: '', cc: '', bcc: '', subject: '', body: '', fromName: '', fromAddress: '', identity: identity?.id ?? '', signedAs: identity?.id ?? '', bodyHtml: '',
});

/** A new message from the default identity, its signature in place (in rich text, as its HTML). */
export function blankState(to: string, senders: Senders, richText = false): ComposeState {
  const identity = defaultIdentity(senders.identities, senders.defaultId);
  return {
    heading: msg('compose:headings.new'),
    values: {
      ...emptyValues(identity), to, body: withSignature('', identity?.signature),
      bodyHtml: richText ? textWithSignatureHtml('', identity?.signature) : '',
    },
    context: { draft: undefined, original: undefined }, carried: undefined,
  };
}

/**
 * A stored draft: from the identity with its From address (else the default), its text as it was saved; in rich
 * text its HTML part too (sanitized again: the Drafts folder is only as trusted as whoever can APPEND to it).
 */
export function draftState(draft: ComposeSource, original: ComposeContext['original'], senders: Senders, richText = false): ComposeState {
  const sender = draft.from[0];
  const identity = senders.identities.find((i) => sender && sameAddress(i.address, sender.address))
    ?? defaultIdentity(senders.identities, senders.defaultId);
  return {
    heading: msg('compose:headings.draft'),
    values: {
      ...emptyValues(identity),
      to: formatAddressList(draft.to), cc: formatAddressList(draft.cc), bcc: formatAddressList(draft.bcc),
      subject: draft.subject, body: sourceText(draft), fromName: sender?.name ?? '', fromAddress: sender?.address ?? '',
      bodyHtml: richText && draft.html !== undefined ? sanitizedQuote(draft.html) : '',
    },
    context: { draft: draft.uid, original },
    carried: { mailbox: draft.mailbox, uid: draft.uid, attachments: draft.attachments },
  };
}

/**
 * A reply from the identity the message came to (a forward from the default), its signature above the quote. In
 * rich text, an original with an HTML part is quoted as HTML too (compose/quote-html.ts); the text area keeps the
 * plain quote for the form without script.
 */
export function answerState(source: ComposeSource, mode: ReplyMode, senders: Senders, fmt: Formats, richText = false): ComposeState {
  const { identities, defaultId, policy } = senders;
  const identity = mode === 'forward'
    ? defaultIdentity(identities, defaultId)
    : identityForReply(identities, defaultId, [...source.to, ...source.cc], source.deliveredTo);
  // No identity yet (a bare login without MAIL_DOMAIN): the address this message came to is the best guess.
  const fromAddress = identity?.address ?? addressForLogin(policy.login, [...source.to, ...source.cc]) ?? '';
  const words = quoteWords(fmt);
  const me = { login: policy.login, fromAddress: fromAddress || undefined, identities: identities.map((i) => i.address) };
  const fields = mode === 'forward' ? prepareForward(source, words) : prepareReply(source, mode, me, words);
  // A plain-text original is quoted as lines, the signature still as its HTML.
  const html = richText
    ? (mode === 'forward' ? forwardHtml : replyHtml)(source, identity?.signature, words) ?? textWithSignatureHtml(fields.body, identity?.signature)
    : undefined;
  return {
    heading: headingFor({ draft: undefined, original: { mailbox: source.mailbox, uid: source.uid, mode } }),
    values: {
      ...emptyValues(identity),
      to: formatAddressList(fields.to), cc: formatAddressList(fields.cc), subject: fields.subject,
      body: withSignature(fields.body, identity?.signature), fromAddress: identity ? '' : fromAddress, bodyHtml: html ?? '',
    },
    context: { draft: undefined, original: { mailbox: source.mailbox, uid: source.uid, mode } },
    carried: mode === 'forward' ? { mailbox: source.mailbox, uid: source.uid, attachments: source.attachments } : undefined,
  };
}

/**
 * The From choice: a select of the identities, each with the signature block it puts in (in rich text also as the
 * editor's HTML), or typed fields.
 */
function fromChoice(senders: Senders, values: ComposeValues, richText: boolean) {
  if (!senders.identities.length) return { identities: undefined };
  return {
    identities: senders.identities.map((i) => ({
      id: i.id,
      label: formatAddressList([{ name: i.name, address: i.address }]),
      selected: i.id === values.identity,
      signature: signatureBlock(i.signature),
      signatureHtml: richText ? signatureHtml(i.signature) : undefined,
    })),
  };
}

// The starts of the words that say a file is attached, in the languages of the UI (a German user may write in
// English): for public/compose-guard.js, which asks before sending when one is in the new text and nothing is attached.
export const ATTACHMENT_WORDS = ['attach', 'enclos', 'angehängt', 'anhang', 'anbei', 'beigefügt', 'anlage'];

/** The attachments the form carries (a draft's, a forwarded message's), each ticked unless left out. */
export function carriedView(carried: CarriedList | undefined, keep: string[] | undefined, fmt: Formats) {
  return (carried?.attachments ?? []).map((a) => ({
    part: a.part,
    name: a.filename,
    meta: fmt.t('compose:attachmentMeta', { type: a.type, size: fmt.size(a.size) }),
    href: partUrl(carried!.mailbox, carried!.uid, a.part),
    kept: keep ? keep.includes(a.part) : true,
  }));
}

export function composePage(folders: MailboxSummary[], state: ComposeState, opts: { senders: Senders; maxUploadBytes: number; fmt: Formats; richText: boolean }) {
  const { context, values } = state;
  const hidden: { name: string; value: string }[] = [];
  if (context.draft !== undefined) hidden.push({ name: 'draft', value: String(context.draft) });
  if (context.original) {
    hidden.push({ name: 'origMailbox', value: context.original.mailbox }, { name: 'origUid', value: String(context.original.uid) },
      { name: 'mode', value: context.original.mode });
    if (context.original.list) hidden.push({ name: 'list', value: context.original.list });
  }
  if (values.signedAs) hidden.push({ name: 'signedAs', value: values.signedAs });
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
    from: fromChoice(opts.senders, values, opts.richText),
    /** the user's setting: public/compose-editor.js turns the text area into the rich-text editor */
    richText: opts.richText,
    carried: carriedView(carried, state.keep, opts.fmt),
    /** what public/recipients.js announces for 1, 2, ... suggestions: ICU plurals cannot run in the script */
    suggestionCounts: Array.from({ length: MAX_SUGGESTIONS }, (_, i) => t('compose:suggestions.count', { count: i + 1 })),
    // MAX_UPLOAD_MB counts binary megabytes: say the number the admin configured.
    maxUpload: t('compose:maxUpload', { mb: Math.round(opts.maxUploadBytes / (1024 * 1024)) }),
    /** for public/compose-guard.js: the words that raise the forgotten-attachment question */
    attachWords: ATTACHMENT_WORDS.join('|'),
    /** for public/app.js, which names the files past the limits before anything is sent; "{names}" is its to fill */
    uploadLimits: {
      bytes: opts.maxUploadBytes, files: MAX_FILES,
      text: t('compose:tooLargeToAttach', { names: '{names}', mb: Math.round(opts.maxUploadBytes / (1024 * 1024)), files: MAX_FILES }),
    },
  };
}

export type ComposePage = ReturnType<typeof composePage>;
