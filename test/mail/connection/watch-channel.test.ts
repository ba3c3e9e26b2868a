// The push channel's event memory, without a server: ids only grow, a browser can resume after any event still
// kept, and what is kept stays small (100 events, 200 summaries) and is dropped once nobody can resume.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WatchChannel, type WatchEvent } from '../../../src/mail/connection/watch-channel.ts';
import type { CachedMessage } from '../../../src/mail/cache/cached-message.ts';

const entry = (uid: number): CachedMessage => ({
  uid, subject: `S${uid}`, from: [], to: [], cc: [], replyTo: [], date: undefined,
  messageId: undefined, size: 1, contentType: 'text/plain', flags: [], flagsEpoch: 0, bytes: 100,
});
const seq = (e: WatchEvent) => Number(e.id.split('-')[1]);

describe('WatchChannel', () => {
  it('delivers a mailbox\'s events and every counts event to its subscribers, with growing ids', () => {
    const channel = new WatchChannel();
    const inbox: WatchEvent[] = [];
    const other: WatchEvent[] = [];
    const stopInbox = channel.subscribe('INBOX', (e) => inbox.push(e));
    channel.subscribe('Other', (e) => other.push(e));
    channel.flags('INBOX', 7, ['\\Seen']);
    channel.added('Other', [entry(9)]);
    channel.counts([{ path: 'INBOX', name: 'Inbox', depth: 0, delimiter: '/', selectable: true, subscribed: true, messages: 1, unseen: 0 }]);
    channel.counts([{ path: 'INBOX', name: 'Inbox', depth: 0, delimiter: '/', selectable: true, subscribed: true, messages: 2, unseen: 1 }]);
    assert.deepEqual(inbox.map((e) => e.type), ['flags', 'counts'], 'the first counts are the state, not a change');
    assert.deepEqual(other.map((e) => e.type), ['added', 'counts']);
    assert.ok(seq(inbox[1]!) > seq(inbox[0]!));
    stopInbox();
    assert.equal(channel.target, 'Other', 'the mailbox subscribed last is the one watched');
  });

  it('resumes after a kept event, and answers undefined when the events asked for are gone', () => {
    const channel = new WatchChannel();
    const stop = channel.subscribe('INBOX', () => {});
    const start = channel.lastId;
    for (let uid = 1; uid <= 150; uid++) channel.flags('INBOX', uid, []);
    assert.equal(channel.since(start), undefined, 'the first 50 were dropped: reset');
    const kept = channel.since(`${start.split('-')[0]}-100`, 'INBOX')!;
    assert.deepEqual(kept.map((e) => e.type === 'flags' && e.uid), Array.from({ length: 50 }, (_, i) => 101 + i));
    assert.deepEqual(channel.since(channel.lastId), []);
    stop();
  });

  it('keeps at most 200 summaries, and announces an arrival of more than 50 as a reset', () => {
    const channel = new WatchChannel();
    channel.subscribe('INBOX', () => {});
    const start = channel.lastId;
    for (let round = 0; round < 5; round++) channel.added('INBOX', Array.from({ length: 50 }, (_, i) => entry(round * 50 + i + 1)));
    const epoch = start.split('-')[0];
    assert.equal(channel.since(`${epoch}-0`), undefined, 'the oldest arrival went to stay under 200 summaries');
    assert.equal(channel.since(`${epoch}-1`)!.length, 4, 'the four after it are kept');
    channel.added('INBOX', Array.from({ length: 51 }, (_, i) => entry(1000 + i)));
    assert.equal(channel.since(`${epoch}-5`)!.at(-1)?.type, 'reset');
  });

  it('keeps nothing when nobody is subscribed and nobody was in the last minutes', () => {
    const channel = new WatchChannel();
    const start = channel.lastId;
    channel.flags('INBOX', 1, []);
    assert.equal(channel.since(start), undefined);
    assert.equal(channel.held, false);
  });
});
