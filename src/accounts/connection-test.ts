// "Test connection": the steps of a run up to the first message, and nothing fetched. Connect (name lookup,
// TCP, TLS or STLS), CAPA, sign in, STAT, UIDL (which "download and keep" cannot do without), QUIT. The answer
// names the step that failed with the engine's error kinds, which the page explains (dns, connect, blocked, tls,
// auth, busy, no-uidl, protocol, timeout).
import { describeFailure, type FetchFailure, type FetchFailureKind } from '../pop3/fetch-failure.ts';
import type { FetchMode } from '../pop3/fetch-plan.ts';
import { Pop3Client, type Pop3ConnectOptions } from '../pop3/pop3-client.ts';
import { Pop3Error } from '../pop3/pop3-error.ts';

/** 'wrong-password': the stored POP3 password does not open with this IMAP password (accounts.ts). */
export interface CheckFailure extends Omit<FetchFailure, 'message' | 'kind'> {
  kind: FetchFailureKind | 'wrong-password';
}

export type ConnectionCheck =
  | { ok: true; messages: number; bytes: number; uidl: boolean }
  | { ok: false; failure: CheckFailure };

export async function testConnection(options: Pop3ConnectOptions, mode: FetchMode): Promise<ConnectionCheck> {
  let client: Pop3Client | undefined;
  try {
    client = await Pop3Client.connect(options);
    const { count, size } = await client.stat();
    let uidl = true;
    try {
      await client.uidl(count);
    } catch (err) {
      // Only "download and delete" can do without unique ids (fetch-account.ts).
      if (!(err instanceof Pop3Error && err.kind === 'no-uidl' && mode === 'delete')) throw err;
      uidl = false;
    }
    await client.quit();
    return { ok: true, messages: count, bytes: size, uidl };
  } catch (err) {
    client?.close();
    const { message: _english, ...failure } = describeFailure(err);
    return { ok: false, failure };
  }
}
