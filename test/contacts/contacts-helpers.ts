// Mail for the contacts tests, APPENDed straight to the sandbox Dovecot as other clients and deliveries would
// leave it, and one "Postern instance" with its own settings store and contacts (settings-helpers.ts).
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import { Contacts, type ContactsOptions } from '../../src/contacts/contacts.ts';
import type { TestUser } from '../helpers/env.ts';
import { appendAll, crlf } from '../helpers/imap.ts';
import { instance, type Instance } from '../settings/settings-helpers.ts';

export interface MailSpec {
  from: string;
  to?: string;
  cc?: string;
  bcc?: string;
  /** extra header lines, e.g. "List-Id: <x.example>" */
  extra?: string[];
  daysAgo?: number;
}

export function rawMail(m: MailSpec): string {
  const date = new Date(Date.now() - (m.daysAgo ?? 0) * 86_400_000).toUTCString().replace('GMT', '+0000');
  return crlf([
    `From: ${m.from}`,
    ...(m.to ? [`To: ${m.to}`] : []),
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    ...(m.bcc ? [`Bcc: ${m.bcc}`] : []),
    'Subject: hello',
    `Date: ${date}`,
    `Message-ID: <${randomUUID()}@test.example>`,
    ...(m.extra ?? []),
    '',
    'Hello.',
    '',
  ].join('\n'));
}

export function deliver(info: SandboxInfo, user: TestUser, mailbox: string, mails: MailSpec[]): Promise<number[]> {
  return appendAll(info, user, mailbox, mails.map(rawMail), mailbox === 'Sent' ? ['\\Seen'] : []);
}

export interface ContactsInstance extends Instance {
  contacts: Contacts;
}

export async function contactsInstance(info: SandboxInfo, user: TestUser, mode: string, options: Partial<Omit<ContactsOptions, 'store' | 'logger'>> = {}): Promise<ContactsInstance> {
  const base = await instance(info, user, mode);
  const contacts = new Contacts({ store: base.store, logger: pino({ level: 'silent' }), ...options });
  return { ...base, contacts };
}
