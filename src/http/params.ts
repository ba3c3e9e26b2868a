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
export const mailboxQuery = z.object({ page: page.optional().default(1) }).passthrough();
export const bodyQuery = z.object({ remote: z.enum(['0', '1']).optional() }).passthrough();

export type MessageParams = z.infer<typeof messageParams>;

/** Parses `value` with `schema`, or throws a 400 naming the first problem. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(400, result.error.issues[0]?.message ?? 'The request is malformed.');
}
