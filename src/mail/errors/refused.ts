// Requests Postern itself declines, before or instead of asking the server: renaming INBOX or the Trash, a folder
// name holding the server's hierarchy delimiter, moving mail into the folder it is already in. They are not
// MailErrors (the server was never asked), so each route decides how to show them: a form shown again, a flash.
// Like a MailError's, the message is a catalog key with the English kept (user-text.ts).
import type { UserText } from './user-text.ts';

export type RefusalReason =
  /** INBOX and special-use folders: other mail programs and Postern itself depend on them */
  | 'protected'
  /** a folder name the server would misread or refuse */
  | 'invalid-name'
  /** the target is the folder the messages are already in */
  | 'same-folder'
  /** a folder that cannot hold messages (\Noselect), or cannot hold subfolders */
  | 'unusable-folder'
  /** the folder's UIDVALIDITY changed between a confirmation and the action it confirmed */
  | 'folder-replaced';

export class Refused extends Error {
  readonly reason: RefusalReason;
  readonly text: UserText;

  constructor(reason: RefusalReason, text: UserText) {
    super(text.english);
    this.name = 'Refused';
    this.reason = reason;
    this.text = text;
  }
}
