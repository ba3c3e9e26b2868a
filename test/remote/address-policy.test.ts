import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAllowedAddress } from '../../src/remote/address-policy.ts';

// [address, allowed with loopback off, allowed with IMAGE_PROXY_ALLOW_LOOPBACK]
const CASES: [string, boolean, boolean][] = [
  ['93.184.216.34', true, true], ['8.8.8.8', true, true], ['2606:4700:4700::1111', true, true], ['2a00:1450:4001:80b::200e', true, true],
  ['127.0.0.1', false, true], ['127.9.8.7', false, true], ['::1', false, true], ['::ffff:127.0.0.1', false, true], ['::ffff:7f00:1', false, true],
  ['10.0.0.1', false, false], ['172.16.5.4', false, false], ['172.31.255.255', false, false], ['192.168.1.1', false, false],
  ['169.254.169.254', false, false], ['100.64.0.1', false, false], ['0.0.0.0', false, false], ['0.1.2.3', false, false],
  ['192.0.0.8', false, false], ['192.0.2.1', false, false], ['198.18.0.1', false, false], ['198.51.100.7', false, false],
  ['203.0.113.9', false, false], ['224.0.0.1', false, false], ['239.255.255.250', false, false], ['240.0.0.1', false, false],
  ['255.255.255.255', false, false],
  ['::', false, false], ['::10.0.0.1', false, false], ['fc00::1', false, false], ['fd12:3456::1', false, false],
  ['fe80::1', false, false], ['fe80::1%eth0', false, false], ['fec0::1', false, false], ['ff02::1', false, false],
  ['2001:db8::1', false, false], ['2001::1', false, false], ['2002:a00:1::1', false, false], ['100::1', false, false],
  ['::ffff:10.0.0.1', false, false], ['::ffff:169.254.169.254', false, false], ['::ffff:8.8.8.8', true, true],
  // RFC 6052 NAT64: judged by the IPv4 address it reaches.
  ['64:ff9b::8.8.8.8', true, true], ['64:ff9b::808:808', true, true], ['64:ff9b::10.0.0.1', false, false],
  ['64:ff9b::127.0.0.1', false, true], ['64:ff9b::', false, false], ['64:ff9b:1::8.8.8.8', false, false],
  // Not addresses at all.
  ['localhost', false, false], ['', false, false], ['1.2.3', false, false], ['[::1]', false, false], ['8.8.8.8 ', false, false],
];

describe('isAllowedAddress', () => {
  for (const [address, off, on] of CASES) {
    it(`${off ? 'allows' : 'refuses'} ${JSON.stringify(address)}${on !== off ? ` (${on ? 'allowed' : 'refused'} with loopback allowed)` : ''}`, () => {
      assert.equal(isAllowedAddress(address, { allowLoopback: false }), off);
      assert.equal(isAllowedAddress(address, { allowLoopback: true }), on);
    });
  }
});
