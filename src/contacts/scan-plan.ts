// Which UIDs of a folder to read next. The gatherer remembers, per folder, the UID ranges it has read; UIDs are
// given in arrival order and never reused within a UIDVALIDITY (RFC 3501 section 2.3.1.1), so the highest unread
// UIDs are always the newest unread mail. Reading always takes the highest unread window first: on the first run
// in a large mailbox that is the newest mail (useful suggestions at once), later runs pick up what arrived since
// before they go on backwards through older mail. A window is a fixed span of UIDs, so one FETCH never returns
// more than that many messages whatever the mailbox holds, and no SEARCH is needed to find them.

export type UidRange = [number, number];

/** The highest span of at most `width` unread UIDs below `uidNext`, or undefined when everything is read. */
export function nextWindow(ranges: readonly UidRange[], uidNext: number, width: number): UidRange | undefined {
  let hi = uidNext - 1;
  let i = ranges.length - 1;
  for (; i >= 0; i--) {
    const [from, to] = ranges[i]!;
    if (from > hi) continue;
    if (to >= hi) {
      hi = from - 1;
      continue;
    }
    break;
  }
  if (hi < 1) return undefined;
  // ranges[i], if any, is the highest read range wholly below hi: the gap ends there.
  const floor = i >= 0 ? ranges[i]![1] + 1 : 1;
  return [Math.max(floor, hi - width + 1), hi];
}

/**
 * Adds a read span and merges touching ranges. Past `maxRanges` the two lowest are joined: the old mail between
 * them is then never read, which is better than reading some of it twice (it would count twice).
 */
export function addRange(ranges: readonly UidRange[], span: UidRange, maxRanges: number): UidRange[] {
  const sorted = [...ranges.map(([a, b]): UidRange => [a, b]), [span[0], span[1]] as UidRange].sort((x, y) => x[0] - y[0]);
  const merged: UidRange[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push(r);
  }
  while (merged.length > maxRanges) {
    const [low, next] = merged.splice(0, 2) as [UidRange, UidRange];
    merged.unshift([low[0], next[1]]);
  }
  return merged;
}

/** True when every UID from 1 to uidNext - 1 has been read. */
export function isComplete(ranges: readonly UidRange[], uidNext: number): boolean {
  return nextWindow(ranges, uidNext, 1) === undefined;
}
