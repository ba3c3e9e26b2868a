// Command-line options of `npm run bench` (after `--`): `npm run bench -- --sizes 1000,100000 --iterations 300`.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** INBOX sizes, one seeded user each */
  sizes: number[];
  /** measured runs per scenario and size */
  iterations: number;
  /** unmeasured runs first: the connection, Dovecot's caches and V8's JIT settle */
  warmup: number;
  /** seconds one scenario may take before it runs fewer iterations (a full-text search of 50,000 messages) */
  budgetSeconds: number;
  /** how the INBOXes are filled: Maildir files + doveadm index (fast) or IMAP MULTIAPPEND */
  seed: 'maildir' | 'append';
  /** V8 CPU profile of Postern's inbox page at the largest size, summarized by package and written out */
  profile: boolean;
  /** where latest.json (and the profile) go */
  outDir: string;
}

const USAGE = `usage: node bench/run.ts [--sizes 1000,50000] [--iterations 200] [--warmup 30] [--budget 10] [--seed maildir|append] [--no-profile] [--out bench/results]`;

export function parseOptions(argv: string[], defaultOutDir: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string', default: '1000,50000' },
      iterations: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '30' },
      budget: { type: 'string', default: '10' },
      seed: { type: 'string', default: 'maildir' },
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
  const count = (name: string, text: string, min: number, max: number): number => {
    const n = Number(text.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} ${text}: give a whole number from ${min} to ${max}\n${USAGE}`);
    return n;
  };
  // At least 500 messages, so that "page 10" of 50 exists in every mailbox.
  const sizes = values.sizes.split(',').map((s) => count('sizes', s.trim(), 500, 1_000_000));
  if (values.seed !== 'maildir' && values.seed !== 'append') throw new Error(`--seed ${values.seed}: use maildir or append\n${USAGE}`);
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    iterations: count('iterations', values.iterations, 5, 100_000),
    warmup: count('warmup', values.warmup, 1, 10_000),
    budgetSeconds: count('budget', values.budget, 1, 3600),
    seed: values.seed,
    profile: !values['no-profile'],
    outDir: values.out,
  };
}
