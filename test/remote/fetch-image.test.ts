// fetchRemoteImage against a real HTTP server on loopback (test/helpers/image-server.ts). Loopback is allowed only
// where a test says so, as IMAGE_PROXY_ALLOW_LOOPBACK does; names are mapped by an injected resolver.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { fetchRemoteImage, type ImageFetchLimits } from '../../src/remote/fetch-image.ts';
import type { Lookup } from '../../src/remote/destination.ts';
import { PNG } from '../fixtures/messages.ts';
import { GIF, JPEG, WEBP } from '../fixtures/parts.ts';
import { startImageServer, type ImageServer } from '../helpers/image-server.ts';

const OPEN: ImageFetchLimits = { allowLoopback: true, maxBytes: 5 * 1024 * 1024, timeoutMs: 10_000 };
const CLOSED: ImageFetchLimits = { ...OPEN, allowLoopback: false };

const failure = async (promise: Promise<unknown>) => {
  try {
    const image = await promise as { body: NodeJS.ReadableStream };
    await buffer(image.body);
  } catch (err) {
    return (err as { failure?: string }).failure ?? String(err);
  }
  return 'no failure';
};

describe('fetchRemoteImage', () => {
  let server: ImageServer;
  before(async () => {
    server = await startImageServer();
  });
  after(() => server.close());

  it('fetches png, jpeg, gif and webp, typed by their bytes', async () => {
    for (const [path, type, bytes] of [['/logo.png', 'image/png', PNG], ['/photo.jpg', 'image/jpeg', JPEG], ['/anim.gif', 'image/gif', GIF],
      ['/pic.webp', 'image/webp', WEBP], ['/untyped', 'image/png', PNG]] as const) {
      const image = await fetchRemoteImage(`${server.origin}${path}`, OPEN);
      assert.equal(image.contentType, type, path);
      assert.deepEqual(await buffer(image.body), bytes, path);
    }
  });

  it('sends the sender nothing of the reader: no cookie, no referrer, a neutral user agent', async () => {
    const before = server.seen.length;
    await buffer((await fetchRemoteImage(`${server.origin}/logo.png?u=1`, OPEN)).body);
    const seen = server.seen.slice(before);
    assert.equal(seen.length, 1);
    assert.deepEqual(Object.keys(seen[0]!.headers).sort(), ['accept', 'accept-encoding', 'connection', 'host', 'user-agent']);
    assert.equal(seen[0]!.headers['user-agent'], 'Postern-Image-Proxy/1');
    assert.equal(seen[0]!.headers.host, `127.0.0.1:${server.port}`);
  });

  it('refuses SVG and HTML pretending to be PNG, whatever their declared type', async () => {
    assert.equal(await failure(fetchRemoteImage(`${server.origin}/evil.svg`, OPEN)), 'not-image');
    assert.equal(await failure(fetchRemoteImage(`${server.origin}/fake.png`, OPEN)), 'not-image');
  });

  it('refuses an image over the size cap, declared or counted', async () => {
    assert.equal(await failure(fetchRemoteImage(`${server.origin}/huge.png`, OPEN)), 'too-large');
    assert.equal(await failure(fetchRemoteImage(`${server.origin}/huge-chunked.png`, OPEN)), 'too-large');
  });

  it('gives up on a server that never answers, or stalls halfway, at the deadline', async () => {
    const quick = { ...OPEN, timeoutMs: 300 };
    assert.equal(await failure(fetchRemoteImage(`${server.origin}/slow.png`, quick)), 'timeout');
    assert.equal(await failure(fetchRemoteImage(`${server.origin}/slow-body.png`, quick)), 'timeout');
  });

  it('follows up to three redirects, checking each hop', async () => {
    const hop = (to: string) => `${server.origin}/redirect?to=${encodeURIComponent(to)}`;
    const image = await fetchRemoteImage(hop(hop('/logo.png')), OPEN);
    assert.deepEqual(await buffer(image.body), PNG);
    assert.equal(await failure(fetchRemoteImage(`${server.origin}/loop`, OPEN)), 'unreachable');
    for (const target of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://[fd00::1]/x.png', 'http://[::ffff:192.168.0.1]/']) {
      assert.equal(await failure(fetchRemoteImage(hop(target), OPEN)), 'refused', target);
    }
    assert.equal(await failure(fetchRemoteImage(hop('ftp://example.com/x.png'), OPEN)), 'bad-url');
    assert.equal(await failure(fetchRemoteImage(hop('file:///etc/passwd'), OPEN)), 'bad-url');
  });

  it('refuses loopback destinations unless allowed, before connecting', async () => {
    const before = server.seen.length;
    for (const url of [`${server.origin}/logo.png`, `http://localhost:${server.port}/logo.png`, `http://[::1]:${server.port}/logo.png`,
      `http://[::ffff:127.0.0.1]:${server.port}/logo.png`, `http://2130706433:${server.port}/logo.png`, `http://0x7f.1:${server.port}/logo.png`]) {
      assert.equal(await failure(fetchRemoteImage(url, CLOSED)), 'refused', url);
    }
    assert.equal(server.seen.length, before, 'no request reached the server');
  });

  it('refuses anything but absolute http(s) URLs without credentials', async () => {
    for (const url of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '/relative.png', `http://user:pw@127.0.0.1:${server.port}/logo.png`, 'gopher://x/']) {
      assert.equal(await failure(fetchRemoteImage(url, OPEN)), 'bad-url', url);
    }
  });

  it('resolves a name once, connects to the checked address, and sends the name as Host', async () => {
    let lookups = 0;
    // A rebinding resolver: the first answer is the one that was checked; any later one would point elsewhere.
    const rebinding: Lookup = async () => (lookups++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }]);
    const before = server.seen.length;
    const image = await fetchRemoteImage(`http://images.test:${server.port}/logo.png`, OPEN, rebinding);
    assert.deepEqual(await buffer(image.body), PNG);
    assert.equal(lookups, 1);
    assert.equal(server.seen[before]!.headers.host, `images.test:${server.port}`);
  });

  it('refuses a name that resolves only to private addresses, and skips the private ones among public', async () => {
    const privateOnly: Lookup = async () => [{ address: '192.168.1.10', family: 4 }, { address: 'fd00::5', family: 6 }];
    assert.equal(await failure(fetchRemoteImage('http://intranet.test/logo.png', OPEN, privateOnly)), 'refused');
    const mixed: Lookup = async () => [{ address: '10.0.0.7', family: 4 }, { address: '127.0.0.1', family: 4 }];
    const image = await fetchRemoteImage(`http://mixed.test:${server.port}/logo.png`, OPEN, mixed);
    assert.deepEqual(await buffer(image.body), PNG);
    const loopbackName: Lookup = async () => [{ address: '127.0.0.1', family: 4 }];
    assert.equal(await failure(fetchRemoteImage(`http://evil.test:${server.port}/logo.png`, CLOSED, loopbackName)), 'refused');
  });

  it('says a name that does not resolve is unreachable', async () => {
    const none: Lookup = async () => { throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }); };
    assert.equal(await failure(fetchRemoteImage('http://nowhere.test/x.png', OPEN, none)), 'unreachable');
  });

  it('passes on error statuses as unreachable', async () => {
    assert.equal(await failure(fetchRemoteImage(`${server.origin}/missing.png`, OPEN)), 'unreachable');
  });
});
