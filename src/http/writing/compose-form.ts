// The compose form's fields, parsed once at the edge (STYLE.md 3): header fields refuse line breaks (header
// injection), every address field is parsed with its own error message, and the hidden context (draft UID,
// original message) is validated like any route parameter before it reaches IMAP.
import { z } from 'zod';
import { parseAddressList, type MailAddress } from '../../compose/addresses.ts';
import { defaultIdentity, fromAllowed, type Identity, type PolicyContext } from '../../compose/identity.ts';
import type { ReplyMode } from '../../compose/reply.ts';
import { HttpError } from '../pages/errors.ts';
import { issueMessage } from '../forms/forms.ts';
import { msg } from '../i18n/translator.ts';
import type { Keyed } from '../i18n/user-text.ts';
import { listToken, parseList } from '../lists/list-state.ts';
import type { FieldLimit } from '../forms/multipart.ts';
import { messageParams, parse, partParams } from '../forms/params.ts';

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
  // the rich-text editor's HTML (public/compose-editor.js); body then holds its text. Half the text's limit: every
  // field's limit adds to what one request may hold (the request cap), and a 1 MB message of markup is a long letter.
  bodyHtml: { maxBytes: MAX_BODY_BYTES / 2 },
  // the identity sent as, and the one whose signature the body holds (a change of identity swaps it)
  identity: { maxBytes: 32 },
  signedAs: { maxBytes: 32 },
  // only while the user has no identity and the login names no address: the form asks for one
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
  // "1" when public/compose-guard.js saves on its own (compose-autosave.ts)
  autosave: { maxBytes: 4 },
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
  identity: string;
  signedAs: string;
  bodyHtml: string;
}

/** Who the user may send as (compose/identity.ts): their identities (or the implicit one) and the policy. */
export interface Senders {
  identities: Identity[];
  defaultId: string | null;
  policy: PolicyContext;
}

export interface ComposeContext {
  draft: number | undefined;
  /** the message answered; `list` is the list it was opened from (list-state.ts), to return to after sending */
  original: { mailbox: string; uid: number; mode: ReplyMode; list?: string | undefined } | undefined;
}

export interface ParsedCompose {
  action: 'send' | 'save';
  from: MailAddress | undefined;
  replyTo: MailAddress[];
  /** the identity used; undefined when the address was typed in (the user has none yet) */
  identity: Identity | undefined;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
}

export type ComposeFormResult =
  | { ok: true; values: ComposeValues; context: ComposeContext; keep: string[]; parsed: ParsedCompose }
  /**
   * askNoSubject: Send with an empty subject, not yet confirmed (confirmNoSubject=1): ask before sending.
   * switchIdentity: "Change identity" was pressed (the no-script way): show the form again with the new signature.
   */
  | { ok: false; values: ComposeValues; context: ComposeContext; keep: string[]; errors: Record<string, Keyed>; askNoSubject: boolean; switchIdentity: boolean };

// The messages are catalog keys; {field} and {max} come with the issue (forms.ts issueMessage).
const headerLine = (max: number) => z.string()
  .max(max, msg('compose:errors.tooLong'))
  .refine((s) => !/[\r\n]/.test(s), msg('compose:errors.lineBreaks'))
  .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), msg('compose:errors.controls'));

