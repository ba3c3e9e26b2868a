// The compose form's fields, parsed once at the edge (STYLE.md 3): header fields refuse line breaks (header
// injection), every address field is parsed with its own error message, and the hidden context (draft UID,
// original message) is validated like any route parameter before it reaches IMAP.
import { z } from 'zod';
import { parseAddressList, type MailAddress } from '../compose/addresses.ts';
import { loginAddress } from '../compose/identity.ts';
import type { ReplyMode } from '../compose/reply.ts';
import { HttpError } from './errors.ts';
import { issueMessage } from './forms.ts';
import { msg } from './i18n/translator.ts';
import type { Keyed } from './i18n/user-text.ts';
import { listToken, parseList } from './list-state.ts';
import type { FieldLimit } from './multipart.ts';
import { messageParams, parse, partParams } from './params.ts';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** new files one compose request may attach (carried ones do not count) */
export const MAX_FILES = 20;

/**
 * Every text field the compose form sends, with the most bytes Postern reads of it (multipart.ts keeps nothing
 * else). A few characters' worth above what the checks below accept, so that a long value is an error the form
 * shows next to its field, not a silent cut. Together about 2.4 MB: that, the uploads and the framing are the
 * most a compose request may carry.
 */
export const COMPOSE_FIELDS: Readonly<Record<string, FieldLimit>> = {
  _csrf: { maxBytes: 256 },
  action: { maxBytes: 16 },
  to: { maxBytes: 64 * 1024 },
  cc: { maxBytes: 64 * 1024 },
  bcc: { maxBytes: 64 * 1024 },
  subject: { maxBytes: 4 * 998 + 4 },
  body: { maxBytes: MAX_BODY_BYTES },
  fromName: { maxBytes: 4 * 200 + 4 },
  fromAddress: { maxBytes: 1024 },
  // the hidden context: a draft or original message, and the carried attachments left checked
  draft: { maxBytes: 16 },
  origMailbox: { maxBytes: 4 * 1000 + 4 },
  origUid: { maxBytes: 16 },
  mode: { maxBytes: 16 },
  keep: { maxBytes: 320, maxCount: 500 },
  // the list the answered message was opened from (list-state.ts refuses more than 2000 characters)
  list: { maxBytes: 2000 + 4 },
  // the answer to "Send without a subject?"
  confirmNoSubject: { maxBytes: 16 },
};

/** The fields a person types in: one past its limit is said next to it (the catalog names it by `field`). */
const SHOWN_FIELDS = new Set(['to', 'cc', 'bcc', 'subject', 'body', 'fromName', 'fromAddress']);

export interface ComposeValues {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  body: string;
  fromName: string;
  fromAddress: string;
}

export interface ComposeContext {
  draft: number | undefined;
  /** the message answered; `list` is the list it was opened from (list-state.ts), to return to after sending */
  original: { mailbox: string; uid: number; mode: ReplyMode; list?: string | undefined } | undefined;
}

export interface ParsedCompose {
  action: 'send' | 'save';
  from: MailAddress | undefined;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
}

export type ComposeFormResult =
  | { ok: true; values: ComposeValues; context: ComposeContext; keep: string[]; parsed: ParsedCompose }
  /** askNoSubject: Send with an empty subject, not yet confirmed (confirmNoSubject=1): ask before sending */
  | { ok: false; values: ComposeValues; context: ComposeContext; keep: string[]; errors: Record<string, Keyed>; askNoSubject: boolean };

// The messages are catalog keys; {field} and {max} come with the issue (forms.ts issueMessage).
const headerLine = (max: number) => z.string()
  .max(max, msg('compose:errors.tooLong'))
  .refine((s) => !/[\r\n]/.test(s), msg('compose:errors.lineBreaks'))
  .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), msg('compose:errors.controls'));

const textFields = z.object({
  subject: headerLine(998),
  fromName: headerLine(200),
  body: z.string().max(MAX_BODY_BYTES, msg('compose:errors.bodyTooLong')),
  action: z.enum(['send', 'save'], { error: msg('compose:errors.action') }),
});

