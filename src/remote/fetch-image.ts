// One remote image fetched for the reader (routes/image-proxy.ts), so the sender's server sees Postern, not the
// reader: no cookie, no Referer, none of the browser's headers, a neutral User-Agent. Every hop connects only to an
// address destination.ts checked; only png/jpeg/gif/webp (by their bytes) come back; size and total time are capped.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { SIGNATURE_BYTES, sniffRasterImage, type RasterType } from '../mime/image-signature.ts';
import { isAllowedAddress, type AddressPolicy } from './address-policy.ts';
import { allowedAddresses, systemLookup, type Lookup, type ResolvedAddress } from './destination.ts';
import { RemoteImageError } from './remote-errors.ts';
import { readHead } from './stream-head.ts';

export interface ImageFetchLimits extends AddressPolicy {
  maxBytes: number;
  /** for everything: name lookup, every hop, and the whole body */
  timeoutMs: number;
}

export interface RemoteImage {
  contentType: RasterType;
  /** the whole image; fails past maxBytes or the deadline */
  body: Readable;
}

export const MAX_IMAGE_URL = 2048;
const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HEADERS = { 'User-Agent': 'Postern-Image-Proxy/1', Accept: 'image/png,image/jpeg,image/gif,image/webp', 'Accept-Encoding': 'identity' };

/** An absolute http(s) URL without credentials, or a bad-url error. */
export function parseImageUrl(value: string): URL {
  let url: URL | undefined;
  try {
    url = value.length <= MAX_IMAGE_URL ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    throw new RemoteImageError('bad-url', 'Only http and https image addresses are loaded.');
  }
  return url;
}

export async function fetchRemoteImage(value: string, limits: ImageFetchLimits, lookup: Lookup = systemLookup): Promise<RemoteImage> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const { signal } = controller;
  try {
    let url = parseImageUrl(value);
    for (let hop = 0; ; hop++) {
      const res = await get(url, limits, lookup, signal);
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode ?? 0) && location) {
        res.destroy();
        if (hop >= MAX_REDIRECTS) throw new RemoteImageError('unreachable', 'The image redirects too many times.');
        url = parseImageUrl(URL.canParse(location, url) ? new URL(location, url).href : '');
        continue;
      }
      if (res.statusCode !== 200) {
        res.destroy();
        throw new RemoteImageError('unreachable', `The image's server answered ${res.statusCode}.`);
      }
      if (Number(res.headers['content-length']) > limits.maxBytes) {
        res.destroy();
        throw tooLarge(limits);
      }
      const { head, body } = await readHead(res, SIGNATURE_BYTES);
      const contentType = sniffRasterImage(head);
      if (!contentType) {
        body.destroy();
        throw new RemoteImageError('not-image', 'That address does not hold a png, jpeg, gif or webp image.');
      }
      const capped = Readable.from(capBytes(body, limits, signal), { objectMode: false });
      capped.once('close', () => clearTimeout(timer));
      return { contentType, body: capped };
    }
  } catch (err) {
    clearTimeout(timer);
    if (signal.aborted) throw new RemoteImageError('timeout', 'The image took too long to load.');
    if (err instanceof RemoteImageError) throw err;
    throw new RemoteImageError('unreachable', 'The image could not be loaded from its server.');
  }
}

// The body after the first bytes: still under the cap and the deadline, its failures told in the same words.
async function* capBytes(body: Readable, limits: ImageFetchLimits, signal: AbortSignal): AsyncGenerator<Buffer> {
  let total = 0;
  try {
    for await (const chunk of body) {
      total += (chunk as Buffer).length;
      if (total > limits.maxBytes) throw tooLarge(limits);
      yield chunk as Buffer;
    }
  } catch (err) {
    if (err instanceof RemoteImageError) throw err;
    if (signal.aborted) throw new RemoteImageError('timeout', 'The image took too long to load.');
    throw new RemoteImageError('unreachable', 'The image\'s server broke off.');
  }
}

const tooLarge = (limits: ImageFetchLimits) =>
  new RemoteImageError('too-large', `The image is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`);

// One hop: each allowed address in turn until one answers (a dead IPv6 address should not cost the image).
async function get(url: URL, limits: ImageFetchLimits, lookup: Lookup, signal: AbortSignal): Promise<IncomingMessage> {
  const addresses = await untilAborted(allowedAddresses(url, limits, lookup), signal);
  let lastError: unknown;
  for (const target of addresses) {
    try {
      return await getFrom(url, target, limits, signal);
    } catch (err) {
      if (signal.aborted || err instanceof RemoteImageError) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

function getFrom(url: URL, target: ResolvedAddress, limits: ImageFetchLimits, signal: AbortSignal): Promise<IncomingMessage> {
  const secure = url.protocol === 'https:';
  const name = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    // host is the checked IP itself, so Node resolves nothing; Host and SNI carry the name. agent: false: no pooled
    // socket from another hop, no proxy from the environment.
    const req = (secure ? https : http).request({
      host: target.address, family: target.family, port: url.port || (secure ? 443 : 80), path: `${url.pathname}${url.search}`,
      method: 'GET', agent: false, signal, headers: { Host: url.host, ...HEADERS },
      ...(secure && !isIP(name) ? { servername: name } : {}),
    });
    // Belt and braces: the socket's own peer address is checked before the request is written to it ('socket' is
    // emitted before the request flushes, so this listener runs before the write queued for 'connect').
    req.once('socket', (socket) => socket.once('connect', () => {
      if (!isAllowedAddress(socket.remoteAddress ?? '', limits)) {
        req.destroy(new RemoteImageError('refused', `Images from ${name} are not loaded: it is not a public address.`));
      }
    }));
    req.once('response', resolve);
    req.on('error', reject); // on, not once: an abort after the response must not find the request without a listener
    req.end();
  });
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  // dns.lookup cannot be cancelled; the deadline still has to hold, so the answer is simply abandoned.
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
