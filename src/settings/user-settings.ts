// The "settings" document (issue 8's settings page reads and writes it). null means "not chosen": the instance or
// the browser decides (PAGE_SIZE, Accept-Language, the server's time zone), so a later change of the instance's
// default still reaches users who never picked a value. Each field falls back on its own when what is stored does
// not fit (an older or newer Postern, another tool), so one odd field never costs the others; fields this
// version does not know are kept, so writing from an older instance does not drop a newer one's settings.
import { z } from 'zod';
import { defineDocument } from './document-type.ts';
import { labelsField } from './labels.ts';

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** "alice@example.com" trusts one sender, "@example.com" a whole domain. */
const SENDER = /^(?:[^\s@<>()",;:]+)?@[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;

/** One entry of remoteImageSenders, as stored: trimmed, lower case. */
export const remoteImageSender = z.string().trim().toLowerCase().max(254).regex(SENDER);

export const MAX_REMOTE_IMAGE_SENDERS = 1000;

export const userSettingsSchema = z.looseObject({
  timeZone: z.string().max(64).refine(isTimeZone).nullable().catch(null).default(null),
  language: z.string().max(35).refine(isLanguageTag).transform((tag) => Intl.getCanonicalLocales(tag)[0]!).nullable().catch(null).default(null),
  theme: z.enum(['system', 'light', 'dark']).catch('system').default('system'),
  /** how compose starts: plain text (the default), or rich text where the browser runs the editor's script */
  composeFormat: z.enum(['text', 'html']).catch('text').default('text'),
  /** the same bounds as PAGE_SIZE */
  pageSize: z.number().int().min(5).max(500).nullable().catch(null).default(null),
  /** an entry that does not fit is dropped on its own; duplicates and entries past the limit too */
  remoteImageSenders: z.array(z.unknown())
    .transform((list) => [...new Set(list.flatMap((s) => {
      const one = remoteImageSender.safeParse(s);
      return one.success ? [one.data] : [];
    }))].slice(0, MAX_REMOTE_IMAGE_SENDERS))
    .catch([])
    .default([]),
  /** the mailbox list: one row per message, or one per conversation (src/mail/threads) */
  listMode: z.enum(['messages', 'conversations']).catch('messages').default('messages'),
  /** names and colours of keywords (labels.ts); null: the standard five, named in the reader's language */
  labels: labelsField.nullable().catch(null).default(null),
});

export type UserSettings = z.infer<typeof userSettingsSchema>;

export const USER_SETTINGS = defineDocument<UserSettings>('settings', userSettingsSchema, () => userSettingsSchema.parse({}));
