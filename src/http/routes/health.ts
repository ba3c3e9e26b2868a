// Liveness, readiness (do IMAP and SMTP greet us?) and Prometheus metrics.
import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Readiness } from '../operations/readiness.ts';

export function healthRoutes(opts: { readiness: Readiness; metrics: Registry }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ok, ...state } = await opts.readiness.check();
    res.set('Cache-Control', 'no-store');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', ...state });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(opts.metrics.contentType).send(await opts.metrics.metrics());
  });
  return router;
}
