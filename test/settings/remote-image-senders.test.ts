// Trusted senders for remote images: an exact address, or "@domain" for that domain only.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { senderEntry, trustingEntry } from '../../src/settings/remote-image-senders.ts';

describe('trusted senders', () => {
  const list = ['ana@example.com', '@news.example.org'];

  it('trusts a listed address, whatever its case', () => {
    assert.equal(trustingEntry(list, 'Ana@Example.COM'), 'ana@example.com');
    assert.equal(trustingEntry(list, 'bo@example.com'), undefined);
  });

  it('trusts a whole domain, but not its subdomains or a domain that merely ends the same', () => {
    assert.equal(trustingEntry(list, 'offers@news.example.org'), '@news.example.org');
    assert.equal(trustingEntry(list, 'x@mail.news.example.org'), undefined);
    assert.equal(trustingEntry(list, 'x@evilnews.example.org'), undefined);
  });

  it('trusts nobody without an address', () => {
    assert.equal(trustingEntry(list, undefined), undefined);
    assert.equal(trustingEntry(list, ''), undefined);
    assert.equal(trustingEntry(['@example.com'], 'not an address'), undefined);
  });

  it('takes addresses and @domains as entries, trimmed and lower case, and nothing else', () => {
    assert.equal(senderEntry('  Ana@Example.com '), 'ana@example.com');
    assert.equal(senderEntry('@Example.com'), '@example.com');
    for (const bad of ['', 'example.com', 'a b@example.com', '<a@example.com>', 'a@', '@', 'a@-x.com']) assert.equal(senderEntry(bad), undefined, bad);
  });
});
