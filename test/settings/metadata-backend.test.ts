// The METADATA backend in detail, on the sandbox Dovecot (imap_metadata = yes): the entries it writes, chunks,
// and what it does with values it did not write.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import type { ImapClient } from '../../src/mail/connection/mail-session.ts';
import { getMetadata, setMetadata } from '../../src/mail/private-storage/metadata.ts';
import { READ_LIMIT } from '../../src/settings/metadata-entries.ts';
import { newUser, sandbox, type TestUser } from '../helpers/env.ts';
import { withImap } from '../helpers/imap.ts';
import { instance, noise, type Instance } from './settings-helpers.ts';

const ROOT = '/private/vendor/postern/';
const text = z.object({ text: z.string() });

describe('settings in METADATA entries', () => {
  let info: SandboxInfo;
  let user: TestUser;
  let a: Instance;
  let b: Instance;

  const raw = <T>(fn: (c: ImapClient) => Promise<T>) => withImap(info, user, fn);
  const entries = (names: string[]) => raw(async (c) => (await getMetadata(c, names, 10_000_000)).values);

  before(async () => {
    info = await sandbox();
    user = await newUser('meta');
    // a writes as to a server that keeps at most 4 KB per entry; b has no limit.
    a = await instance(info, user, 'auto', { maxEntryBytes: 4096 });
    b = await instance(info, user, 'auto');
  });
  after(async () => {
    await a?.close();
    await b?.close();
  });

  it('chooses METADATA in auto mode because the server offers it', async () => {
    assert.equal(await a.store.backendKind(a.session), 'metadata');
  });

  it('writes small documents as plain JSON in one private entry', async () => {
    await b.store.writeDocument(b.session, 'settings', { theme: 'dark' });
    const stored = await entries([`${ROOT}settings`, `/shared/vendor/postern/settings`]);
    assert.deepEqual([...stored], [[`${ROOT}settings`, '{"theme":"dark"}']]);
  });

  it('splits a document over chunks that fit the entry limit; an instance without the limit reads it', async () => {
    const doc = { text: noise(100_000) };
    await a.store.writeDocument(a.session, 'big', doc);
    const head = (await entries([`${ROOT}big`])).get(`${ROOT}big`)!;
    const count = Number(/^chunks:(\d+)$/.exec(head)?.[1]);
    assert.ok(count > 1, head);
    const chunks = await entries(Array.from({ length: count + 1 }, (_, i) => `${ROOT}big/${i}`));
    assert.equal(chunks.size, count);
    for (const value of chunks.values()) assert.ok(value.length <= 4096);
    assert.deepEqual(await b.store.readDocument(b.session, 'big', text), doc);
  });

  it('removes the chunks when the document shrinks to one entry', async () => {
    await b.store.writeDocument(b.session, 'big', { text: 'short' });
    assert.deepEqual([...(await entries(Array.from({ length: 33 }, (_, i) => `${ROOT}big/${i}`)))], []);
    assert.deepEqual(await a.store.readDocument(a.session, 'big', text), { text: 'short' });
  });

  const damaged: [string, Record<string, string>, RegExp][] = [
    ['text that is not JSON', { d1: 'hello' }, /not JSON/],
    // {"text":"x"} compressed, with one bit of its Adler-32 check flipped
    ['damaged compressed data', { d2: 'zlib:eJyrVipJrShRslKqUKoFABrmA/k=' }, /damaged compressed data/],
    ['a chunked head whose chunks are gone', { d3: 'chunks:3', 'd3/0': 'zlib:' }, /chunk is missing/],
    ['chunks that are not compressed data', { d4: 'chunks:2', 'd4/0': '{"te', 'd4/1': 'xt":"x"}' }, /not compressed/],
  ];
  for (const [what, values, problem] of damaged) {
    it(`ignores ${what} written by something else, and logs it`, async () => {
      await raw((c) => setMetadata(c, new Map(Object.entries(values).map(([k, v]) => [ROOT + k, v]))));
      const name = Object.keys(values)[0]!;
      b.logs.length = 0;
      assert.equal(await b.store.readDocument(b.session, name, text), undefined);
      assert.equal(b.logs.length, 1);
      assert.match(String(b.logs[0]!.problem), problem);
    });
  }

  it('never loads an entry larger than any document it writes (GETMETADATA MAXSIZE): memory stays bounded', async () => {
    await raw((c) => setMetadata(c, new Map([[`${ROOT}huge`, `"${'x'.repeat(READ_LIMIT + 10)}"`]])));
    b.logs.length = 0;
    assert.equal(await b.store.readDocument(b.session, 'huge', z.string()), undefined);
    assert.match(String(b.logs[0]?.problem), /larger than any document/);
  });
});
