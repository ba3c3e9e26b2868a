// The settings form (POST /settings) and the browser's time zone (POST /settings/timezone), parsed once at the edge
// (STYLE.md 3). Empty means "not chosen" (null in the stored document: the instance or the browser decides).
// Errors are catalog keys with their values, shown next to their fields by the settings page.
import { z } from 'zod';
import { MAX_REMOTE_IMAGE_SENDERS, isTimeZone, type UserSettings } from '../../settings/user-settings.ts';
import { senderEntry } from '../../settings/remote-image-senders.ts';
import { LANGUAGES } from '../i18n/catalogs.ts';
import type { ShownLabel } from '../lists/labels.ts';
import { parseLabelsForm, type LabelRowInput } from './labels-form.ts';
import { msg } from '../i18n/translator.ts';

/** The same bounds as PAGE_SIZE (config.ts) and the stored document (user-settings.ts). */
export const PAGE_SIZE_BOUNDS = { min: 5, max: 500 } as const;

/** The largest sender list the form takes: 1000 entries of up to 254 characters, with line breaks. */
const MAX_SENDERS_TEXT = MAX_REMOTE_IMAGE_SENDERS * 256;

export type SettingsChoice = Pick<UserSettings, 'timeZone' | 'language' | 'theme' | 'composeFormat' | 'pageSize' | 'remoteImageSenders'>
  & Partial<Pick<UserSettings, 'listMode' | 'labels'>>;

/** The fields as typed, for the form shown again. */
export interface SettingsInput {
  timeZone: string;
  language: string;
  theme: string;
  composeFormat: string;
  pageSize: string;
  remoteImageSenders: string;
  listMode: string;
  /** the label rows as typed (labels-form.ts) */
  labels: LabelRowInput[];
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
  // absent from a form older than the choice: plain text, as before
  composeFormat: z.enum(['text', 'html']).catch('text'),
  pageSize: z.string(msg('settings:errors.pageSizeNumber')).trim()
    .regex(/^(\d{1,6})?$/, msg('settings:errors.pageSizeNumber'))
    .transform((s) => (s === '' ? null : Number(s)))
    .refine((n) => n === null || (n >= PAGE_SIZE_BOUNDS.min && n <= PAGE_SIZE_BOUNDS.max), {
      message: msg('settings:errors.pageSizeRange'), params: PAGE_SIZE_BOUNDS,
    }),
  remoteImageSenders: z.string(msg('settings:errors.sendersTooLong')).max(MAX_SENDERS_TEXT, msg('settings:errors.sendersTooLong'))
    .transform((text, ctx) => senderList(text, ctx)),
  // Absent from a form that has no such field (an older page): the stored choice stays.
  listMode: z.enum(['messages', 'conversations'], msg('settings:errors.listMode')).optional(),
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

/** `standard`: the standard labels as the reader sees them, which are stored as null while unchanged. */
export function parseSettingsForm(body: Record<string, unknown>, standard: readonly ShownLabel[]): SettingsFormResult {
  const labels = parseLabelsForm(body, standard);
  const input: SettingsInput = {
    timeZone: text(body.timeZone), language: text(body.language), theme: text(body.theme), composeFormat: text(body.composeFormat) || 'text',
    pageSize: text(body.pageSize), remoteImageSenders: text(body.remoteImageSenders), listMode: text(body.listMode), labels: labels.input,
  };
  const parsed = form.safeParse(body);
  if (parsed.success && !labels.error) {
    const { listMode, ...rest } = parsed.data;
    return { ok: true, input, value: { ...rest, ...(listMode ? { listMode } : {}), ...(labels.value !== undefined ? { labels: labels.value } : {}) } };
  }
  const errors: Partial<Record<keyof SettingsInput, FieldError>> = labels.error ? { labels: labels.error } : {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
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
