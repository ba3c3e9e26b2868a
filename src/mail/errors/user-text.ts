// Sentences for people that are written below src/http (MailError and Refused messages, plain words for server
// replies, what a send could not finish), where the reader's language is unknown. Each names its message in the
// catalogs (locales/<language>/mail.json) with the values it needs, and keeps the English sentence: the log's text,
// and what a page shows should the key be missing. src/http/i18n/user-text.ts translates it (DESIGN.md "Languages").
// A value may be a folder (shown under the reader's name for Inbox, Sent, Trash, ...), another such sentence
// (translated in turn) or a list of values (joined as the reader's language joins a list).

/** A folder as people know it: its label (the path without the personal namespace prefix) and, for a top-level
 * special-use folder, its use, so a page may give it the name the reader's language has for it. */
export interface FolderRef {
  label: string;
  use?: string | undefined;
}

export type TextValue = string | number | FolderRef | UserText | TextValue[];

export interface UserText {
  /** "mail:ns.key": a message of the catalogs, ICU MessageFormat */
  key: string;
  values?: Record<string, TextValue>;
  /** the sentence in English, for the log */
  english: string;
}

/** The call that names a catalog key: test/http/i18n-catalogs.test.ts finds keys by it. */
export function userText(key: string, english: string, values?: Record<string, TextValue>): UserText {
  return values ? { key, values, english } : { key, english };
}

export function isUserText(value: unknown): value is UserText {
  return typeof value === 'object' && value !== null && typeof (value as UserText).key === 'string' && typeof (value as UserText).english === 'string';
}
