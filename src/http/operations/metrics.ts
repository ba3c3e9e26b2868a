// Prometheus metrics: request latency by route, live IMAP connections of this process, its open live mail
// streams, and the bytes its session caches hold (bounded by CACHE_MAX_MB) with how often a bound made them drop data.
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface CacheFigures {
  bytes: () => number;
  evictions: () => number;
}

export function createMetrics(liveSessions: () => number, cache?: CacheFigures, eventStreams?: () => number): { registry: Registry; middleware: RequestHandler } {
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
  if (eventStreams) {
    new Gauge({
      name: 'postern_event_streams',
      help: 'Live mail streams (GET /events) open in this process (bounded by MAX_EVENT_STREAMS)',
      registers: [registry],
      collect() {
        this.set(eventStreams());
      },
    });
  }
  if (cache) {
    new Gauge({
      name: 'postern_cache_bytes',
      help: 'Bytes held by the IMAP session caches of this process (estimated; bounded by CACHE_MAX_MB)',
      registers: [registry],
      collect() {
        this.set(cache.bytes());
      },
    });
    let reported = 0;
    new Counter({
      name: 'postern_cache_evictions_total',
      help: 'Times a session cache dropped data to stay within CACHE_SESSION_KB or CACHE_MAX_MB',
      registers: [registry],
      collect() {
        const now = cache.evictions();
        if (now > reported) this.inc(now - reported);
        reported = now;
      },
    });
  }
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
