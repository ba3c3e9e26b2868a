// Who may read /metrics: whoever sends `Authorization: Bearer <METRICS_TOKEN>`. Without a token set, nobody. A
// loopback-only default was rejected: behind a reverse proxy on the same host every request comes from loopback,
// so it would publish the metrics to the world in the most common deployment. A separate listen address was
// rejected too: a second server to start, drain and secure, while Prometheus sends bearer tokens natively.
import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

// Hashing both sides first makes the comparison constant-time whatever the lengths.
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function metricsAccess(token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : undefined;
  return (req, res, next) => {
    if (!expected) {
      res.status(404).type('text/plain').send('Metrics are off: set METRICS_TOKEN and send it as a bearer token.\n');
      return;
    }
    const given = /^Bearer +(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="postern metrics"').type('text/plain').send('A valid bearer token is required.\n');
      return;
    }
    next();
  };
}
