// Opening the socket to a user-given POP3 host: resolve the name ourselves (a 'dns' error of its own, and the
// address checked before any byte is sent), then TCP or implicit TLS, then later perhaps STLS on the same socket.
// The host comes from a user, not the admin: without the address check, Postern would connect anywhere its own
// network reaches (Redis on loopback, the LAN) on a user's behalf.
import { lookup } from 'node:dns/promises';
import net, { BlockList, isIP } from 'node:net';
import tls from 'node:tls';
import type { Deadline } from './deadline.ts';
import { Pop3Error, socketError } from './pop3-error.ts';

export interface SocketOptions {
  host: string;
  port: number;
  tlsCa?: Buffer;
  /** connect to loopback, private and link-local addresses (POP3_ALLOW_PRIVATE_HOSTS) */
  allowPrivateHosts: boolean;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const PRIVATE = new BlockList();
for (const [net4, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 3]] as const) {
  PRIVATE.addSubnet(net4, bits, 'ipv4');
}
for (const [net6, bits] of [['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) PRIVATE.addSubnet(net6, bits, 'ipv6');

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is checked as the IPv4 address it is. */
function unmapped(address: string): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
}

export function isLoopback(address: string): boolean {
  const a = unmapped(address);
  return LOOPBACK.check(a, family(a));
}

/** The address to connect to, checked against the private ranges unless they are allowed. */
export async function resolveHost(options: SocketOptions, deadline: Deadline): Promise<string> {
  let addresses: string[];
  if (isIP(options.host)) {
    addresses = [options.host];
  } else {
    const timeout = AbortSignal.timeout(Math.max(1, deadline.remaining()));
    const answer = lookup(options.host, { all: true }).then((found) => found.map((entry) => entry.address));
    const expired = new Promise<never>((_, reject) => {
      timeout.addEventListener('abort', () => reject(new Pop3Error('dns', `The host name ${options.host} did not resolve in time.`)));
    });
    addresses = await Promise.race([answer, expired]).catch((err: unknown) => {
      throw socketError(err, options.host);
    });
  }
  const allowed = options.allowPrivateHosts ? addresses : addresses.filter((a) => !PRIVATE.check(unmapped(a), family(unmapped(a))));
  if (!allowed[0]) {
    if (!addresses.length) throw new Pop3Error('dns', `The host name ${options.host} does not resolve.`);
    throw new Pop3Error('blocked', `${options.host} is a private or local address, which fetching is not allowed to reach.`);
  }
  return allowed[0];
}

/** A connected socket: plain TCP, or TLS from the first byte (pop3s, RFC 8314 section 3.3). */
export function openSocket(options: SocketOptions, address: string, implicitTls: boolean, deadline: Deadline): Promise<net.Socket> {
  if (!implicitTls) return settle(net.connect({ host: address, port: options.port }), 'connect', options.host, deadline);
  return settle(tls.connect({ host: address, port: options.port, ...tlsOptions(options) }), 'secureConnect', options.host, deadline);
}

/** STLS (RFC 2595 section 4): TLS over the socket the POP3 dialogue began on. */
export function upgradeSocket(socket: net.Socket, options: SocketOptions, deadline: Deadline): Promise<net.Socket> {
  return settle(tls.connect({ socket, ...tlsOptions(options) }), 'secureConnect', options.host, deadline);
}

function tlsOptions(options: SocketOptions): tls.ConnectionOptions {
  return {
    // The certificate is checked against what the user gave (Node takes servername, else host); SNI carries names
    // only (RFC 6066 section 3), so an address goes in host.
    ...(isIP(options.host) ? { host: options.host } : { servername: options.host }),
    // TLS_CA_FILE adds a private CA to the public ones: other accounts are usually at public providers.
    ...(options.tlsCa ? { ca: [...tls.rootCertificates, options.tlsCa.toString('latin1')] } : {}),
    minVersion: 'TLSv1.2',
  };
}

function settle(socket: net.Socket, ready: 'connect' | 'secureConnect', host: string, deadline: Deadline): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Pop3Error('timeout', `${host} did not accept the connection in time.`));
    }, Math.max(1, deadline.remaining()));
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.off('error', failed);
      resolve(socket);
    });
    const failed = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(socketError(err, host));
    };
    socket.once('error', failed);
  });
}
