// Sentences chosen in one place and shown in another, in the reader's language: a catalog key with its values
// (a flash, an HttpError, a form's error, a MailError from src/mail). Values may be folders, whose usual names
// (Inbox, Sent, Trash, ...) are shown in the reader's language, further sentences, translated in turn, and lists,
// joined as the language joins them ("a, b and c", "a, b und c").
import { isUserText, type FolderRef, type TextValue } from '../../mail/errors/user-text.ts';
import type { MailboxSummary, SpecialUse } from '../../mail/folders/mailboxes.ts';
import { withUsualNames } from '../../mail/folders/folder-rules.ts';
import { msg, type Translate } from './translator.ts';

/** A catalog key with its values; a MailError's UserText is one too (with its English). */
export interface Keyed {
  key: string;
  values?: Record<string, TextValue>;
}

/** A message for the user: a catalog key with its values, or text that is already in the reader's language. */
export type UserMessage = string | Keyed;

/** What turning a message into words needs: the request's t() and its locale (for lists). */
export interface Words {
  t: Translate;
  locale: string;
}

// The names Postern itself gives these folders (INBOX is "Inbox"; Archive, Junk and Trash are what it creates,
// Drafts and Sent what servers create by default): a folder still called so is shown under the reader's name
// for it. A folder its owner named otherwise ("Sent Items", "Gesendete Objekte") keeps its name.
const USUAL: Partial<Record<SpecialUse, string>> = { inbox: 'Inbox', drafts: 'Drafts', sent: 'Sent', archive: 'Archive', junk: 'Junk', trash: 'Trash' };
const NAMES: Partial<Record<SpecialUse, string>> = {
  inbox: msg('common:folderNames.inbox'), drafts: msg('common:folderNames.drafts'), sent: msg('common:folderNames.sent'),
  archive: msg('common:folderNames.archive'), junk: msg('common:folderNames.junk'), trash: msg('common:folderNames.trash'),
};

/** The folder as the reader knows it: the usual names in their language, every other name as the server has it. */
export function folderName(ref: FolderRef, t: Translate): string {
  const use = ref.use as SpecialUse | undefined;
  const usual = use && USUAL[use];
  return usual && usual.toLowerCase() === ref.label.toLowerCase() ? t(NAMES[use]!) : ref.label;
}

/**
 * The folder list with the usual names in the reader's language (paths untouched). Unflagged Archive, Junk and
 * Trash found by name count as special here, as everywhere else (folder-rules.ts withUsualNames): once named in the
 * reader's language they could no longer be found by name.
 */
export function localFolders(folders: MailboxSummary[], t: Translate): MailboxSummary[] {
  return withUsualNames(folders).map((f) => {
    if (f.depth !== 0 || !f.specialUse) return f;
    const name = folderName({ label: f.name, use: f.specialUse }, t);
    return name === f.name ? f : { ...f, name };
  });
}

const isFolder = (v: object): v is FolderRef => typeof (v as FolderRef).label === 'string' && !('key' in v);

function valueText(value: TextValue, words: Words): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return new Intl.ListFormat(words.locale, { type: 'conjunction' }).format(value.map((v) => String(valueText(v, words))));
  if (isUserText(value) || 'key' in value) return say(value as Keyed, words);
  if (isFolder(value)) return folderName(value, words.t);
  return String(value);
}

/** The message in the reader's language. A UserText without a key (written below http as plain English) shows its English. */
export function say(message: UserMessage, words: Words): string {
  if (typeof message === 'string') return message;
  if (!message.key) return isUserText(message) ? message.english : '';
  const values = message.values && Object.fromEntries(Object.entries(message.values).map(([k, v]) => [k, valueText(v, words)]));
  return words.t(message.key, values);
}

/** A MailError's message and detail, as the page shows them. */
export function sayMailError(err: { text: Keyed; detailText?: Keyed | undefined }, words: Words): string {
  const detail = err.detailText ? say(err.detailText, words) : '';
  return detail ? `${say(err.text, words)} ${detail}` : say(err.text, words);
}
