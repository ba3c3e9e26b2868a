// Where an idle session's bytes go (issue 9's memory target): one sandbox, one seeded mailbox shared by `--sessions`
// users, then for each variant (a set of environment variables for the Postern child) the memory figure of
// memory.ts. --snapshots <dir>: a V8 heap snapshot (unless --no-heap: writing one inflates RSS) and /proc/<pid>/smaps
// before and after, to compare in Chrome DevTools and by mapping (V8's 256 KB pages, malloc's [heap] and arenas).
// --spaces: V8's own statistics per space, again 15 s later. --cpu: Postern's CPU per request with 8 sessions at once.
// `$IMAP`/`$IMAPS` in a variant's values are the sandbox's ports (plain: IMAP_URL=imap+insecure://127.0.0.1:$IMAP).
// node bench/heap-compare.ts --sessions 200 [--snapshots dir] [--variant 'name={"NODE_OPTIONS":""}' ...]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { startSandbox, stopOnSignals } from '../sandbox/sandbox.ts';
import { benchUser, prepareAccount, shareMaildir, sharingUsers } from './accounts.ts';
import { BrowserClient } from './http-client.ts';
import { inBatches } from './load.ts';
import { metricValue, visitInboxAndMessage } from './memory.ts';
import { startPosternChild } from './postern-child.ts';
import { connectRaw } from './raw-imap.ts';

const { values } = parseArgs({ options: {
  sessions: { type: 'string', default: '200' },
  size: { type: 'string', default: '1000' },
  snapshots: { type: 'string' },
  'no-heap': { type: 'boolean', default: false },
  spaces: { type: 'boolean', default: false },
  cpu: { type: 'boolean', default: false },
  variant: { type: 'string', multiple: true },
} });
const sessions = Number(values.sessions);
const size = Number(values.size);
const owner = benchUser(size);
const users = sharingUsers(owner, sessions + 1);
const sandbox = await startSandbox({ users: [owner, ...users], smtp: false });
stopOnSignals(sandbox, async () => {});
try {
  shareMaildir(sandbox, owner, users);
  await prepareAccount(sandbox, owner, size, 'maildir');
  const raw = await connectRaw(sandbox, owner);
  const uids = await raw.search({ all: true }, { uid: true });
  await raw.logout();
  const uid = (uids || [])[Math.max(0, (uids || []).length - 10)]!;
  const variants = (values.variant ?? ['default={}']).map((v) => {
    const at = v.indexOf('=');
    const env = JSON.parse(v.slice(at + 1)) as Record<string, string>;
    for (const [k, val] of Object.entries(env)) env[k] = val.replaceAll('$IMAPS', String(sandbox.imapsPort)).replaceAll('$IMAP', String(sandbox.imapPort));
    return { name: v.slice(0, at), env };
  });
  for (const variant of variants) {
    const child = await startPosternChild(sandbox, { env: { SESSION_IDLE_MINUTES: '120', ...variant.env } });
    try {
      const visit = (web: BrowserClient) => visitInboxAndMessage(web, uid);
      const warm = new BrowserClient(child.url);
      await warm.signIn(users[0]!.name, users[0]!.password);
      for (let i = 0; i < 10; i++) await visit(warm);
      await warm.signOut();
      const settle = () => new Promise((resolve) => setTimeout(resolve, 6000));
      await settle();
      const before = await child.memory();
      if (values.snapshots) (fs.mkdirSync(values.snapshots, { recursive: true }), fs.writeFileSync(path.resolve(values.snapshots, `${variant.name}-0.smaps`), fs.readFileSync(`/proc/${child.pid}/smaps`)));
      if (values.snapshots && !values['no-heap']) await child.heapSnapshot(path.resolve(values.snapshots, `${variant.name}-0.heapsnapshot`));
      await inBatches(users.slice(1), 8, async (user) => {
        const web = new BrowserClient(child.url);
        await web.signIn(user.name, user.password);
        await visit(web);
        web.close();
      });
      await settle();
      const after = await child.memory();
      if (values.snapshots) (fs.mkdirSync(values.snapshots, { recursive: true }), fs.writeFileSync(path.resolve(values.snapshots, `${variant.name}-${sessions}.smaps`), fs.readFileSync(`/proc/${child.pid}/smaps`)));
      const metrics = await child.metrics();
      if (values.snapshots && !values['no-heap']) await child.heapSnapshot(path.resolve(values.snapshots, `${variant.name}-${sessions}.heapsnapshot`));
      const per = (k: keyof typeof after) => ((after[k] - before[k]) / sessions / 1024).toFixed(1);
      console.log(`${variant.name}: ${sessions} sessions, per session KB: rss ${per('rss')} heapUsed ${per('heapUsed')} heapTotal ${per('heapTotal')} external ${per('external')} arrayBuffers ${per('arrayBuffers')}; cache ${((metricValue(metrics, 'postern_cache_bytes') ?? 0) / sessions / 1024).toFixed(1)} KB/session; imap ${metricValue(metrics, 'postern_imap_sessions')}`);
      console.log(`  before ${JSON.stringify(before)}\n  after ${JSON.stringify(after)}`);
      if (values.spaces) {
        console.log(`  v8 after: ${JSON.stringify(await child.heapSpaces())}`);
        await new Promise((resolve) => setTimeout(resolve, 15_000));
        console.log(`  15 s later: ${JSON.stringify(await child.memory())}`);
        console.log(`  v8 15 s later: ${JSON.stringify(await child.heapSpaces())}`);
      }
      if (values.cpu) {
        // CPU per request under load: 8 sessions at once, each opening the inbox and a message 40 times.
        const webs = await Promise.all(users.slice(1, 9).map(async (user) => {
          const web = new BrowserClient(child.url);
          await web.signIn(user.name, user.password);
          return web;
        }));
        const cpu0 = await child.cpuMs();
        const began = Date.now();
        await Promise.all(webs.map(async (web) => { for (let i = 0; i < 40; i++) await visit(web); }));
        const cpu = (await child.cpuMs()) - cpu0;
        console.log(`  cpu: ${(cpu / (8 * 40 * 3)).toFixed(2)} ms per request (${8 * 40 * 3} requests, ${((Date.now() - began) / 1000).toFixed(1)} s); rss now ${((await child.memory()).rss / 1e6).toFixed(0)} MB`);
      }
    } finally {
      await child.close();
    }
  }
} finally {
  await sandbox.stop();
}
