// One "Postern instance" for the settings tests: its own registry (own IMAP connections), its own SettingsStore
// (own cache), configured through SETTINGS_STORE like the real thing, and a logger whose lines the test can read.
import { pino } from 'pino';
import type { SandboxInfo } from '../../sandbox/sandbox.ts';
import type { MailSession } from '../../src/mail/connection/mail-session.ts';
import { SettingsStore, type SettingsStoreOptions } from '../../src/settings/settings-store.ts';
import { buildApp } from '../helpers/app.ts';
import type { TestUser } from '../helpers/env.ts';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Instance {
  store: SettingsStore;
  session: MailSession;
  logs: LogLine[];
  close(): Promise<void>;
}

export async function instance(
  info: SandboxInfo, user: TestUser, mode: string, options: Partial<Omit<SettingsStoreOptions, 'mode' | 'logger'>> = {},
): Promise<Instance> {
  const t = buildApp(info, { SETTINGS_STORE: mode });
  const logs: LogLine[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  // maxAgeMs 0: every read asks the server, so what another instance wrote shows at once.
  const store = new SettingsStore({ mode: t.config.settingsStore, logger, maxAgeMs: 0, ...options });
  const session = await t.registry.connect(user.name, user.password);
  return {
    store,
    session,
    logs,
    close: async () => {
      await session.close();
      await t.close();
    },
  };
}

/** JSON that compresses little: random hex of about `bytes` bytes. */
export function noise(bytes: number): string {
  let s = '';
  while (s.length < bytes) s += Math.random().toString(16).slice(2);
  return s.slice(0, bytes);
}
