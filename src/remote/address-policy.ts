// Which addresses the image proxy may connect to: public unicast only. Mail decides which URLs Postern fetches, so
// without this a message could make Postern reach the admin's own network (routers, metadata services, Redis on
// loopback). Ranges from the IANA IPv4 and IPv6 Special-Purpose Address Registries, plus multicast and reserved
// space; checked on the address the socket connects to (destination.ts), never on a name.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const NOT_PUBLIC_V4: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.31.196.0', 24], ['192.52.193.0', 24], ['192.88.99.0', 24],
  ['192.168.0.0', 16], ['192.175.48.0', 24], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
];

// ::/96 holds the unspecified, loopback and deprecated IPv4-compatible addresses; 2001::/23 the IETF protocol
// assignments (Teredo, benchmarking, ORCHID); 2002::/16 is 6to4, whose relays reach IPv4 we cannot check.
const NOT_PUBLIC_V6: [string, number][] = [
  ['::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['2002::', 16], ['3fff::', 20],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
];

const notPublic = new BlockList();
for (const [net, prefix] of NOT_PUBLIC_V4) notPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of NOT_PUBLIC_V6) notPublic.addSubnet(net, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const nat64 = new BlockList();
nat64.addSubnet('64:ff9b::', 96, 'ipv6');

// RFC 6052 well-known NAT64 prefix: the last 32 bits are the IPv4 address the translator will reach. The WHATWG URL
// parser gives the canonical compressed form, from which those two words are read. (IPv4-mapped ::ffff:0:0/96 needs
// no such step: BlockList matches it against the IPv4 rules itself.)
function nat64Target(address: string): string | undefined {
  if (!nat64.check(address, 'ipv6')) return undefined;
  const words = new URL(`http://[${address}]/`).hostname.slice(1, -1).slice('64:ff9b::'.length).split(':').filter(Boolean);
  const [hi, lo] = words.length === 2 ? words : ['0', words[0] ?? '0'];
  const n = (parseInt(hi!, 16) << 16 >>> 0) + parseInt(lo!, 16);
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export interface AddressPolicy {
  /** IMAGE_PROXY_ALLOW_LOOPBACK: tests and local development only */
  allowLoopback: boolean;
}

/** True when `address` (an IP literal, no brackets) is one the proxy may connect to. */
export function isAllowedAddress(address: string, policy: AddressPolicy): boolean {
  if (typeof address !== 'string' || address.includes('%')) return false; // a zone id only exists for link-local
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return false;
  const target = family === 'ipv6' ? nat64Target(address) : undefined;
  if (target) return isAllowedAddress(target, policy);
  if (policy.allowLoopback && loopback.check(address, family)) return true;
  return !notPublic.check(address, family);
}
