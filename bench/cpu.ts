// Postern's CPU per page: one signed-in browser asks for the same kind of page over and over, and the Postern
// process's own CPU time (process.cpuUsage in the child, user + system) over those requests is divided by their
// number. The benchmark client's work is not in it, unlike the wall time of the in-process runs. Then, at the
// largest size, a V8 CPU profile of each kind in the child, summarized by owner (profile.ts).
import path from 'node:path';
import { BrowserClient } from './http-client.ts';
import { getPage } from './load.ts';
import { openMessageAsBrowser } from './open-message.ts';
import type { PosternChild } from './postern-child.ts';
import { summarizeProfile, type ProfileSummary } from './profile.ts';
import type { BenchUser } from './seed.ts';

export interface CpuFigure {
  kind: 'inbox page' | 'message page + body';
  size: number;
  requests: number;
  /** ms of Postern CPU per page (per open, for the message) */
  cpuMs: number;
  /** wall ms per page as the client saw it, for scale */
  wallMs: number;
}

export interface CpuProfile extends ProfileSummary {
  kind: CpuFigure['kind'];
  size: number;
  requests: number;
  cpuMs: number;
}

type Kind = { kind: CpuFigure['kind']; run: (web: BrowserClient, i: number) => Promise<void> };

function kinds(targets: number[]): Kind[] {
  const uid = (i: number) => targets[i % targets.length]!;
  return [
    { kind: 'inbox page', run: (web) => getPage(web, '/mailbox/INBOX') },
    {
      kind: 'message page + body',
      run: async (web, i) => {
        await openMessageAsBrowser(web, `/message/INBOX/${uid(i)}`);
      },
    },
  ];
}

async function measure(child: PosternChild, web: BrowserClient, kind: Kind, requests: number): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu = await child.cpuMs();
  const began = performance.now();
  for (let i = 0; i < requests; i++) await kind.run(web, i);
  return { cpuMs: ((await child.cpuMs()) - cpu) / requests, wallMs: (performance.now() - began) / requests };
}

/** `accounts`: one user per size with the UIDs to open; the last (largest) is profiled when `profileDir` is given. */
export async function cpuPerPage(child: PosternChild, accounts: { size: number; user: BenchUser; targets: number[] }[], requests: number, profileDir?: string): Promise<{ figures: CpuFigure[]; profiles: CpuProfile[] }> {
  const figures: CpuFigure[] = [];
  const profiles: CpuProfile[] = [];
  for (const [index, { size, user, targets }] of accounts.entries()) {
    const web = new BrowserClient(child.url);
    await web.signIn(user.name, user.password);
    for (const kind of kinds(targets)) {
      // Warm-up: the connection, the JIT, Dovecot's caches of these messages.
      for (let i = 0; i < Math.max(10, requests / 2); i++) await kind.run(web, i);
      const figure = await measure(child, web, kind, requests);
      figures.push({ kind: kind.kind, size, requests, ...figure });
      if (profileDir && index === accounts.length - 1) {
        const file = path.join(profileDir, `${kind.kind.replace(/\W+/g, '-')}-${size}.cpuprofile`);
        await child.profileStart();
        const began = performance.now();
        await measure(child, web, kind, requests);
        const wallMs = performance.now() - began;
        await child.profileStop(file);
        // Scaled to the CPU time of the run without the profiler, which costs CPU of its own.
        profiles.push({ kind: kind.kind, size, requests, cpuMs: figure.cpuMs, ...summarizeProfile(file, wallMs) });
      }
    }
    await web.signOut();
  }
  return { figures, profiles };
}
