// IMAP METADATA (RFC 5464), server entries only (mailbox ""), which is all Postern's settings need. imapflow has
// no METADATA commands, so these go through its internal exec(), the way its own command modules use it: the
// untagged METADATA answers arrive through a per-command handler, and the tagged response must be released
// (next()) before the connection reads on. Values travel as literals: JSON has quotes and may have line breaks,
// and a literal carries any bytes but NUL (Dovecot refuses NUL with [CANNOT]).
import { asMailError, MailError, responseCode, responseCodeOf } from '../errors/mail-errors.ts';
import type { ImapClient } from '../connection/mail-session.ts';

type Token = { type: string; value: unknown } | Token[] | null;

interface Untagged {
  attributes?: Token[];
}

interface RawExec {
  exec(command: string, attributes: Token[], options?: { untagged?: Record<string, (u: Untagged) => Promise<void>> }): Promise<{
    response: { attributes?: Token[] };
    next(): void;
  }>;
}

/** METADATA-SERVER (RFC 5464 section 1) is the subset with server entries only: enough here. */
export function hasMetadata(client: ImapClient): boolean {
  return client.capabilities.has('METADATA') || client.capabilities.has('METADATA-SERVER');
}

// Outside the documents' tree (/private/vendor/postern/<name>, src/settings/metadata-entries.ts): removing it can
// never touch a document.
const PROBE_ENTRY = '/private/vendor/postern-probe';

/**
 * Whether the server keeps private server entries of Postern's own naming, asked by removing one that does not
 * exist (idempotent, stores nothing). CAPABILITY METADATA does not say so: Cyrus, unless its admin set
 * annotation_allow_undefined, answers SETMETADATA of any entry it does not define with "NO Permission denied".
 * A refusal is an answer (false); a lost connection or a deadline is not, and is thrown.
 */
export async function keepsPrivateEntries(client: ImapClient): Promise<boolean> {
  try {
    await setMetadata(client, new Map([[PROBE_ENTRY, null]]));
    return true;
  } catch (err) {
    const kind = asMailError(err)?.kind;
    if (kind === 'rejected' || kind === 'too-large') return false;
    throw err;
  }
}

/** Why a server refused SETMETADATA (RFC 5464 section 4.3), when it said so with a response code. */
export class MetadataRefused extends MailError {
  readonly reason: 'maxsize' | 'toomany' | 'noprivate';
  /** MAXSIZE: the largest value the server takes for one entry */
  readonly maxSize: number | undefined;

  constructor(reason: MetadataRefused['reason'], maxSize: number | undefined, cause: unknown) {
    super(reason === 'noprivate' ? 'rejected' : 'too-large', reason === 'maxsize'
      ? `The mail server keeps at most ${maxSize ?? 'a few'} bytes per entry.`
      : reason === 'toomany' ? 'The mail server keeps no more entries for this account.'
        : 'The mail server keeps no private entries.', { cause });
    this.name = 'MetadataRefused';
    this.reason = reason;
    this.maxSize = maxSize;
  }
}

const string = (value: string): Token => ({ type: 'STRING', value });

async function run(client: ImapClient, command: string, attributes: Token[], onEntries?: (list: Token[]) => void): Promise<Token[]> {
  // exec() is imapflow's internal command door (@internal in its types); nothing else reaches it.
  const raw = client as unknown as RawExec;
  const untagged = onEntries ? {
    METADATA: async (u: Untagged) => {
      // "* METADATA "" (name value ...)"; the unsolicited form lists names without parentheses (section 4.4.2).
      const list = u.attributes?.[1];
      if (Array.isArray(list)) onEntries(list);
    },
  } : undefined;
  let answer;
  try {
    answer = await raw.exec(command, attributes, untagged ? { untagged } : {});
  } catch (err) {
    throw refusal(err) ?? err;
  }
  try {
    return answer.response.attributes ?? [];
  } finally {
    answer.next();
  }
}

function refusal(err: unknown): MetadataRefused | undefined {
  const code = responseCodeOf(err);
  if (code?.[0] !== 'METADATA') return undefined;
  if (code[1] === 'MAXSIZE') return new MetadataRefused('maxsize', Number(code[2]) || undefined, err);
  if (code[1] === 'TOOMANY') return new MetadataRefused('toomany', undefined, err);
  if (code[1] === 'NOPRIVATE') return new MetadataRefused('noprivate', undefined, err);
  return undefined;
}

const text = (token: Token): string | null => {
  if (!token || Array.isArray(token)) return null;
  return Buffer.isBuffer(token.value) ? token.value.toString('utf8') : String(token.value);
};

export interface MetadataRead {
  /** every entry asked for that has a value; absent (NIL) entries are left out */
  values: Map<string, string>;
  /** the server left out an entry larger than maxSize (RFC 5464 section 4.2.1, LONGENTRIES) */
  tooLong: boolean;
}

/**
 * GETMETADATA of exact server entries. `maxSize` bounds what one answer can hold in memory: the server leaves
 * out larger values and says so with [METADATA LONGENTRIES n].
 */
export async function getMetadata(client: ImapClient, entries: readonly string[], maxSize: number): Promise<MetadataRead> {
  const values = new Map<string, string>();
  const tagged = await run(client, 'GETMETADATA', [
    [{ type: 'ATOM', value: 'MAXSIZE' }, { type: 'ATOM', value: String(maxSize) }],
    string(''),
    entries.map(string),
  ], (list) => {
    for (let i = 0; i + 1 < list.length; i += 2) {
      const name = text(list[i]!);
      const value = text(list[i + 1]!);
      // Dovecot folds entry names to lower case; ours are lower case already.
      if (name !== null && value !== null) values.set(name.toLowerCase(), value);
    }
  });
  const code = responseCode({ attributes: tagged });
  return { values, tooLong: code?.[0] === 'METADATA' && code[1] === 'LONGENTRIES' };
}

/**
 * One SETMETADATA for all the entries: the server sets all or none of them (RFC 5464 section 4.3), so a document
 * and its chunks change together. null removes an entry. Idempotent, so a retry after a lost connection is safe.
 */
export async function setMetadata(client: ImapClient, entries: ReadonlyMap<string, string | null>): Promise<void> {
  const list: Token[] = [];
  for (const [name, value] of entries) list.push(string(name), value === null ? null : { type: 'LITERAL', value: Buffer.from(value, 'utf8') });
  await run(client, 'SETMETADATA', [string(''), list]);
}
