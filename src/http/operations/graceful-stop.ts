// Stopping the HTTP server without failing anyone (SIGTERM from an orchestrator, a deploy): stop accepting
// connections, let the requests in flight finish within a grace period, and close keep-alive connections as they go
// idle. Every response from then on says `Connection: close`, so clients do not send another request on a
// connection that is about to go away (which they would see as a reset). Only what is still running when the grace
// period ends is cut. The caller logs out of IMAP and closes the session store afterwards, once nothing needs them.
import type { Server, ServerResponse } from 'node:http';

export interface GracefulStop {
  /** Resolves true when every request finished in time, false when some had to be cut. */
  stop(graceMs: number): Promise<boolean>;
  /** requests being answered now */
  readonly inFlight: number;
}

export function gracefulStop(server: Server): GracefulStop {
  const responses = new Set<ServerResponse>();
  let stopping = false;
  server.on('request', (_req, res: ServerResponse) => {
    responses.add(res);
    if (stopping) res.setHeader('Connection', 'close');
    res.once('close', () => responses.delete(res));
  });
  return {
    get inFlight() {
      return responses.size;
    },
    async stop(graceMs) {
      stopping = true;
      const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
      for (const res of responses) if (!res.headersSent) res.setHeader('Connection', 'close');
      // A response that had sent its headers before the stop leaves a keep-alive connection behind: close those
      // as they go idle. Node offers no event for "went idle", so look often.
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
      const inTime = await Promise.race([closed, graceOver]);
      clearInterval(sweep);
      clearTimeout(timer);
      if (!inTime) {
        server.closeAllConnections();
        await closed;
      }
      return inTime;
    },
  };
}
