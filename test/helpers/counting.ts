// A MailSession whose IMAP commands are counted: it talks plain IMAP (imap+insecure, loopback) through the TCP
// proxy, which records every command line the client sends. Counting commands, not timing them, is how the cache's
// promises are tested ("a repeated page sends nothing").
import { pino } from 'pino';
import { CacheBudget } from '../../src/mail/cache/cache-budget.ts';
import { MailSession, type ImapSettings, type SessionExtras } from '../../src/mail/connection/mail-session.ts';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import type { TestUser } from './env.ts';
import { startProxy, type ProxyOptions, type TcpProxy } from './tcp-proxy.ts';

export interface Counted {
  proxy: TcpProxy;
  settings: ImapSettings;
  session(user: TestUser, extras?: SessionExtras): MailSession;
  /** the commands sent since the last call, without tags, IDLE and DONE (the connection going back to watching) */
  commands(): string[];
  close(): Promise<void>;
}

/** The commands the proxy saw since the last call: without tags, IDLE and DONE (the connection going back to watching). */
export function commandCounter(proxy: TcpProxy): () => string[] {
  let seen = 0;
  return () => {
    const all = proxy.commands(/^[A-Za-z0-9.]+ [A-Za-z]/);
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh.map((line) => line.replace(/^\S+ /, '')).filter((c) => !/^IDLE$/i.test(c));
  };
}

export async function countingImap(info: SandboxInfo, options: ProxyOptions = {}): Promise<Counted> {
  const proxy = await startProxy({ port: info.imapPort }, options);
  const settings: ImapSettings = { host: '127.0.0.1', port: proxy.port, secure: false, startTls: false, socketTimeoutMs: 60_000 };
  const sessions: MailSession[] = [];
  const commands = commandCounter(proxy);
  return {
    proxy,
    settings,
    session(user, extras = {}) {
      const session = new MailSession(settings, user.name, user.password, pino({ level: 'silent' }), undefined,
        { budget: new CacheBudget({ maxBytes: 64 << 20, sessionBytes: 4 << 20 }), ...extras });
      sessions.push(session);
      return session;
    },
    commands,
    async close() {
      await Promise.allSettled(sessions.map((s) => s.close()));
      await proxy.close();
    },
  };
}

/** The command names only ("UID FETCH", "SELECT"), for comparing sequences. */
export function names(commands: string[]): string[] {
  return commands.map((c) => (/^UID /i.test(c) ? c.split(' ').slice(0, 2).join(' ') : c.split(' ')[0]!).toUpperCase());
}