/** GET /compose?to=... (a mailto-style prefill); the hidden-field context is read by parseContext. */
export const composeQuery = z.object({
  to: z.string().max(2000, msg('request:prefillTooLong')).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), msg('request:prefillControls')).optional(),
}).passthrough();

const mode = z.enum(['reply', 'reply-all', 'forward'], { error: msg('request:replyMode') });

const first = (fields: Map<string, string[]>, name: string) => fields.get(name)?.[0] ?? '';

/** The hidden fields (or query) that say what is being edited or answered; tampered values are a 400. */
export function parseContext(get: (name: string) => string): ComposeContext {
  const draft = get('draft') ? parse(messageParams.shape.uid, get('draft')) : undefined;
  if (!get('origMailbox') && !get('origUid')) return { draft, original: undefined };
  const { mailbox, uid } = parse(messageParams, { mailbox: get('origMailbox'), uid: get('origUid') });
  const list = listToken(parseList(get('list'))) || undefined;
  return { draft, original: { mailbox, uid, mode: parse(mode, get('mode') || 'reply'), list } };
}

export function parseComposeForm(fields: Map<string, string[]>, login: string, truncated: string[] = []): ComposeFormResult {
  const values: ComposeValues = {
    to: first(fields, 'to'), cc: first(fields, 'cc'), bcc: first(fields, 'bcc'), subject: first(fields, 'subject'),
    body: first(fields, 'body'), fromName: first(fields, 'fromName'), fromAddress: first(fields, 'fromAddress'),
  };
  const context = parseContext((name) => first(fields, name));
  const keep = (fields.get('keep') ?? []).map((p) => parse(partParams.shape.part, p));
  const errors: Record<string, Keyed> = {};
  const text = textFields.safeParse({ ...values, action: first(fields, 'action') });
  if (!text.success) for (const issue of text.error.issues) errors[String(issue.path[0])] ??= issueMessage(issue);

  const lists: Record<'to' | 'cc' | 'bcc', MailAddress[]> = { to: [], cc: [], bcc: [] };
  for (const field of ['to', 'cc', 'bcc'] as const) {
    const result = parseAddressList(values[field]);
    if (result.ok) lists[field] = result.addresses;
    else errors[field] = result.error;
  }
  const action = text.success ? text.data.action : 'save';
  const from = parseFrom(values, login, action, errors);
  if (action === 'send' && !errors.to && !errors.cc && !errors.bcc && lists.to.length + lists.cc.length + lists.bcc.length === 0) {
    errors.to = { key: msg('compose:errors.noRecipient') };
  }
  // Past its byte limit a field was cut (multipart.ts): that, not what the cut value fails, is what to say.
  for (const name of new Set(truncated)) {
    // The hidden fields are Postern's own: one past its limit was not written by this form.
    if (!SHOWN_FIELDS.has(name)) throw new HttpError(400, { key: msg('request:composeOverfull') });
    errors[name] = { key: msg('compose:errors.fieldTooLong'), values: { field: name } };
  }
  // An empty subject is allowed, but usually an oversight: Send asks once, and the form then carries the answer.
  const askNoSubject = action === 'send' && !errors.subject && values.subject.trim() === '' && first(fields, 'confirmNoSubject') !== '1';
  if (Object.keys(errors).length > 0 || askNoSubject) return { ok: false, values, context, keep, errors, askNoSubject };
  return { ok: true, values, context, keep, parsed: { action, from, ...lists } };
}

// The login is the From address when it is an address (compose/identity.ts); otherwise the form asks for it.
function parseFrom(values: ComposeValues, login: string, action: 'send' | 'save', errors: Record<string, Keyed>): MailAddress | undefined {
  const name = values.fromName.replace(/\s+/g, ' ').trim();
  const fixed = loginAddress(login);
  if (fixed) return { name, address: fixed };
  const typed = parseAddressList(values.fromAddress);
  if (!typed.ok) {
    errors.fromAddress = typed.error;
  } else if (typed.addresses.length > 1) {
    errors.fromAddress = { key: msg('compose:errors.oneFrom') };
  } else if (typed.addresses[0]) {
    return { name, address: typed.addresses[0].address };
  } else if (action === 'send') {
    errors.fromAddress = { key: msg('compose:errors.fromMissing') };
  }
  return undefined;
}
