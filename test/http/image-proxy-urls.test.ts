import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { imageProxyUrls } from '../../src/http/pages/image-proxy-urls.ts';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const SRC = 'https://cdn.example/a b.png?x=1&y=2#frag';

const parts = (url: string) => {
  const q = new URLSearchParams(url.split('?').slice(1).join('?'));
  return { u: q.get('u')!, s: q.get('s')! };
};

describe('imageProxyUrls', () => {
  const urls = imageProxyUrls(SECRET);

  it('signs a URL for one session and carries it unchanged', () => {
    const { u, s } = parts(urls.urlFor('session-a', SRC)!);
    assert.equal(u, SRC);
    assert.match(s, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(urls.verify('session-a', u, s));
  });

  it('refuses the signature in another session, for another URL, or under another secret', () => {
    const { u, s } = parts(urls.urlFor('session-a', SRC)!);
    assert.equal(urls.verify('session-b', u, s), false);
    assert.equal(urls.verify('session-a', `${u}x`, s), false);
    assert.equal(urls.verify('', u, s), false);
    assert.equal(urls.verify('session-a', u, s.slice(1)), false);
    assert.equal(imageProxyUrls(`${SECRET}x`).verify('session-a', u, s), false);
  });

  it('does not confuse where the session id ends and the URL begins', () => {
    const { s } = parts(urls.urlFor('ab', 'http://c/')!);
    assert.equal(urls.verify('a', 'bhttp://c/', s), false);
  });

  it('makes no address for a URL the proxy would refuse as too long, or without a session', () => {
    assert.equal(urls.urlFor('session-a', `https://e.example/${'x'.repeat(2100)}`), undefined);
    assert.equal(urls.urlFor('', SRC), undefined);
  });
});
