// The in-process session store when no Redis is configured. express-session's own MemoryStore never prunes (its
// own docs say it leaks); memorystore keeps sessions in an LRU cache whose entries expire with the cookie's maxAge,
// counted from each save (a signed-in request saves its session at most once a minute: session.ts). A periodic
// sweep drops expired entries nobody asks for again.
import session, { type Store } from 'express-session';
import createMemoryStore from 'memorystore';

const MemoryStore = createMemoryStore(session);

/**
 * Sessions exist only for sign-ins (each proven by an IMAP login), but a scripted user could still sign in over
 * and over within the 12-hour lifetime: past this many, the least recently used session goes. About 1 KB each.
 */
export const MAX_STORED_SESSIONS = 100_000;

export function createMemorySessionStore(options: { checkPeriodMs?: number } = {}): Store {
  return new MemoryStore({ checkPeriod: options.checkPeriodMs ?? 10 * 60_000, max: MAX_STORED_SESSIONS });
}
