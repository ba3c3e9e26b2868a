// The folder list as a page shows it: listMailboxes, with Inbox, Sent, Trash, ... under the reader's names for them
// (i18n/user-text.ts). Paths stay as the server has them; only the names shown change.
import type { Response } from 'express';
import { listMailboxes, type MailboxSummary } from '../../mail/folders/mailboxes.ts';
import { mailSessionOf } from '../sessions/auth.ts';
import { localeOf } from '../i18n/request-locale.ts';
import { localFolders } from '../i18n/user-text.ts';

export async function shownFolders(res: Response, opts: { maxAgeMs?: number } = {}): Promise<MailboxSummary[]> {
  return localFolders(await listMailboxes(mailSessionOf(res), opts), localeOf(res).t);
}
