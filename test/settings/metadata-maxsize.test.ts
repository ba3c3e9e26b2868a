// RFC 5464 section 4.3: a server refuses a value larger than it keeps per entry with NO [METADATA MAXSIZE n].
// Dovecot 2.3 sets no such limit (10 MB values were accepted here), so the answer comes from a small fake
// client shaped like imapflow's exec() and its errors (the response shape was recorded from Dovecot's [CANNOT]).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import { MetadataRefused } from '../../src/mail/private-storage/metadata.ts';
import { MetadataBackend } from '../../src/settings/metadata-backend.ts';
import { noise } from './settings-helpers.ts';

type Token = { type: string; value: unknown } | null;

function refusedWith(...code: string[]): Error {
  return Object.assign(new Error('Command failed'), {
    responseStatus: 'NO',
    responseText: 'Refused',
    response: { tag: '5', command: 'NO', attributes: [{ type: 'ATOM', value: '', section: code.map((value) => ({ type: 'ATOM', value })) }, { type: 'TEXT', value: 'Refused' }] },
  });
}

/** A server that keeps at most `maxSize` bytes per entry, or refuses everything with `code`. */
function fakeServer(opts: { maxSize?: number; code?: string[] }) {
  const sets: Map<string, string | null>[] = [];
  const client = {
    capabilities: new Map([['METADATA', true]]),
    exec: async (command: string, attributes: unknown[]) => {
      if (command === 'SETMETADATA') {
        const list = attributes[1] as Token[];
        const entries = new Map<string, string | null>();
        for (let i = 0; i < list.length; i += 2) entries.set(String(list[i]!.value), list[i + 1] ? String(list[i + 1]!.value) : null);
        sets.push(entries);
        if (opts.code) throw refusedWith(...opts.code);
        if ([...entries.values()].some((v) => v !== null && v.length > opts.maxSize!)) throw refusedWith('METADATA', 'MAXSIZE', String(opts.maxSize));
      }
      return { response: { attributes: [] }, next() {} };
    },
  };
  const session = { user: 'fake', withClient: (fn: (c: unknown) => Promise<unknown>) => fn(client) } as unknown as MailSession;
  return { session, sets };
}

describe('METADATA entries on a server with MAXSIZE', () => {
  it('splits to the size the server names and tries once more; later writes split at once', async () => {
    const { session, sets } = fakeServer({ maxSize: 2048 });
    const backend = new MetadataBackend({ maxEntryBytes: Number.POSITIVE_INFINITY });
    await backend.write(session, 'contacts', JSON.stringify({ text: noise(20_000) }));
    assert.equal(sets.length, 2);
    const accepted = sets[1]!;
    assert.match(accepted.get('/private/vendor/postern/contacts')!, /^chunks:\d+$/);
    for (const v of accepted.values()) assert.ok(v === null || v.length <= 2048);
    await backend.write(session, 'contacts', JSON.stringify({ text: noise(20_000) }));
    assert.equal(sets.length, 3, 'the limit was learned: one SETMETADATA');
  });

  it('gives up with too-large when even the chunks do not fit (no loop)', async () => {
    const { session, sets } = fakeServer({ maxSize: 10 });
    const backend = new MetadataBackend({ maxEntryBytes: Number.POSITIVE_INFINITY });
    await assert.rejects(backend.write(session, 'contacts', JSON.stringify({ text: noise(20_000) })), (err) => err instanceof Error && 'kind' in err && err.kind === 'too-large');
    assert.equal(sets.length, 1);
  });

  it('reports TOOMANY and NOPRIVATE as MailErrors with their reason', async () => {
    for (const [code, kind] of [['TOOMANY', 'too-large'], ['NOPRIVATE', 'rejected']] as const) {
      const { session } = fakeServer({ code: ['METADATA', code] });
      await assert.rejects(new MetadataBackend({ maxEntryBytes: 1e9 }).write(session, 'settings', '{}'),
        (err) => err instanceof MetadataRefused && err.reason === code.toLowerCase() && err.kind === kind);
    }
  });
});
