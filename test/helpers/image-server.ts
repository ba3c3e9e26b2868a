// A sender's web server on loopback for the image-proxy tests: real images, documents pretending to be images, a
// huge one, slow ones and redirects. It records every request it receives, headers included, so a test can prove
// what reached the sender (or that nothing did).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from '../fixtures/messages.ts';
import { GIF, JPEG, PHISHING_HTML, SVG, WEBP } from '../fixtures/parts.ts';

export interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface ImageServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export const HUGE_BYTES = 6 * 1024 * 1024;

const FILES: Record<string, [string, Buffer]> = {
  '/logo.png': ['image/png', PNG], '/photo.jpg': ['image/jpeg', JPEG], '/anim.gif': ['image/gif', GIF], '/pic.webp': ['image/webp', WEBP],
  '/evil.svg': ['image/svg+xml', SVG], '/fake.png': ['image/png', PHISHING_HTML],
  // A real image under a wrong or missing type: the proxy goes by the bytes.
  '/untyped': ['application/octet-stream', PNG],
};

export async function startImageServer(): Promise<ImageServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: req.url ?? '', headers: req.headers });
    const file = FILES[url.pathname];
    if (file) {
      res.writeHead(200, { 'Content-Type': file[0], 'Content-Length': file[1].length, 'Set-Cookie': 'tracker=reader-42' });
      return res.end(file[1]);
    }
    switch (url.pathname) {
      case '/huge.png': // declares its size
        res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': HUGE_BYTES });
        return res.end(Buffer.concat([PNG, Buffer.alloc(HUGE_BYTES - PNG.length)]));
      case '/huge-chunked.png': { // does not: the cap has to count
        res.writeHead(200, { 'Content-Type': 'image/png' });
        res.write(PNG);
        let sent = 0;
        const more = () => {
          while (sent < HUGE_BYTES && !res.destroyed) {
            sent += 64 * 1024;
            if (!res.write(Buffer.alloc(64 * 1024))) return void res.once('drain', more);
          }
          res.end();
        };
        return more();
      }
      case '/slow.png': // never answers
        return;
      case '/slow-body.png': // answers, sends the first bytes, then stalls
        res.writeHead(200, { 'Content-Type': 'image/png' });
        return void res.write(PNG.subarray(0, 20));
      case '/redirect':
        res.writeHead(302, { Location: url.searchParams.get('to') ?? '/' });
        return res.end();
      case '/loop':
        res.writeHead(302, { Location: '/loop' });
        return res.end();
      default:
        res.writeHead(404);
        return res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    seen,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
