// RFC 1939 section 3 byte stuffing undone on arbitrary chunk boundaries: every split point of tricky messages.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { DotUnstuffer } from '../../src/pop3/dot-unstuff.ts';

/** What a server sends for `message` (CRLF lines): a leading "." doubled, then the terminating line. */
function stuffed(message: Buffer): Buffer {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < message.length; i++) {
    if (message[i] === 0x0a) {
      lines.push(message.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < message.length) lines.push(Buffer.concat([message.subarray(start), Buffer.from('\r\n')]));
  return Buffer.concat([...lines.map((line) => (line[0] === 0x2e ? Buffer.concat([Buffer.from('.'), line]) : line)), Buffer.from('.\r\n')]);
}

function decode(chunks: Buffer[]): { body: Buffer; rest: Buffer | undefined } {
  const unstuffer = new DotUnstuffer();
  const body: Buffer[] = [];
  for (const chunk of chunks) {
    const { data, rest } = unstuffer.push(chunk);
    body.push(...data);
    if (rest) return { body: Buffer.concat(body), rest };
  }
  return { body: Buffer.concat(body), rest: undefined };
}

const TRICKY = [
  'Subject: dots\r\n\r\n.\r\n..\r\n...\r\n.x\r\n. \r\nend\r\n',
  '.starts with a dot\r\n',
  'bare\rCR and .\r\n.\rCR after a dot\r\n',
  'a line ending in a bare LF\n.next\n..\r\n',
  '\r\n\r\n.\r\n',
  'x'.repeat(3000) + '\r\n.' + 'y'.repeat(5000) + '\r\n',
];

describe('DotUnstuffer', () => {
  it('restores tricky messages exactly, whatever the two chunks they arrive in', () => {
    for (const text of TRICKY) {
      const message = Buffer.from(text, 'latin1');
      const wire = Buffer.concat([stuffed(message), Buffer.from('+OK next answer\r\n')]);
      for (let cut = 0; cut <= wire.length; cut++) {
        const { body, rest } = decode([wire.subarray(0, cut), wire.subarray(cut)]);
        assert.deepEqual(body, message, `${JSON.stringify(text.slice(0, 30))} cut at ${cut}`);
        // The answer ends in whichever chunk holds the terminator's LF; its rest is the remainder of that chunk.
        const end = wire.length - '+OK next answer\r\n'.length;
        assert.deepEqual(rest, cut < end ? wire.subarray(end) : wire.subarray(end, cut));
      }
    }
  });

  it('passes every byte value through, one byte per chunk too', () => {
    const bytes = Buffer.alloc(256 * 4);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 256;
    const message = Buffer.concat([bytes, Buffer.from('\r\n')]);
    const wire = stuffed(message);
    const single = [...wire].map((b) => Buffer.from([b]));
    assert.deepEqual(decode(single).body, message);
    assert.deepEqual(decode([wire]).body, message);
  });

  it('keeps random binary lines byte for byte in random chunks', () => {
    for (let round = 0; round < 50; round++) {
      const message = Buffer.concat([randomBytes(2000).map((b) => (b < 40 ? [0x0a, 0x2e, 0x0d, 0x2e][b % 4]! : b)), Buffer.from('\r\n')]);
      const wire = stuffed(message);
      const chunks: Buffer[] = [];
      for (let at = 0; at < wire.length; ) {
        const size = 1 + Math.floor(Math.random() * 64);
        chunks.push(wire.subarray(at, at + size));
        at += size;
      }
      const { body, rest } = decode(chunks);
      assert.deepEqual(body, message);
      assert.equal(rest?.length, 0);
    }
  });

  it('reads an empty answer and keeps what follows the terminator', () => {
    assert.deepEqual(decode([Buffer.from('.\r\n+OK')]), { body: Buffer.alloc(0), rest: Buffer.from('+OK') });
  });

  it('refuses bytes after the answer ended', () => {
    const unstuffer = new DotUnstuffer();
    unstuffer.push(Buffer.from('.\r\n'));
    assert.throws(() => unstuffer.push(Buffer.from('x')));
  });
});
