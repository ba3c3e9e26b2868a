// UID sets for commands that act on many messages at once (RFC 3501 section 9, "sequence-set"): sorted, without
// duplicates, consecutive UIDs folded into ranges, so ticking a whole page of 50 messages is usually one short
// "1:50" and never 50 separate commands.

/**
 * RFC 7162 section 4 asks clients to keep command lines under 8192 octets; Dovecot refuses lines over 64 KiB. A set
 * longer than this is split, and the command is sent once per part.
 */
export const MAX_SET_LENGTH = 8000;

/** Sorted, de-duplicated UIDs folded into runs: [9, 1, 2, 3, 3] -> [[1, 3], [9, 9]]. */
export function uidRuns(uids: readonly number[]): [number, number][] {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const uid of sorted) {
    const last = runs[runs.length - 1];
    if (last && uid === last[1] + 1) last[1] = uid;
    else runs.push([uid, uid]);
  }
  return runs;
}

const runText = ([from, to]: [number, number]) => (from === to ? String(from) : `${from}:${to}`);

/** One UID set for `uids` ("1:5,9"); empty string for none. */
export function toUidSet(uids: readonly number[]): string {
  return uidRuns(uids).map(runText).join(',');
}

/**
 * The UIDs cut into groups whose UID set is at most `maxLength` characters: each group is one command, and the
 * groups are acted on one after another so a failure half-way leaves whole groups done or untouched.
 */
export function chunkUids(uids: readonly number[], maxLength = MAX_SET_LENGTH): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let length = 0;
  for (const run of uidRuns(uids)) {
    const text = runText(run).length;
    if (current.length && length + 1 + text > maxLength) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    length += (length ? 1 : 0) + text;
    for (let uid = run[0]; uid <= run[1]; uid++) current.push(uid);
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** The same set cut into parts of at most `maxLength` characters, each a valid UID set on its own. */
export function toUidSets(uids: readonly number[], maxLength = MAX_SET_LENGTH): string[] {
  return chunkUids(uids, maxLength).map(toUidSet);
}
