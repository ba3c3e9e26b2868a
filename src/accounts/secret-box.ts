// POP3 passwords are stored sealed under the user's IMAP password (src/settings/password-seal.ts), so neither the
// IMAP server's data nor Postern's session store alone reveals them. Opening one costs a scrypt derivation
// (0.5-0.9 s, 32 MiB, on libuv's pool): a live session opens each sealed value once and keeps what it opened in
// its own memory, never in a store. A changed IMAP password opens nothing ('wrong-password'): the page then asks
// for the POP3 password again, and the account is not fetched.
import { openWithPassword, sealWithPassword, type Opened } from '../settings/password-seal.ts';
import { MAX_ACCOUNTS } from './account-list.ts';

export class SecretBox {
  readonly #imapPassword: string;
  readonly #opened = new Map<string, Promise<Opened>>();

  constructor(imapPassword: string) {
    this.#imapPassword = imapPassword;
  }

  open(sealed: string): Promise<Opened> {
    let opened = this.#opened.get(sealed);
    if (!opened) {
      opened = openWithPassword(sealed, this.#imapPassword);
      this.#keep(sealed, opened);
    }
    return opened;
  }

  async seal(secret: string): Promise<string> {
    const sealed = await sealWithPassword(secret, this.#imapPassword);
    this.#keep(sealed, Promise.resolve({ ok: true, secret }));
    return sealed;
  }

  /** Old values (an edited password, a removed account) are dropped oldest first: a few accounts, a few values. */
  #keep(sealed: string, opened: Promise<Opened>): void {
    this.#opened.set(sealed, opened);
    for (const oldest of this.#opened.keys()) {
      if (this.#opened.size <= 2 * MAX_ACCOUNTS) break;
      this.#opened.delete(oldest);
    }
  }
}
