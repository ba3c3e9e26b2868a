// One message of a fetch run, in two halves that may overlap with the neighbours' (fetch-account.ts): retrieving
// it from POP3 into a temp file, and storing it in the IMAP folder unless it is there already.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { failedAt, FetchStepError, isRefusedMessage, serverTextOf } from './fetch-failure.ts';
import type { PlannedMessage } from './fetch-plan.ts';
import type { FetchDeps, FetchLimits, FetchReport, Pop3Account } from './fetch-types.ts';
import { readFetchedHeaders } from './fetched-headers.ts';
import type { Pop3Client } from './pop3-client.ts';

export interface Retrieved {
  message: PlannedMessage;
  file: string;
  bytes: number;
}

/** RETR into a file of its own in `work`, byte for byte. */
export async function retrieveMessage(client: Pop3Client, message: PlannedMessage, work: string, limits: FetchLimits): Promise<Retrieved> {
  const file = path.join(work, `${message.number}.eml`);
  const out = createWriteStream(file);
  // A write still pending when a failed RETR destroys the stream reports an error of its own: nothing to add.
  // Errors while the stream is in use reach us through write()/finished() anyway.
  out.on('error', () => undefined);
  try {
    // Slack over the LIST size: servers storing LF report fewer bytes than RETR sends with CRLF.
    const bytes = await client.retr(message.number, out, message.size, limits.maxMessageBytes + limits.maxMessageBytes / 8);
    out.end();
    await finished(out);
    return { message, file, bytes };
  } catch (err) {
    out.destroy();
    throw err;
  }
}

/**
 * Duplicate check, APPEND, UIDL record: in this order, so a break between any two loses nothing. False when the
 * IMAP server refused this one message: it is neither recorded nor deleted, so it stays on the POP3 server.
 */
export async function storeMessage(retrieved: Retrieved, account: Pop3Account, deps: FetchDeps, report: FetchReport): Promise<boolean> {
  const { file, message } = retrieved;
  const { messageId, internalDate } = await readFetchedHeaders(file);
  const duplicate = messageId !== undefined && await failedAt('target', () => deps.target.hasMessageId(account.folder, messageId));
  if (duplicate) {
    report.duplicates++;
  } else {
    try {
      await deps.target.append(account.folder, file, { internalDate });
    } catch (err) {
      // A refusal of this message (too large for the IMAP server, malformed) must not block every later one.
      if (!isRefusedMessage(err)) throw new FetchStepError('target', err);
      report.refused.push({ number: message.number, size: message.size, ...serverTextOf(err) });
      return false;
    }
    report.appended++;
  }
  const uidl = message.uidl;
  if (uidl !== undefined) await failedAt('state', () => deps.store.record(uidl));
  await rm(file, { force: true });
  return true;
}
