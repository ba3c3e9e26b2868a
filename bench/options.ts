// Command-line options of `npm run bench` (after `--`): `npm run bench -- --soak 10`, `npm run bench -- --quick`.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** INBOX sizes, one seeded user each; the largest is the one the load, memory and soak runs use */
  sizes: number[];
  /** measured runs per scenario and size */
  iterations: number;
  /** unmeasured runs first: the connection, Dovecot's caches and V8's JIT settle */
  warmup: number;
  /** seconds one scenario may take before it runs fewer iterations (a full-text search of 100,000 messages) */
  budgetSeconds: number;
  /** how the INBOXes are filled: Maildir files + doveadm index (fast) or IMAP MULTIAPPEND */
  seed: 'maildir' | 'append';
  /** V8 CPU profiles of Postern's inbox and message pages at the largest size, summarized and written out */
  profile: boolean;
  /** concurrent users of the throughput runs, each a warm raw connection or a signed-in Postern session */
  users: number[];
  /** seconds each throughput run measures, per side */
  throughputSeconds: number;
  /** idle signed-in sessions held at once for the memory figure */
  sessions: number;
  /** minutes of the soak (mixed load, memory sampled after GC); the target asks for 10 */
  soakMinutes: number;
  /** Postern's CPU per page: sequential requests measured per page kind */
  cpuRequests: number;
  quick: boolean;
  /** where latest.json (and the profiles) go */
  outDir: string;
}

const USAGE = `usage: node bench/run.ts [--quick] [--sizes 1000,100000] [--iterations 200] [--warmup 30] [--budget 10]
  [--seed maildir|append] [--users 20,100] [--throughput-seconds 10] [--sessions 1000] [--soak 1] [--cpu-requests 300]
  [--no-profile] [--out bench/results]
--quick: a smoke run of every target in well under a minute (small mailboxes, few runs, short load and soak, no profile)`;

// What --quick changes; anything given explicitly still wins.
const QUICK = { sizes: '500,2000', iterations: '6', warmup: '2', budget: '1', users: '3,6', 'throughput-seconds': '1', sessions: '10', soak: '0.1', 'cpu-requests': '20' };

export function parseOptions(argv: string[], defaultOutDir: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      sizes: { type: 'string' },
      iterations: { type: 'string' },
      warmup: { type: 'string' },
      budget: { type: 'string' },
      seed: { type: 'string', default: 'maildir' },
      users: { type: 'string' },
      'throughput-seconds': { type: 'string' },
      sessions: { type: 'string' },
      soak: { type: 'string' },
      'cpu-requests': { type: 'string' },
      'no-profile': { type: 'boolean', default: false },
      out: { type: 'string', default: defaultOutDir },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const defaults = { sizes: '1000,100000', iterations: '200', warmup: '30', budget: '10', users: '20,100', 'throughput-seconds': '10', sessions: '1000', soak: '1', 'cpu-requests': '300', ...(values.quick ? QUICK : {}) };
  const given = (name: keyof typeof defaults): string => (values[name] as string | undefined) ?? defaults[name];
  const count = (name: string, text: string, min: number, max: number): number => {
    const n = Number(text.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} ${text}: give a whole number from ${min} to ${max}\n${USAGE}`);
    return n;
  };
  const list = (name: keyof typeof defaults, min: number, max: number) =>
    [...new Set(given(name).split(',').map((s) => count(name, s.trim(), min, max)))].sort((a, b) => a - b);
  // At least 500 messages, so that "page 10" of 50 exists in every mailbox.
  const sizes = list('sizes', 500, 1_000_000);
  if (values.seed !== 'maildir' && values.seed !== 'append') throw new Error(`--seed ${values.seed}: use maildir or append\n${USAGE}`);
  const soakMinutes = Number(given('soak'));
  if (!(soakMinutes > 0 && soakMinutes <= 600)) throw new Error(`--soak ${given('soak')}: give minutes, more than 0 and at most 600\n${USAGE}`);
  return {
    sizes,
    iterations: count('iterations', given('iterations'), 3, 100_000),
    warmup: count('warmup', given('warmup'), 1, 10_000),
    budgetSeconds: count('budget', given('budget'), 1, 3600),
    seed: values.seed,
    profile: !values['no-profile'] && !values.quick,
    users: list('users', 1, 400),
    throughputSeconds: count('throughput-seconds', given('throughput-seconds'), 1, 3600),
    sessions: count('sessions', given('sessions'), 1, 1000),
    soakMinutes,
    cpuRequests: count('cpu-requests', given('cpu-requests'), 10, 100_000),
    quick: values.quick,
    outDir: values.out,
  };
}
