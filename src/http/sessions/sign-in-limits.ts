// Password guessing costs the IMAP server a login each, so failed sign-ins are capped per client address and per
// user name (15-minute windows). Only failures count: behind a NAT or a company proxy many people share one
// address, and their correct sign-ins must never lock each other out. The address is Express's req.ip, which
// believes X-Forwarded-For only as far as TRUST_PROXY's hops go (config.ts); IPv6 clients are grouped per /56,
// express-rate-limit's default, since one subscriber holds a whole prefix.
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';

export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

/** The user name as the limit counts it: `Bob ` and `bob` are the same account to most IMAP servers. */
export function normalizedUser(req: Request): string {
  const name = (req.body as Record<string, unknown> | undefined)?.username;
  return typeof name === 'string' ? name.trim().toLowerCase() : '';
}

export function signInLimits(opts: { failuresPerWindow: number; refuse: (req: Request, res: Response) => void }): RequestHandler[] {
  const common = {
    windowMs: SIGN_IN_WINDOW_MS,
    limit: opts.failuresPerWindow,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    // A refused password is the only failure: a malformed form (400) or an unreachable server (503) is no guess,
    // and counting an outage would lock everyone out once it ends.
    requestWasSuccessful: (_req: Request, res: Response) => res.statusCode !== 401,
    handler: (req: Request, res: Response) => opts.refuse(req, res),
  };
  const byAddress = rateLimit({ ...common, standardHeaders: 'draft-8', identifier: 'sign-in-address' });
  const byUser = rateLimit({
    ...common,
    // No headers: they would tell anyone how many more guesses a given account has left.
    standardHeaders: false,
    keyGenerator: (req) => normalizedUser(req),
    skip: (req) => normalizedUser(req) === '',
  });
  return [byAddress, byUser];
}
