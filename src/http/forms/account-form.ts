// The form of a POP3 account (POST /settings/accounts, POST /settings/accounts/:id), parsed once at the edge
// (STYLE.md 3). Errors are catalog keys, shown next to their fields by the form page; what was typed comes back in
// the form, except the password, which is never put into a page: on an edit, an empty password means "unchanged".
import { isIP } from 'node:net';
import { z } from 'zod';
import { MODES, SECURITIES, TARGETS } from '../../accounts/account-list.ts';
import type { AccountInput } from '../../accounts/accounts.ts';
import type { FieldError } from './settings-form.ts';
import { msg } from '../i18n/translator.ts';

/** The fields as typed, for the form shown again (no password). */
export interface AccountFields {
  name: string;
  host: string;
  port: string;
  security: string;
  user: string;
  mode: string;
  target: string;
  auto: boolean;
}

export type AccountFieldName = keyof AccountFields | 'password';

export type AccountFormResult =
  | { ok: true; fields: AccountFields; value: AccountInput; password: string | undefined }
  | { ok: false; fields: AccountFields; errors: Partial<Record<AccountFieldName, FieldError>> };

export const DEFAULT_PORTS = { pop3s: 995, starttls: 110, plain: 110 } as const;

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
// Controls, line and paragraph separators, bidi marks: what would break or disguise a name in a list or a log.
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** Plain POP3 carries the password in clear: only to this machine, unless the admin allows it (as IMAP_URL). */
export function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

const fields = z.object({
  name: z.string().trim().max(80, msg('accounts:errors.nameTooLong')).refine((s) => !UNSHOWABLE.test(s), msg('accounts:errors.nameCharacters')),
  host: z.string().trim().toLowerCase().min(1, msg('accounts:errors.hostMissing'))
    .transform((s) => s.replace(/^\[(.*)\]$/, '$1'))
    .refine((s) => HOST_NAME.test(s) || isIP(s) !== 0, msg('accounts:errors.host')),
  port: z.string().trim().regex(/^(\d{1,5})?$/, msg('accounts:errors.port'))
    .refine((s) => s === '' || (Number(s) >= 1 && Number(s) <= 65535), msg('accounts:errors.port')),
  security: z.enum(SECURITIES, msg('accounts:errors.security')),
  user: z.string().trim().min(1, msg('accounts:errors.userMissing')).max(320, msg('accounts:errors.userTooLong'))
    .refine((s) => !UNSHOWABLE.test(s), msg('accounts:errors.userCharacters')),
  // Sent to the POP3 server as it is: only a line break or NUL could end the command it travels in.
  password: z.string().max(1024, msg('accounts:errors.passwordTooLong')).refine((s) => !/[\u0000\r\n]/.test(s), msg('accounts:errors.passwordCharacters')),
  mode: z.enum(MODES, msg('accounts:errors.mode')),
  target: z.enum(TARGETS, msg('accounts:errors.target')),
});

export function parseAccountForm(body: Record<string, unknown>, opts: { editing: boolean; allowInsecure: boolean }): AccountFormResult {
  const typed: AccountFields = {
    name: text(body.name), host: text(body.host), port: text(body.port), security: text(body.security), user: text(body.user),
    mode: text(body.mode), target: text(body.target), auto: text(body.auto) === '1',
  };
  const parsed = fields.safeParse({ ...typed, password: text(body.password) });
  const errors: Partial<Record<AccountFieldName, FieldError>> = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    errors[String(issue.path[0]) as AccountFieldName] ??= { key: issue.message };
  }
  if (!opts.editing && text(body.password) === '') errors.password ??= { key: msg('accounts:errors.passwordMissing') };
  const v = parsed.data;
  if (v && v.security === 'plain' && !opts.allowInsecure && !isLoopbackName(v.host)) errors.security = { key: msg('accounts:errors.plainRefused') };
  if (!v || Object.keys(errors).length) return { ok: false, fields: typed, errors };
  return {
    ok: true,
    fields: typed,
    value: {
      name: v.name || `${v.user}@${v.host}`,
      host: v.host,
      port: v.port === '' ? DEFAULT_PORTS[v.security] : Number(v.port),
      security: v.security, user: v.user, mode: v.mode, target: v.target, auto: typed.auto,
    },
    password: v.password === '' ? undefined : v.password,
  };
}
