// What every part of the demo corpus needs: the recipient, the clock and its own random
// stream. Each part seeds its stream from its name, so asking for more bulk mail does not
// change the thread or the featured messages.
import type { Person } from './compose.ts';
import { ID_DOMAIN } from './catalog.ts';
import { seededRandom, type Random } from './random.ts';

export interface DemoContext {
  me: Person;
  now: Date;
  random: Random;
  /** A Message-ID (with angle brackets) on `domain`, the demo domain unless the user's own is wanted. */
  id(slug: string, domain?: string): string;
  /** `now` minus the given time: demo mail is placed relative to the moment it is seeded. */
  ago(days: number, hours?: number, minutes?: number): Date;
}

export function demoContext(part: string, opts: { user: string; domain: string; now: Date }): DemoContext {
  const random = seededRandom(fnv1a(part));
  const name = opts.user.charAt(0).toUpperCase() + opts.user.slice(1);
  return {
    me: { name, address: `${opts.user}@${opts.domain}`, tz: 60 },
    now: opts.now,
    random,
    id: (slug, domain = ID_DOMAIN) => `<${slug}.${random.hex(4)}@${domain}>`,
    ago: (days, hours = 0, minutes = 0) => new Date(opts.now.getTime() - ((days * 24 + hours) * 60 + minutes) * 60_000),
  };
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}
