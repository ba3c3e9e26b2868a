// The internal date and Message-ID taken from a fetched message's header block.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFetchedHeaders } from '../../src/pop3/fetched-headers.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const parse = (text: string) => parseFetchedHeaders(Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1'), NOW);

describe('parseFetchedHeaders', () => {
  it('dates the message by its newest (topmost) Received header, folded and with a comment', () => {
    const h = parse(`Received: from b by c with ESMTPS id 1;\n\tMon, 3 Mar 2025 10:00:05 +0100 (CET)
Received: from a by b; Mon, 3 Mar 2025 09:59:00 +0100
Date: Mon, 3 Mar 2025 09:58:00 +0100
Message-ID: <abc@example.org>

body`);
    assert.equal(h.internalDate.toISOString(), '2025-03-03T09:00:05.000Z');
    assert.equal(h.messageId, '<abc@example.org>');
  });

  it('falls back to Date, then to now, when Received dates are missing or absurd', () => {
    assert.equal(parse('Received: from a by b; yesterday-ish\nDate: Tue, 4 Mar 2025 08:00:00 -0500\n\n').internalDate.toISOString(), '2025-03-04T13:00:00.000Z');
    assert.equal(parse('Received: by b; Fri, 1 Jan 2100 00:00:00 +0000\nDate: Thu, 01 Jan 1970 00:00:00 +0000\n\n').internalDate, NOW);
    assert.equal(parse('Subject: no dates\n\n').internalDate, NOW);
  });

  it('reads only the header block, case-insensitively, and ignores unusable Message-IDs', () => {
    assert.equal(parse('Subject: x\n\nMessage-ID: <in-body@x>\n').messageId, undefined);
    assert.equal(parse('message-id:   <lower@x>  (comment)\n\n').messageId, '<lower@x>');
    assert.equal(parse('Message-ID: no-brackets@x\n\n').messageId, undefined);
    assert.equal(parse('Message-ID: <sp ace@x>\n\n').messageId, undefined);
    assert.equal(parse('Message-ID: <\xe9t\xe9@x>\n\n').messageId, undefined, '8-bit ids are not searched for');
    assert.equal(parse('Message-ID:\n <folded@x>\n\n').messageId, '<folded@x>');
  });
});
