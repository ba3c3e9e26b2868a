// Where a run puts what it fetched: the user's IMAP account, on the run's own connection. The one place that
// names the IMAP calls a run makes: the duplicate check, and the APPEND streamed from the temp file (no flags, so
// unseen; the arrival time as internal date; never retried).
import type { MailSession } from '../mail/connection/mail-session.ts';
import { ensureFolder } from '../mail/folders/ensure-folder.ts';
import { appendMessageFile } from '../mail/writing/append-file.ts';
import { hasMessageId } from '../mail/writing/fetched-mail.ts';
import type { FetchTarget } from '../pop3/fetch-account.ts';
import type { StoredAccount } from './account-list.ts';

export function fetchTarget(mail: MailSession): FetchTarget {
  return {
    hasMessageId: (folder, messageId) => hasMessageId(mail, folder, messageId),
    append: async (folder, file, { internalDate }) => {
      await appendMessageFile(mail, folder, file, { internalDate });
    },
  };
}

/** The folder path the account's mail goes to, the folder created on first use. */
export function targetFolder(mail: MailSession, account: Pick<StoredAccount, 'target' | 'name'>): Promise<string> {
  return account.target === 'inbox' ? Promise.resolve('INBOX') : ensureFolder(mail, account.name);
}
