// Adding a document is one call: its name, the zod schema that owns its shape (in the module of whoever defines
// it: user-settings.ts for "settings"; contacts, identities and POP3 accounts later), and its value when nothing
// valid is stored. SettingsStore.read/write then give and take typed values.
import type { z } from 'zod';
import { checkDocumentName } from './document-text.ts';

/** A document type: its name, the schema that owns its shape, and its value when nothing (valid) is stored. */
export interface DocumentType<T> {
  name: string;
  schema: z.ZodType<T>;
  empty(): T;
}

export function defineDocument<T>(name: string, schema: z.ZodType<T>, empty: () => T): DocumentType<T> {
  return { name: checkDocumentName(name), schema, empty };
}

/** Values a session shares between requests come frozen: no request can change what another one reads. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
