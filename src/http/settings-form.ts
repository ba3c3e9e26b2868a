// The settings form (POST /settings) and the browser's time zone (POST /settings/timezone), parsed once at the edge
// (STYLE.md 3). Empty means "not chosen" (null in the stored document: the instance or the browser decides).
// Errors are catalog keys with their values, shown next to their fields by the settings page.
import { z } from 'zod';
import { MAX_REMOTE_IMAGE_SENDERS, isTimeZone, type UserSettings } from '../settings/user-settings.ts';
import { senderEntry } from '../settings/remote-image-senders.ts';
import { LANGUAGES } from './i18n/catalogs.ts';
import { msg } from './i18n/translator.ts';

/** The same bounds as PAGE_SIZE (config.ts) and the stored document (user-settings.ts). */
export const PAGE_SIZE_BOUNDS = { min: 5, max: 500 } as const;

/** The largest sender list the form takes: 1000 entries of up to 254 characters, with line breaks. */
const MAX_SENDERS_TEXT = MAX_REMOTE_IMAGE_SENDERS * 256;

export type SettingsChoice = Pick<UserSettings, 'timeZone' | 'language' | 'theme' | 'pageSize' | 'remoteImageSenders'>;

/** The fields as typed, for the form shown again. */
export interface SettingsInput {
  timeZone: string;
  language: string;
  theme: string;
  pageSize: string;
  remoteImageSenders: string;
}

export interface FieldError {
  key: string;
  values?: Record<string, string | number>;
}

export type SettingsFormResult =
  | { ok: true; input: SettingsInput; value: SettingsChoice }
  | { ok: false; input: SettingsInput; errors: Partial<Record<keyof SettingsInput, FieldError>> };

const timeZone = z.string(msg('settings:errors.timeZone')).max(64, msg('settings:errors.timeZone'))
  .refine((s) => s === '' || isTimeZone(s), msg('settings:errors.timeZone'))
  .transform((s) => s || null);

const form = z.object({
  timeZone,
  language: z.enum(['', ...LANGUAGES], msg('settings:errors.language')).transform((s) => s || null),
  theme: z.enum(['system', 'light', 'dark'], msg('settings:errors.theme')),
  pageSize: z.string(msg('settings:errors.pageSizeNumber')).trim()
    .regex(/^(\d{1,6})?$/, msg('settings:errors.pageSizeNumber'))
    .transform((s) => (s === '' ? null : Number(s)))
    .refine((n) => n === null || (n >= PAGE_SIZE_BOUNDS.min && n <= PAGE_SIZE_BOUNDS.max), {
      message: msg('settings:errors.pageSizeRange'), params: PAGE_SIZE_BOUNDS,
    }),
  remoteImageSenders: z.string(msg('settings:errors.sendersTooLong')).max(MAX_SENDERS_TEXT, msg('settings:errors.sendersTooLong'))
    .transform((text, ctx) => senderList(text, ctx)),
});

/** One sender per line; blank lines and repeats are dropped; each bad line is named with its number. */
function senderList(text: string, ctx: z.RefinementCtx): string[] {
  const entries: string[] = [];
  for (const [i, line] of text.split(/\r\n|\r|\n/).entries()) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const entry = senderEntry(trimmed);
    if (!entry) {
      // The first bad line is enough to find the rest: the form is shown again with all of them.
      ctx.addIssue({ code: 'custom', message: msg('settings:errors.senderInvalid'), params: { line: i + 1, value: trimmed.slice(0, 100) } });
      return [];
    }
    if (!entries.includes(entry)) entries.push(entry);
  }
  if (entries.length > MAX_REMOTE_IMAGE_SENDERS) {
    ctx.addIssue({ code: 'custom', message: msg('settings:errors.sendersTooMany'), params: { max: MAX_REMOTE_IMAGE_SENDERS } });
  }
  return entries;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function parseSettingsForm(body: Record<string, unknown>): SettingsFormResult {
  const input: SettingsInput = {
    timeZone: text(body.timeZone), language: text(body.language), theme: text(body.theme),
    pageSize: text(body.pageSize), remoteImageSenders: text(body.remoteImageSenders),
  };
  const parsed = form.safeParse(body);
  if (parsed.success) return { ok: true, input, value: parsed.data };
  const errors: Partial<Record<keyof SettingsInput, FieldError>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]) as keyof SettingsInput;
    const values = (issue as { params?: Record<string, string | number> }).params;
    errors[field] ??= { key: issue.message, ...(values ? { values } : {}) };
  }
  return { ok: false, input, errors };
}

/** POST /settings/timezone: the zone public/timezone.js read from the browser. */
export const browserTimeZoneForm = z.object({
  timeZone: z.string().min(1).max(64).refine(isTimeZone, msg('settings:errors.unknownZone')),
});
