// Address fields as users type them: what parses, and the message for what does not.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidAddress, parseAddressList, uniqueAddresses } from '../../src/compose/addresses.ts';
import { addressForLogin, isOwnAddress, loginAddress } from '../../src/compose/identity.ts';

describe('parsing an address field', () => {
  const good: [string, string, { name: string; address: string }[]][] = [
    ['an empty field', '   ', []],
    ['a bare address', 'bo@example.com', [{ name: '', address: 'bo@example.com' }]],
    ['a name and an address', 'Ana Lima <ana@example.com>', [{ name: 'Ana Lima', address: 'ana@example.com' }]],
    ['a quoted name with a comma', '"Lima, Ana" <ana@example.com>', [{ name: 'Lima, Ana', address: 'ana@example.com' }]],
    ['a comma list', 'a@x.org, B <b@y.org>', [{ name: '', address: 'a@x.org' }, { name: 'B', address: 'b@y.org' }]],
    ['a semicolon list (Outlook habit)', 'a@x.org; b@y.org', [{ name: '', address: 'a@x.org' }, { name: '', address: 'b@y.org' }]],
    ['a group, sent to its members', 'team: a@x.org, b@y.org;', [{ name: '', address: 'a@x.org' }, { name: '', address: 'b@y.org' }]],
    ['an empty group', 'undisclosed-recipients:;', []],
    ['an IDN domain and a non-ASCII name', 'Jürgen <j@münchen.de>', [{ name: 'Jürgen', address: 'j@münchen.de' }]],
    ['an address literal', 'root@[127.0.0.1]', [{ name: '', address: 'root@[127.0.0.1]' }]],
    ['plus addressing', 'ana+news@example.com', [{ name: '', address: 'ana+news@example.com' }]],
  ];
  for (const [what, input, expected] of good) {
    it(`accepts ${what}`, () => assert.deepEqual(parseAddressList(input), { ok: true, addresses: expected }));
  }

  const bad: [string, string, RegExp][] = [
    ['CRLF with a smuggled header', 'a@x.org\r\nBcc: evil@x.org', /Line breaks are not allowed/],
    ['a bare LF', 'a@x.org\nX: y', /Line breaks are not allowed/],
    ['a NUL byte', 'a@x.org\u0000', /control characters/],
    ['a name without an address', 'bob', /"bob" is not an email address/],
    ['a missing domain', 'bob@', /"bob@" is not a valid email address/],
    ['a double dot in the domain', 'a@b..com', /"a@b\.\.com" is not a valid/],
    ['a space-separated list that would lose a recipient', 'a@x.org b@y.org', /Separate the addresses with commas/],
    ['a label starting with a hyphen', 'a@-x.org', /not a valid/],
    ['a 65-character local part', `${'a'.repeat(65)}@x.org`, /not a valid/],
  ];
  for (const [what, input, message] of bad) {
    it(`refuses ${what} with a message that says so`, () => {
      const result = parseAddressList(input);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.error.english, message);
    });
  }

  it('refuses more than 100 addresses in one field', () => {
    const result = parseAddressList(Array.from({ length: 101 }, (_, i) => `u${i}@x.org`).join(', '));
    assert.equal(result.ok, false);
  });

  it('keeps the first of repeated addresses, case-insensitively, and drops excluded ones', () => {
    const list = [{ name: 'A', address: 'a@x.org' }, { name: '', address: 'A@X.org' }, { name: '', address: 'me@x.org' }];
    assert.deepEqual(uniqueAddresses(list, ['ME@x.org']), [{ name: 'A', address: 'a@x.org' }]);
  });

  it('validates single addresses', () => {
    assert.equal(isValidAddress('a.b-c@d.e'), true);
    assert.equal(isValidAddress('.a@d.e'), false);
    assert.equal(isValidAddress('a@d.e.'), false);
  });
});

describe('the user\'s own address', () => {
  it('is the login when the login is an address', () => {
    assert.equal(loginAddress('ana@example.com'), 'ana@example.com');
    assert.equal(loginAddress('ana'), undefined);
  });

  it('is found among the recipients by local part for a bare login', () => {
    const recipients = [{ name: '', address: 'bo@example.com' }, { name: 'Ana', address: 'Ana@example.com' }];
    assert.equal(addressForLogin('ana', recipients), 'Ana@example.com');
    assert.equal(addressForLogin('zed', recipients), undefined);
  });

  it('counts the From in use, the address login, or for a bare login the same local part', () => {
    assert.equal(isOwnAddress('ANA@example.com', 'ana@example.com', undefined), true);
    assert.equal(isOwnAddress('ana@other.org', 'ana@example.com', undefined), false);
    assert.equal(isOwnAddress('alias@example.com', 'ana@example.com', 'alias@example.com'), true);
    assert.equal(isOwnAddress('ana@example.com', 'ana', undefined), true);
    assert.equal(isOwnAddress('bo@example.com', 'ana', undefined), false);
  });
});
