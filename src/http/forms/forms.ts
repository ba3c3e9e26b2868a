// Form bodies, parsed once at the edge into typed values (STYLE.md 3).
import { z } from 'zod';
import type { TextValue } from '../../mail/errors/user-text.ts';
import { msg } from '../i18n/translator.ts';
import type { Keyed } from '../i18n/user-text.ts';

const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);

export const loginForm = z.object({
  // Messages are catalog keys: the login page translates them (i18n/translator.ts).
  username: z.string(msg('login:errors.usernameMissing')).trim().min(1, msg('login:errors.usernameMissing'))
    .max(320, msg('login:errors.usernameTooLong')).refine(noControl, msg('login:errors.usernameCharacters')),
  // Passwords are sent to IMAP as they are: only line breaks and NUL could break the LOGIN/AUTHENTICATE command.
  password: z.string(msg('login:errors.passwordMissing')).min(1, msg('login:errors.passwordMissing'))
    .max(1024, msg('login:errors.passwordTooLong')).refine((s) => !/[\u0000\r\n]/.test(s), msg('login:errors.passwordCharacters')),
  next: z.string().optional(),
});

export type LoginForm = z.infer<typeof loginForm>;

/**
 * A zod issue as a message: every schema's messages are catalog keys (msg()), and what the message may name
 * travels as values: the field ({field}, for an ICU select), the bounds ({max}, {min}) and a refinement's params.
 */
export function issueMessage(issue: z.core.$ZodIssue): Keyed {
  const values: Record<string, TextValue> = { field: String(issue.path[0] ?? 'form') };
  const bounds = issue as { maximum?: number | bigint; minimum?: number | bigint; params?: Record<string, TextValue> };
  if (bounds.maximum !== undefined) values.max = Number(bounds.maximum);
  if (bounds.minimum !== undefined) values.min = Number(bounds.minimum);
  return { key: issue.message, values: { ...values, ...bounds.params } };
}

/** The first problem per field, for showing next to each input. */
export function fieldErrors(error: z.ZodError): Record<string, Keyed> {
  const out: Record<string, Keyed> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    out[field] ??= issueMessage(issue);
  }
  return out;
}

// --- organize: flags, move/copy/delete, folders (issue 4) ---

/** At most this many UIDs per bulk request; the urlencoded parser (app.ts) caps a body at 5000 fields. */
export const MAX_BULK_UIDS = 4000;

const folderPath = z.string().max(1000, msg('request:folderTooLong')).refine(noControl, msg('request:folderControls'));
/** An optional folder: an empty <select> choice arrives as "" and means none chosen. */
const chosenFolder = folderPath.optional().transform((s) => s || undefined);
const confirmed = z.string().optional().transform((s) => s === 'yes');
const oneOrZero = z.enum(['0', '1'], { message: msg('request:oneOrZero') });

// RFC 3501: UIDs are non-zero 32-bit unsigned integers. One ticked box arrives as a string, several as an array;
// the box of a conversation's row (one row per conversation) holds all its UIDs, comma-separated.
const uidList = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).flatMap((one) => (typeof one === 'string' ? one.split(',', MAX_BULK_UIDS + 1) : [one])),
  z.array(z.string().regex(/^[0-9]{1,10}$/, msg('request:uidsNumber'))
    .transform(Number).refine((n) => n >= 1 && n <= 0xffffffff, msg('request:uidsRange')))
    .max(MAX_BULK_UIDS, msg('organize:errors.tooMany'))
    .transform((uids) => [...new Set(uids)]),
);

// Keeping the reader's place (list-state.ts): the list the action was taken from, as its query string, and on
// the message page the message to show next, in that list's order.
const listField = z.string({ message: msg('request:listTwice') }).max(2000, msg('request:listMalformed')).optional();
const thenField = z.string().regex(/^([0-9]{1,10})?$/, msg('request:thenNumber')).optional()
  .transform((s) => (s ? Number(s) : undefined)).refine((n) => n === undefined || (n >= 1 && n <= 0xffffffff), msg('request:thenRange'));
const keepPlace = { list: listField, then: thenField };

export const BULK_ACTIONS = ['move', 'copy', 'delete', 'seen', 'unseen', 'flag', 'unflag', 'archive', 'junk', 'notjunk', 'label', 'unlabel'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const bulkActionForm = z.object({
  uid: uidList,
  action: z.enum(BULK_ACTIONS, { message: msg('organize:errors.chooseAction') }),
  to: chosenFolder,
  // label, unlabel: the label's keyword (settings/labels.ts); an empty choice means none chosen
  label: z.string().regex(/^([A-Za-z0-9$_.-]{1,64})?$/, msg('organize:errors.labelInvalid')).optional().transform((s) => s || undefined),
  confirm: confirmed,
  ...keepPlace,
  // "All N matching" (selection.ts): the server picks the messages from the list's search; a confirmation
  // carries back the bound it was shown for.
  all: z.enum(['1'], { message: msg('request:allMatching') }).optional(),
  // The UIDs are whole conversations: some actions reach the user's own messages in Sent too (conversation-actions.ts).
  conversation: z.enum(['1'], { message: msg('request:conversation') }).optional(),
  uidvalidity: z.string().regex(/^[0-9]{1,20}$/, msg('request:uidValidity')).optional(),
  upto: z.string().regex(/^[0-9]{1,10}$/, msg('request:upto')).transform(Number).optional(),
});

export const messageFlagsForm = z.object({
  seen: oneOrZero.optional(),
  flagged: oneOrZero.optional(),
  return: z.string().optional(),
  ...keepPlace,
}).refine((f) => f.seen !== undefined || f.flagged !== undefined, msg('request:whichFlag'));

export const messageMoveForm = z.object({ to: chosenFolder, ...keepPlace });
export const messageDeleteForm = z.object({ confirm: confirmed, ...keepPlace });
/** POST /mailbox/:mailbox/empty (Trash, Junk) and /read-all */
export const emptyFolderForm = z.object({
  confirm: confirmed,
  list: listField,
  uidvalidity: z.string().regex(/^[0-9]{1,20}$/, msg('request:uidValidity')).optional(),
  upto: z.string().regex(/^[0-9]{1,10}$/, msg('request:upto')).transform(Number).optional(),
});
export const readAllForm = z.object({ list: listField });

// A leaf name; whether it holds the server's hierarchy delimiter is checked in src/mail once LIST has said what
// the delimiter is. Spaces at either end are trimmed: they are invisible in every folder list.
const folderName = z.string({ message: msg('folders:errors.nameMissing') }).trim()
  .min(1, msg('folders:errors.nameMissing'))
  .max(200, msg('folders:errors.nameTooLong'))
  .refine(noControl, msg('folders:errors.nameControls'))
  .refine((s) => s !== '.' && s !== '..', msg('folders:errors.nameDots'));

export const createFolderForm = z.object({ name: folderName, parent: chosenFolder });
export const renameFolderForm = z.object({ name: folderName });
export const deleteFolderForm = z.object({ confirm: confirmed });
export const subscribeForm = z.object({ subscribed: oneOrZero });
