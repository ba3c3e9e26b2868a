// The "identities" document: the names, addresses, reply-to addresses and signatures a user sends as, and which
// one is the default (compose/identity.ts uses them; the settings page's Identities section edits them). Kept on
// the IMAP server like every setting, so they follow the user. Bounded: at most MAX_IDENTITIES, each signature at
// most MAX_SIGNATURE_CHARS, so the document stays far below the store's 256 KB. An entry that does not fit is
// dropped on its own, as in user-settings.ts; the strict checks (address syntax, IDENTITY_POLICY) are the form's
// and the send's, which may be stricter than whatever wrote the document.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineDocument } from './document-type.ts';

export const MAX_IDENTITIES = 20;
export const MAX_SIGNATURE_CHARS = 10_000;
export const MAX_NAME_CHARS = 200;

const line = (max: number) => z.string().max(max).refine((s) => !/[\u0000-\u001f\u007f]/.test(s));
const address = line(254).regex(/^[^\s@<>]+@[^\s@<>]+$/);

export const identitySchema = z.object({
  id: z.string().regex(/^[a-z0-9]{1,16}$/),
  name: line(MAX_NAME_CHARS),
  address,
  replyTo: z.union([address, z.literal('')]).catch('').default(''),
  signature: z.object({
    format: z.enum(['text', 'html']),
    content: z.string().max(MAX_SIGNATURE_CHARS),
  }).catch({ format: 'text', content: '' }).default({ format: 'text', content: '' }),
});

export type StoredIdentity = z.infer<typeof identitySchema>;

export const identitiesSchema = z.looseObject({
  identities: z.array(z.unknown())
    .transform((list) => {
      const kept: StoredIdentity[] = [];
      for (const entry of list) {
        const one = identitySchema.safeParse(entry);
        if (one.success && !kept.some((k) => k.id === one.data.id)) kept.push(one.data);
      }
      return kept.slice(0, MAX_IDENTITIES);
    })
    .catch([])
    .default([]),
  defaultId: z.string().max(16).nullable().catch(null).default(null),
});

export type Identities = z.infer<typeof identitiesSchema>;

export const IDENTITIES = defineDocument<Identities>('identities', identitiesSchema, () => identitiesSchema.parse({}));

/** A new identity's id: short, lower-case, unlikely to meet another in one user's list of 20. */
export function newIdentityId(): string {
  return randomBytes(6).toString('hex');
}
