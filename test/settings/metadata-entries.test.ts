import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { MailError } from '../../src/mail/errors/mail-errors.ts';
import { MAX_DOCUMENT_BYTES, documentJson } from '../../src/settings/document-text.ts';
import { chunkReadLimit, encodeEntries, entryName, joinChunks, MAX_CHUNKS, READ_LIMIT, readHead } from '../../src/settings/metadata-entries.ts';

/** JSON that compresses little: random hex. */
const noise = (bytes: number) => JSON.stringify(randomBytes(bytes / 2).toString('hex'));
const contacts = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ name: `Person ${i}`, address: `person${i}@example.com`, seen: 1_700_000_000 + i })));

/** Reads entries back the way the backend does: the head, then the chunks it names. */
function decode(name: string, entries: Map<string, string | null>): string {
  const values = new Map([...entries].filter((e): e is [string, string] => e[1] !== null));
  const head = readHead(values.get(entryName(name)));
  if (head.kind === 'text') return head.text;
  if (head.kind !== 'chunks') throw new Error(JSON.stringify(head));
  const joined = joinChunks(name, head.count, values);
  if (!joined.ok) throw new Error(joined.problem);
  return joined.text;
}

describe('METADATA entries of a document', () => {
  it('keeps a small document as readable JSON in one entry and removes any chunks of a longer version', () => {
    const entries = encodeEntries('settings', '{"theme":"dark"}', Number.POSITIVE_INFINITY);
    assert.equal(entries.get('/private/vendor/postern/settings'), '{"theme":"dark"}');
    assert.equal([...entries.values()].filter((v) => v === null).length, MAX_CHUNKS);
    assert.equal(entries.get('/private/vendor/postern/settings/0'), null);
  });

  it('compresses a large document (zlib + base64) and reads it back', () => {
    const json = contacts(2000);
    const entries = encodeEntries('contacts', json, Number.POSITIVE_INFINITY);
    const head = entries.get(entryName('contacts'))!;
    assert.match(head, /^zlib:[A-Za-z0-9+/=]+$/);
    assert.ok(head.length < json.length / 3, `${head.length} vs ${json.length}`);
    assert.equal(decode('contacts', entries), json);
  });

  it('splits a value larger than the server takes per entry into even chunks, each within the limit', () => {
    const json = contacts(3000);
    const entries = encodeEntries('contacts', json, 8192);
    const head = entries.get(entryName('contacts'));
    const count = Number(/^chunks:(\d+)$/.exec(head!)![1]);
    assert.ok(count > 1);
    const chunks = [...entries].filter(([k, v]) => k.startsWith('/private/vendor/postern/contacts/') && v !== null);
    assert.equal(chunks.length, count);
    for (const [, v] of chunks) assert.ok(v!.length <= 8192 && v!.length <= chunkReadLimit(count));
    assert.equal(decode('contacts', entries), json);
  });

  it('refuses a document that needs more chunks than the limit, before anything is sent', () => {
    assert.throws(() => encodeEntries('uidls', noise(64_000), 1024), (err) => err instanceof MailError && err.kind === 'too-large');
  });

  it('reads a mix of two versions, a missing chunk or a bad head as damaged, not as a document', () => {
    const a = encodeEntries('c', contacts(3000), 8192);
    const b = encodeEntries('c', contacts(3001), 8192);
    const mixed = new Map(a);
    mixed.set('/private/vendor/postern/c/1', b.get('/private/vendor/postern/c/1')!);
    assert.throws(() => decode('c', mixed), /damaged|missing|not compressed/);
    const missing = new Map(a);
    missing.set('/private/vendor/postern/c/0', null);
    assert.throws(() => decode('c', missing), /missing/);
    assert.deepEqual(readHead('chunks:0'), { kind: 'bad', problem: 'chunk count 0 out of range' });
    assert.deepEqual(readHead('chunks:99'), { kind: 'bad', problem: 'chunk count 99 out of range' });
    assert.deepEqual(readHead('chunks:x'), { kind: 'bad', problem: 'malformed chunk count' });
    assert.deepEqual(readHead('zlib:AAAA'), { kind: 'bad', problem: 'damaged compressed data' });
    assert.deepEqual(readHead(undefined), { kind: 'absent' });
  });

  it('refuses a zip bomb: a value that inflates past the document limit', () => {
    const bomb = `zlib:${deflateSync(Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20)).toString('base64')}`;
    assert.ok(bomb.length < 2000);
    assert.deepEqual(readHead(bomb), { kind: 'bad', problem: 'inflates past the document limit' });
  });

  it('reads the largest document within READ_LIMIT even when nothing compresses', () => {
    // Random text compresses least; a document just under the limit must still fit one read.
    const json = noise(MAX_DOCUMENT_BYTES - 2);
    const head = encodeEntries('big', documentJson('big', JSON.parse(json)), Number.POSITIVE_INFINITY).get(entryName('big'))!;
    assert.ok(head.length <= READ_LIMIT, `${head.length} > ${READ_LIMIT}`);
  });

  it('refuses a document over the size limit with the too-large kind', () => {
    assert.throws(() => documentJson('contacts', 'x'.repeat(MAX_DOCUMENT_BYTES)), (err) => err instanceof MailError && err.kind === 'too-large');
  });
});
