import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { readHead } from '../../src/remote/stream-head.ts';

describe('readHead', () => {
  it('gathers the head from one-byte chunks and replays the whole stream', async () => {
    const source = Readable.from(['a', 'b', 'c', 'd', 'e', 'f'].map((c) => Buffer.from(c)));
    const { head, body } = await readHead(source, 4);
    assert.equal(head.toString(), 'abcd');
    assert.equal(await text(body), 'abcdef');
  });

  it('returns a short stream whole', async () => {
    const { head, body } = await readHead(Readable.from([Buffer.from('ab')]), 12);
    assert.equal(head.toString(), 'ab');
    assert.equal(await text(body), 'ab');
  });

  it('handles an empty stream', async () => {
    const { head, body } = await readHead(Readable.from([]), 12);
    assert.equal(head.length, 0);
    assert.equal(await text(body), '');
  });

  it('releases the source when the body is dropped unread', async () => {
    const source = new Readable({ read() { this.push(Buffer.alloc(16)); } });
    const { body } = await readHead(source, 12);
    body.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(source.destroyed);
  });

  it('releases the source when the consumer stops halfway', async () => {
    const source = new Readable({ read() { this.push(Buffer.alloc(1024)); } });
    const { body } = await readHead(source, 12);
    for await (const _chunk of body) break;
    assert.ok(source.destroyed);
  });

  it('passes on an error of the source while reading the head', async () => {
    const source = new Readable({ read() { this.destroy(new Error('connection lost')); } });
    await assert.rejects(readHead(source, 12), /connection lost/);
  });
});
