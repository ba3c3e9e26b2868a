// Where a URL may be fetched from: the host's addresses, resolved once and checked here, are the only addresses the
// fetcher connects to (it connects to the IP itself, so no second resolution can answer differently: DNS
// rebinding gets nothing). Every redirect hop comes back through here.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isAllowedAddress, type AddressPolicy } from './address-policy.ts';
import { RemoteImageError } from './remote-errors.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name resolution as the fetcher needs it; dns.lookup (the system resolver, /etc/hosts included) by default. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: Lookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

// More than this is a round-robin pool; trying a few is enough to get past one dead address.
const MAX_ADDRESSES = 4;

/** The addresses of `url`'s host the proxy may connect to, in resolver order; refused when there are none. */
export async function allowedAddresses(url: URL, policy: AddressPolicy, lookup: Lookup): Promise<ResolvedAddress[]> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  let candidates: ResolvedAddress[];
  if (literal) {
    candidates = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      candidates = await lookup(host);
    } catch {
      throw new RemoteImageError('unreachable', `The image's server ${host} was not found.`);
    }
  }
  const allowed = candidates.filter((c) => isAllowedAddress(c.address, policy)).slice(0, MAX_ADDRESSES);
  if (!allowed.length) throw new RemoteImageError('refused', `Images from ${host} are not loaded: it is not a public address.`);
  return allowed;
}
