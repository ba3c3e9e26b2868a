// Prometheus metrics: request latency by route, and live IMAP connections of this process.
import type { RequestHandler } from 'express';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(liveSessions: () => number): { registry: Registry; middleware: RequestHandler } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'postern_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'postern_imap_sessions',
    help: 'Live IMAP connections held by this process',
    registers: [registry],
    collect() {
      this.set(liveSessions());
    },
  });
  const middleware: RequestHandler = (req, res, next) => {
    const end = duration.startTimer({ method: req.method });
    res.once('finish', () => {
      // The route pattern, never the URL: mailbox names and UIDs would explode the label set.
      const route = req.route?.path ? String(req.route.path) : 'unmatched';
      end({ route, status: String(res.statusCode) });
    });
    next();
  };
  return { registry, middleware };
}
