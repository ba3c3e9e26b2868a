// The browser's address as Express sees it through the configured proxies (TRUST_PROXY), in the form mail
// servers log and compare: an IPv4 client on a dual-stack socket shows up as ::ffff:a.b.c.d.
import type { Request } from 'express';
import { isIPv4 } from 'node:net';

export function clientAddress(req: Request): string | undefined {
  const ip = req.ip;
  if (!ip) return undefined;
  return ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
}
