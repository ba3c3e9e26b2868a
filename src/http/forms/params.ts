// Route and query parameters, parsed once at the edge (STYLE.md 3). A bad value is a 400 that says what is wrong;
// nothing unvalidated reaches IMAP.
import { z } from 'zod';
import { HttpError } from '../pages/errors.ts';
import { issueMessage } from './forms.ts';
import { msg } from '../i18n/translator.ts';

// Express has already percent-decoded the segment (INBOX%2FWork -> INBOX/Work). IMAP paths never hold control
// characters, and a CR/LF here would be an attempt to inject a command.
const mailbox = z.string().min(1, msg('request:folderEmpty')).max(1000, msg('request:folderTooLong'))
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), msg('request:folderControls'));

// RFC 3501: UIDs are non-zero 32-bit unsigned integers.
const uid = z.string().regex(/^[0-9]{1,10}$/, msg('request:uidNumber'))
  .transform(Number).refine((n) => n >= 1 && n <= 0xffffffff, msg('request:uidRange'));

// A MIME part number (RFC 3501 section 6.4.5): dot-separated positive numbers, e.g. 1.2.3.
const part = z.string().regex(/^[1-9][0-9]{0,4}(\.[1-9][0-9]{0,4}){0,49}$/, msg('request:part'));

const page = z.string().regex(/^[0-9]{1,7}$/, msg('request:pageNumber')).transform(Number)
  .refine((n) => n >= 1, msg('request:pageMin'));

export const mailboxParams = z.object({ mailbox });
export const messageParams = z.object({ mailbox, uid });
export const partParams = z.object({ mailbox, uid, part });
// Search and sort of the mailbox page. The search form sends every field, so an empty one means "not set". Values
// stay strings as typed (the form shows them again, links carry them on); routes/mailbox.ts makes the mail query.
// The messages name their field through {field} (forms.ts issueMessage), which the catalog turns into its label.
const unset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const once = { error: msg('mailbox:searchErrors.twice') };
const searchText = z.preprocess(unset, z.string(once).trim()
  .max(200, msg('mailbox:searchErrors.tooLong'))
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), msg('mailbox:searchErrors.controls'))
  .optional());
const isDay = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const day = z.preprocess(unset, z.string(once).trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, msg('mailbox:searchErrors.dateFormat'))
  .refine(isDay, msg('mailbox:searchErrors.notADay'))
  .optional());
const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(unset, z.enum(values, { error: message }).optional());

export const mailboxQuery = z.object({
  page: page.optional().default(1),
  q: searchText,
  from: searchText,
  to: searchText,
  subject: searchText,
  since: day,
  before: day,
  attachment: choice(['1'], msg('mailbox:searchErrors.attachment')),
  filter: choice(['unseen', 'flagged'], msg('mailbox:searchErrors.filter')),
  // A label's keyword (settings/labels.ts): an IMAP atom, so it goes into SEARCH KEYWORD as it is.
  label: z.preprocess(unset, z.string(once).regex(/^[A-Za-z0-9$_.-]{1,64}$/, msg('mailbox:searchErrors.label')).optional()),
  // Where to search: this folder (absent) or every folder (GET /search).
  scope: choice(['all'], msg('mailbox:searchErrors.scope')),
  sort: choice(['date', 'from', 'subject', 'size'], msg('mailbox:searchErrors.sort')),
  order: choice(['asc', 'desc'], msg('mailbox:searchErrors.order')),
}).passthrough().refine((q) => !q.since || !q.before || q.since < q.before, {
  path: ['before'], message: msg('mailbox:searchErrors.beforeSince'),
});
export type MailboxQuery = z.infer<typeof mailboxQuery>;
// quotes=fold: quoted text collapsed, as the conversation view shows each message.
export const bodyQuery = z.object({ remote: z.enum(['0', '1']).optional(), quotes: z.enum(['fold']).optional() }).passthrough();

export type MessageParams = z.infer<typeof messageParams>;

/** Parses `value` with `schema`, or throws a 400 naming the first problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new HttpError(400, issue ? issueMessage(issue) : { key: msg('request:malformed') });
}
