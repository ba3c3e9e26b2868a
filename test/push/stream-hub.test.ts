// The event streams on real node:http sockets: framing, heartbeat, caps per session and process, a reader that
// does not read is dropped once its buffer passes the bound (memory does not grow with what it misses), a session
// that is gone ends its stream, and shutdown ends them all.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamHub, type HubLimits } from '../../src/push/stream-hub.ts';
import type { EventStream } from '../../src/push/event-stream.ts';
import { formatEvent } from '../../src/push/sse-format.ts';
import { hangGuard, openPaused } from '../helpers/live.ts';
import { openEvents } from '../helpers/sse.ts';

const LIMITS: HubLimits = {
  maxStreams: 3, maxPerSession: 2, heartbeatMs: 50, maxBufferedBytes: 64 << 10, retryMs: 1000, checkMs: 50, maxLifetimeMs: 60_000,
};

describe('event streams', () => {
  let server: Server;
  let base = '';
  let hub: StreamHub;
  const streams = new Map<string, EventStream>();
  const ended: string[] = [];
  let signedIn = true;

  before(async () => {
    hub = new StreamHub(LIMITS);
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const session = url.searchParams.get('session') ?? 's';
      const refused = hub.refusal(session);
      if (refused) return void res.writeHead(refused === 'session' ? 429 : 503).end(refused);
      const name = url.searchParams.get('name') ?? session;
      streams.set(name, hub.open(session, res, { stillSignedIn: async () => signedIn || session !== 'gone', ended: (why) => ended.push(`${name}:${why}`) }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('frames events, keeps multi-line data in one event and refuses line breaks in ids', async () => {
    assert.equal(formatEvent({ id: 'a-1', event: 'added', data: 'one\ntwo' }), 'id: a-1\nevent: added\ndata: one\ndata: two\n\n');
    assert.throws(() => formatEvent({ id: 'a\n-1', event: 'added', data: '' }));
    const reader = await openEvents(base, '/?name=frame', '');
    assert.equal(reader.headers.get('x-accel-buffering'), 'no');
    streams.get('frame')!.send({ id: 'x-1', event: 'flags', data: '{"uid":1}\nsecond' });
    const got = await reader.next((e) => e.event === 'flags', 'the event');
    assert.deepEqual(got, { id: 'x-1', event: 'flags', data: '{"uid":1}\nsecond' });
    await hangGuard(5000, 'heartbeats', (async () => {
      while (reader.comments < 3) await new Promise((r) => setTimeout(r, 20));
    })());
    reader.close();
    await hangGuard(5000, 'the hub letting go', (async () => {
      while (hub.size) await new Promise((r) => setTimeout(r, 20));
    })());
  });

  it('refuses past the session cap with 429 and past the process cap with 503', async () => {
    const a = await openEvents(base, '/?session=one&name=a', '');
    const b = await openEvents(base, '/?session=one&name=b', '');
    const c = await openEvents(base, '/?session=one&name=c', '');
    assert.deepEqual([a.status, b.status, c.status], [200, 200, 429]);
    const d = await openEvents(base, '/?session=two&name=d', '');
    const e = await openEvents(base, '/?session=three&name=e', '');
    assert.deepEqual([d.status, e.status], [200, 503]);
    for (const r of [a, b, d]) r.close();
    await hangGuard(5000, 'all closed', (async () => {
      while (hub.size) await new Promise((r) => setTimeout(r, 20));
    })());
  });

  it('drops a reader that stops reading once its buffer passes the bound', async () => {
    const res = await openPaused(base, '/?name=slow', '');
    const stream = streams.get('slow')!;
    const chunk = 'x'.repeat(16 << 10);
    let written = 0;
    // The kernel's socket buffers take the first MBs; after that node's own buffer grows, up to the bound.
    while (stream.open && written < 256 << 20) {
      stream.send({ event: 'added', data: chunk });
      written += chunk.length;
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(stream.open, false, `still open after ${written} bytes`);
    assert.ok(ended.includes('slow:slow'), ended.join());
    res.destroy();
  });

  it('ends the stream of a session that is gone, and every stream at shutdown', async () => {
    signedIn = false;
    const gone = await openEvents(base, '/?session=gone&name=gone', '');
    await hangGuard(5000, 'the signed-out stream ending', gone.ended);
    assert.ok(ended.includes('gone:signed-out'), ended.join());
    signedIn = true;
    const open = await openEvents(base, '/?session=here&name=here', '');
    hub.closeAll();
    await hangGuard(5000, 'the stream ending at shutdown', open.ended);
    assert.equal((await openEvents(base, '/?session=new', '')).status, 503);
  });
});
