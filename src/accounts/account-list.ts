// The "pop3-accounts" document: the user's other accounts, kept with their other settings on their own IMAP server
// (src/settings), so they follow the user to every Postern instance. The POP3 password is stored only sealed
// (password-seal.ts: scrypt + AES-256-GCM under the IMAP password). An entry that does not fit the schema (an
// older or newer Postern, another tool) is dropped on its own; the others stay.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineDocument } from '../settings/document-type.ts';

/** A handful is what people have; the limit keeps the schedule's work and the document small. */
export const MAX_ACCOUNTS = 10;

export const SECURITIES = ['pop3s', 'starttls', 'plain'] as const;
export const MODES = ['keep', 'delete'] as const;
export const TARGETS = ['inbox', 'folder'] as const;

/** Lower-case letters and digits: part of the state documents' names (pop3-uidls:<id>, pop3-status:<id>). */
const ACCOUNT_ID = /^[a-z0-9]{8,24}$/;

export const storedAccount = z.object({
  id: z.string().regex(ACCOUNT_ID),
  /** what the page calls it, and the name of its folder when target is "folder" */
  name: z.string().min(1).max(80),
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  security: z.enum(SECURITIES),
  user: z.string().min(1).max(320),
  /** sealWithPassword(POP3 password, IMAP password): never the password itself */
  sealedPassword: z.string().min(1).max(4096),
  mode: z.enum(MODES),
  target: z.enum(TARGETS),
  /** fetched on sign-in and every POP3_FETCH_MINUTES while signed in */
  auto: z.boolean(),
});

export type StoredAccount = z.infer<typeof storedAccount>;

export const accountListSchema = z.looseObject({
  accounts: z.array(z.unknown())
    .transform((list) => list.flatMap((entry) => {
      const one = storedAccount.safeParse(entry);
      return one.success ? [one.data] : [];
    }).slice(0, MAX_ACCOUNTS))
    .catch([])
    .default([]),
});

export type AccountList = z.infer<typeof accountListSchema>;

export const POP3_ACCOUNTS = defineDocument<AccountList>('pop3-accounts', accountListSchema, () => ({ accounts: [] }));

export function newAccountId(): string {
  return randomBytes(8).toString('hex');
}

export function findAccount(list: AccountList, id: string): StoredAccount | undefined {
  return list.accounts.find((a) => a.id === id);
}

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}
