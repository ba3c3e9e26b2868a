// Liveness, readiness (can we reach IMAP and SMTP?) and Prometheus metrics.
import { Router } from 'express';
import { connect } from 'node:net';
import type { Registry } from 'prom-client';
import type { ServerEndpoint } from '../../config.ts';

/** A TCP connect is enough to tell a load balancer the mail servers are there, without a login per probe. */
function reachable(endpoint: ServerEndpoint, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function healthRoutes(opts: { imap: ServerEndpoint; smtp: ServerEndpoint; metrics: Registry }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [imap, smtp] = await Promise.all([reachable(opts.imap), reachable(opts.smtp)]);
    res.status(imap && smtp ? 200 : 503).json({ status: imap && smtp ? 'ok' : 'unavailable', imap, smtp });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(opts.metrics.contentType).send(await opts.metrics.metrics());
  });
  return router;
}