const textFields = z.object({
  subject: headerLine(998),
  fromName: headerLine(200),
  body: z.string().max(MAX_BODY_BYTES, msg('compose:errors.bodyTooLong')),
  action: z.enum(['send', 'save', 'identity'], { error: msg('compose:errors.action') }),
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

export function parseComposeForm(fields: Map<string, string[]>, senders: Senders, truncated: string[] = []): ComposeFormResult {
  const values: ComposeValues = {
    to: first(fields, 'to'), cc: first(fields, 'cc'), bcc: first(fields, 'bcc'), subject: first(fields, 'subject'),
    body: first(fields, 'body'), fromName: first(fields, 'fromName'), fromAddress: first(fields, 'fromAddress'),
    identity: first(fields, 'identity'), signedAs: first(fields, 'signedAs'), bodyHtml: first(fields, 'bodyHtml'),
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
  const chosen = text.success ? text.data.action : 'save';
  if (chosen === 'identity') return { ok: false, values, context, keep, errors: {}, askNoSubject: false, switchIdentity: true };
  const action = chosen;
  const { from, identity } = parseFrom(values, senders, action, errors);
  let replyTo: MailAddress[] = [];
  if (identity?.replyTo) {
    const parsed = parseAddressList(identity.replyTo);
    if (parsed.ok) replyTo = parsed.addresses;
  }
  if (action === 'send' && !errors.to && !errors.cc && !errors.bcc && lists.to.length + lists.cc.length + lists.bcc.length === 0) {
    errors.to = { key: msg('compose:errors.noRecipient') };
  }
  // Past its byte limit a field was cut (multipart.ts): that, not what the cut value fails, is what to say.
  for (const name of new Set(truncated)) {
    // The editor's HTML is the text the user sees.
    if (name === 'bodyHtml') {
      errors.body = { key: msg('compose:errors.fieldTooLong'), values: { field: 'body' } };
      continue;
    }
    // The hidden fields are Postern's own: one past its limit was not written by this form.
    if (!SHOWN_FIELDS.has(name)) throw new HttpError(400, { key: msg('request:composeOverfull') });
    errors[name] = { key: msg('compose:errors.fieldTooLong'), values: { field: name } };
  }
  // An empty subject is allowed, but usually an oversight: Send asks once, and the form then carries the answer.
  const askNoSubject = action === 'send' && !errors.subject && values.subject.trim() === '' && first(fields, 'confirmNoSubject') !== '1';
  if (Object.keys(errors).length > 0 || askNoSubject) return { ok: false, values, context, keep, errors, askNoSubject, switchIdentity: false };
  return { ok: true, values, context, keep, parsed: { action, from, replyTo, identity, ...lists } };
}

// The From of the chosen identity; the typed address only while the user has none (compose/identity.ts). The
// policy is checked here at every send, whatever the stored identities say: they may predate a stricter policy.
function parseFrom(values: ComposeValues, senders: Senders, action: 'send' | 'save', errors: Record<string, Keyed>): { from: MailAddress | undefined; identity: Identity | undefined } {
  const notAllowed = (address: string) => action === 'send' && !fromAllowed(address, senders.policy);
  if (senders.identities.length) {
    // No choice made (a form from before identities): the default one.
    const identity = values.identity
      ? senders.identities.find((i) => i.id === values.identity)
      : defaultIdentity(senders.identities, senders.defaultId);
    if (!identity) {
      errors.identity = { key: msg('compose:errors.identityGone') };
      return { from: undefined, identity: undefined };
    }
    if (notAllowed(identity.address)) errors.identity = { key: msg('compose:errors.fromNotAllowed'), values: { address: identity.address, policy: senders.policy.policy } };
    return { from: { name: identity.name, address: identity.address }, identity };
  }
  const name = values.fromName.replace(/\s+/g, ' ').trim();
  const typed = parseAddressList(values.fromAddress);
  if (!typed.ok) {
    errors.fromAddress = typed.error;
  } else if (typed.addresses.length > 1) {
    errors.fromAddress = { key: msg('compose:errors.oneFrom') };
  } else if (typed.addresses[0]) {
    const address = typed.addresses[0].address;
    if (notAllowed(address)) errors.fromAddress = { key: msg('compose:errors.fromNotAllowed'), values: { address, policy: senders.policy.policy } };
    return { from: { name, address }, identity: undefined };
  } else if (action === 'send') {
    errors.fromAddress = { key: msg('compose:errors.fromMissing') };
  }
  return { from: undefined, identity: undefined };
}
