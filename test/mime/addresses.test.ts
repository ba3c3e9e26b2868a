import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { displayName, formatAddress, formatAddressList, type AddressLike } from '../../src/mime/addresses.ts';

describe('formatAddress', () => {
  const cases: [string, AddressLike | undefined | null, string][] = [
    ['name and address', { name: 'Ann Example', address: 'ann@example.com' }, 'Ann Example <ann@example.com>'],
    ['address only', { address: 'ann@example.com' }, 'ann@example.com'],
    ['empty name', { name: '', address: 'ann@example.com' }, 'ann@example.com'],
    ['whitespace name', { name: '  ', address: 'ann@example.com' }, 'ann@example.com'],
    ['name equal to the address', { name: 'ann@example.com', address: 'ann@example.com' }, 'ann@example.com'],
    ['name only (a group or undisclosed recipients)', { name: 'undisclosed-recipients', address: '' }, 'undisclosed-recipients'],
    ['quotes a name with a comma', { name: 'Example, Ann', address: 'a@x' }, '"Example, Ann" <a@x>'],
    ['quotes a name with a period', { name: 'Ann B. Example', address: 'a@x' }, '"Ann B. Example" <a@x>'],
    ['quotes a name with an at sign', { name: 'ann@work', address: 'a@x' }, '"ann@work" <a@x>'],
    ['quotes and escapes a name with quotes', { name: 'Ann "The Boss"', address: 'a@x' }, '"Ann \\"The Boss\\"" <a@x>'],
    ['escapes a backslash', { name: 'Dom\\Ann', address: 'a@x' }, '"Dom\\\\Ann" <a@x>'],
    ['quotes angle brackets in a name', { name: 'Ann <boss>', address: 'a@x' }, '"Ann <boss>" <a@x>'],
    ['quotes parentheses, colons, semicolons and brackets', { name: 'a(b):c;[d]', address: 'a@x' }, '"a(b):c;[d]" <a@x>'],
    ['does not quote non-ASCII names', { name: 'Jürgen Müller', address: 'j@x' }, 'Jürgen Müller <j@x>'],
    ['does not quote an apostrophe', { name: "Anne O'Neil", address: 'a@x' }, "Anne O'Neil <a@x>"],
    ['strips CR and LF (header injection)', { name: 'Ann\r\nBcc: evil@x', address: 'a@x\r\n' }, '"Ann Bcc: evil@x" <a@x>'],
    ['strips other control characters', { name: 'A\u0000n\u0007n', address: 'a@x' }, 'A n n <a@x>'],
    ['folds whitespace runs', { name: ' Ann \t  Example ', address: ' a@x ' }, 'Ann Example <a@x>'],
    ['removes angle brackets from the address', { name: 'A', address: '<a@x>' }, 'A <a@x>'],
    ['undefined', undefined, ''],
    ['null', null, ''],
    ['empty object', {}, ''],
    ['non-string fields', { name: 5, address: {} } as unknown as AddressLike, ''],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(formatAddress(input), expected));
});

describe('formatAddressList', () => {
  const cases: [string, Parameters<typeof formatAddressList>[0], string][] = [
    ['joins with commas', [{ name: 'A', address: 'a@x' }, { address: 'b@x' }], 'A <a@x>, b@x'],
    ['skips empty entries', [{}, { address: 'b@x' }, undefined, null, { name: ' ' }], 'b@x'],
    ['empty list', [], ''],
    ['undefined list', undefined, ''],
    ['null list', null, ''],
    ['not a list', 'a@x' as unknown as AddressLike[], ''],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(formatAddressList(input), expected));
});

describe('displayName', () => {
  const cases: [string, AddressLike | undefined, string][] = [
    ['the name', { name: 'Ann Example', address: 'ann@example.com' }, 'Ann Example'],
    ['the local part without a name', { address: 'ann.example@example.com' }, 'ann.example'],
    ['the local part of a quoted local part with @', { address: '"a@b"@example.com' }, '"a@b"'],
    ['the address when it has no @', { address: 'postmaster' }, 'postmaster'],
    ['the address when @ comes first', { address: '@example.com' }, '@example.com'],
    ['a cleaned name', { name: 'Ann\r\n Example' }, 'Ann Example'],
    ['nothing for undefined', undefined, ''],
    ['nothing for empty fields', { name: '', address: '' }, ''],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(displayName(input), expected));
});
