// nginx for test/deploy/: docs/examples/nginx/postern.conf as the repo has it, with only what is particular to a
// machine swapped (loopback ports, the upstream instances, a certificate made now), wrapped in a small nginx.conf
// whose pid, logs and temp paths live in a temp dir. It runs in the foreground as nobody when the tests run as root.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCertificate } from '../../sandbox/certs.ts';
import { spawnDaemon, stopDaemon, type Daemon } from '../../sandbox/daemons.ts';
import { pickFreePorts, waitForServer } from '../../sandbox/ports.ts';
import { NGINX_FILE } from './deploy-examples.ts';

export const NGINX = '/usr/sbin/nginx';

/** Why nginx tests cannot run here, or undefined when they can. */
export function nginxMissing(): string | undefined {
  return fs.existsSync(NGINX) ? undefined : `nginx is not installed (${NGINX} missing; scripts/setup.sh test installs it with apt-get as root)`;
}

export interface Nginx {
  /** https://127.0.0.1:<port> */
  base: string;
  /** the CA to trust for `base` */
  ca: Buffer;
  /** one line per request: `<X-Probe header> <method> <uri> <status> <upstream address>` */
  accessLog(): string[];
  stop(): Promise<void>;
}

/** The example with its machine-specific lines swapped. Each swap must match, so the test follows the file. */
export function renderExample(text: string, opts: { upstreams: [number, number]; httpsPort: number; httpPort: number; certFile: string; keyFile: string }): string {
  const swaps: [RegExp, string][] = [
    [/server 127\.0\.0\.1:8081 /, `server 127.0.0.1:${opts.upstreams[0]} `],
    [/server 127\.0\.0\.1:8082 /, `server 127.0.0.1:${opts.upstreams[1]} `],
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${opts.httpsPort} ssl http2;`],
    [/listen 80;/, `listen 127.0.0.1:${opts.httpPort};`],
    [/ssl_certificate \s*\S+;/, `ssl_certificate ${opts.certFile};`],
    [/ssl_certificate_key \S+;/, `ssl_certificate_key ${opts.keyFile};`],
  ];
  let out = text;
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(out)) throw new Error(`${NGINX_FILE} no longer has a line matching ${pattern}: update test/helpers/nginx.ts`);
    out = out.replace(pattern, replacement);
  }
  return out;
}

// What an admin's /etc/nginx/nginx.conf around it may hold: Debian's turns gzip on for the whole http block, and
// an admin may add more types. The example must hold up against that, so the wrapper does it too.
function wrapper(dir: string): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  log_format probe '$http_x_probe $request_method $uri $status $upstream_addr';
  access_log ${dir}/access.log probe;
  gzip on;
  gzip_types text/plain text/event-stream application/json;
  include ${dir}/postern.conf;
}
`;
}

const NOBODY = { uid: 65534, gid: 65534 };

export async function startNginx(upstreams: [number, number]): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postern-nginx-'));
  const cert = await makeCertificate(path.join(dir, 'tls'));
  const root = process.getuid?.() === 0;
  const [httpsPort, httpPort] = await pickFreePorts(2);
  fs.writeFileSync(path.join(dir, 'postern.conf'), renderExample(fs.readFileSync(NGINX_FILE, 'utf8'), { upstreams, httpsPort: httpsPort!, httpPort: httpPort!, ...cert }));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), wrapper(dir));
  if (root) for (const f of [dir, cert.keyFile]) fs.chownSync(f, NOBODY.uid, NOBODY.gid);
  const args = ['-e', path.join(dir, 'error.log'), '-p', dir, '-c', path.join(dir, 'nginx.conf')];
  const check = spawnSync(NGINX, ['-t', ...args], { encoding: 'utf8', ...(root ? NOBODY : {}) });
  if (check.status !== 0) throw new Error(`nginx -t refused the example:\n${check.stderr}`);
  const daemon: Daemon = spawnDaemon('nginx', NGINX, [...args, '-g', 'daemon off;'], path.join(dir, 'nginx.out'), root ? NOBODY : undefined);
  try {
    await waitForServer({ port: httpsPort!, deadline: Date.now() + 10_000, gaveUp: () => daemon.exitStatus() });
  } catch (err) {
    await stopDaemon(daemon, { graceMs: 1000 });
    throw new Error(`nginx did not start: ${(err as Error).message}\n${readOr(path.join(dir, 'error.log'))}`);
  }
  return {
    base: `https://127.0.0.1:${httpsPort}`,
    ca: fs.readFileSync(cert.certFile),
    accessLog: () => readOr(path.join(dir, 'access.log')).split('\n').filter(Boolean),
    async stop() {
      await stopDaemon(daemon, { graceMs: 3000 });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readOr(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
