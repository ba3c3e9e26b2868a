// Pure: from the server's LIST and UIDL answers and the UIDLs fetched before, what this run does.
import type { Pop3Listing } from './pop3-client.ts';

export type FetchMode = 'keep' | 'delete';

export interface PlannedMessage extends Pop3Listing {
  uidl?: string;
}

export interface FetchPlan {
  /** delete mode: messages whose UIDL is recorded (they are in IMAP already) but still on the server */
  deleteOnly: number[];
  /** new messages for this run, oldest (lowest number) first, within the per-run cap */
  fetch: PlannedMessage[];
  /** larger than the per-message cap: left on the server and reported */
  tooLarge: PlannedMessage[];
  /** new messages beyond the per-run cap, for the next run */
  remaining: number;
}

export function planFetch(
  listing: Pop3Listing[],
  uidls: ReadonlyMap<number, string> | undefined,
  seen: ReadonlySet<string>,
  mode: FetchMode,
  limits: { maxMessageBytes: number; maxPerRun: number },
): FetchPlan {
  const plan: FetchPlan = { deleteOnly: [], fetch: [], tooLarge: [], remaining: 0 };
  for (const entry of [...listing].sort((a, b) => a.number - b.number)) {
    const uidl = uidls?.get(entry.number);
    const message: PlannedMessage = uidl === undefined ? { ...entry } : { ...entry, uidl };
    if (uidl !== undefined && seen.has(uidl)) {
      // Fetched in an earlier run whose QUIT never came (DELE takes effect only then): delete, don't fetch.
      if (mode === 'delete') plan.deleteOnly.push(entry.number);
    } else if (entry.size > limits.maxMessageBytes) {
      plan.tooLarge.push(message);
    } else if (plan.fetch.length < limits.maxPerRun) {
      plan.fetch.push(message);
    } else {
      plan.remaining++;
    }
  }
  return plan;
}
