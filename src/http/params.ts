// Route and query parameters, parsed once at the edge (STYLE.md 3). A bad value is a 400 that says what is wrong;
// nothing unvalidated reaches IMAP.
import { z } from 'zod';
import { HttpError } from './errors.ts';

// Express has already percent-decoded the segment (INBOX%2FWork -> INBOX/Work). IMAP paths never hold control
// characters, and a CR/LF here would be an attempt to inject a command.
const mailbox = z.string().min(1, 'The folder name is empty.').max(1000, 'The folder name is too long.')
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'The folder name has control characters.');

// RFC 3501: UIDs are non-zero 32-bit unsigned integers.
const uid = z.string().regex(/^[0-9]{1,10}$/, 'The message number must be a positive whole number.')
  .transform(Number).refine((n) => n >= 1 && n <= 0xffffffff, 'The message number is out of range.');

// A MIME part number (RFC 3501 section 6.4.5): dot-separated positive numbers, e.g. 1.2.3.
const part = z.string().regex(/^[1-9][0-9]{0,4}(\.[1-9][0-9]{0,4}){0,49}$/, 'The part number must look like 1 or 1.2.3.');

const page = z.string().regex(/^[0-9]{1,7}$/, 'The page must be a positive whole number.').transform(Number)
  .refine((n) => n >= 1, 'The page must be 1 or more.');

export const mailboxParams = z.object({ mailbox });
export const messageParams = z.object({ mailbox, uid });
export const partParams = z.object({ mailbox, uid, part });
// Search and sort of the mailbox page. The search form sends every field, so an empty one means "not set". Values
// stay strings as typed (the form shows them again, links carry them on); routes/mailbox.ts makes the mail query.
const unset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const once = (what: string) => ({ error: `${what} was given more than once.` });
const searchText = (what: string) => z.preprocess(unset, z.string(once(what)).trim()
  .max(200, `${what} is too long: 200 characters at most.`)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${what} has control characters, which cannot be searched for.`)
  .optional());
const isDay = (s: string) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const day = (what: string) => z.preprocess(unset, z.string(once(what)).trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a date written as YYYY-MM-DD, e.g. 2026-03-05.`)
  .refine(isDay, `${what} is not a date in the calendar.`)
  .optional());
const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(unset, z.enum(values, { error: message }).optional());

export const mailboxQuery = z.object({
  page: page.optional().default(1),
  q: searchText('The search text'),
  from: searchText('"From"'),
  to: searchText('"To"'),
  subject: searchText('"Subject"'),
  since: day('"Since"'),
  before: day('"Before"'),
  attachment: choice(['1'], '"Has attachment" must be 1 or left out.'),
  filter: choice(['unseen', 'flagged'], 'Show must be unseen or flagged, or left out for all messages.'),
  sort: choice(['date', 'from', 'subject', 'size'], 'Sort by date, from, subject or size.'),
  order: choice(['asc', 'desc'], 'The order must be asc or desc.'),
}).passthrough().refine((q) => !q.since || !q.before || q.since < q.before, {
  path: ['before'], message: '"Before" must be a later day than "Since".',
});
export type MailboxQuery = z.infer<typeof mailboxQuery>;
export const bodyQuery = z.object({ remote: z.enum(['0', '1']).optional() }).passthrough();

export type MessageParams = z.infer<typeof messageParams>;

/** Parses `value` with `schema`, or throws a 400 naming the first problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, result.error.issues[0]?.message ?? 'The request is malformed.');
}
