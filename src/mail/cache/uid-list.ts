// The UIDs of one mailbox in mailbox order, so that sequence number n is the n-th UID (RFC 3501 section 2.3.1.2:
// both ascend together). The cache keeps one per mailbox: a newest-first page is a slice of it, a neighbour is the
// next entry, and an EXPUNGE that names only a sequence number still says which UID went. UIDs mostly run without
// gaps, so they are kept as runs: 100,000 messages with a few hundred deletions are a few hundred pairs.

export class UidList {
  /** first UID of each run, ascending */
  #starts: number[] = [];
  /** how many UIDs each run holds */
  #lengths: number[] = [];
  /** #counts[i]: UIDs in runs 0..i; rebuilt lazily after a change */
  #counts: number[] | undefined = [];
  #length = 0;

  static from(ascending: Iterable<number>): UidList {
    const list = new UidList();
    for (const uid of ascending) list.push(uid);
    return list;
  }

  /** From a UID set in ascending order ("1:4000,4007"), as UID SEARCH RETURN (ALL) answers (RFC 4731). */
  static fromSet(set: string): UidList {
    const list = new UidList();
    for (const part of set.split(',')) {
      const [a, b = a] = part.split(':').map(Number);
      if (a === undefined || b === undefined || !Number.isInteger(a) || !Number.isInteger(b)) continue;
      list.pushRange(Math.min(a, b), Math.max(a, b));
    }
    return list;
  }

  get length(): number {
    return this.#length;
  }

  /** the highest UID, 0 when empty */
  get max(): number {
    const last = this.#starts.length - 1;
    return last < 0 ? 0 : this.#starts[last]! + this.#lengths[last]! - 1;
  }

  get runs(): number {
    return this.#starts.length;
  }

  /** Appends a UID higher than every UID held; false (and nothing changes) for any other. */
  push(uid: number): boolean {
    if (!Number.isInteger(uid) || uid < 1 || uid <= this.max) return false;
    const last = this.#starts.length - 1;
    if (last >= 0 && this.#starts[last]! + this.#lengths[last]! === uid) this.#lengths[last]!++;
    else {
      this.#starts.push(uid);
      this.#lengths.push(1);
    }
    this.#length++;
    this.#counts = undefined;
    return true;
  }

  /** Appends `from`..`to`, all higher than every UID held; false (and nothing changes) otherwise. */
  pushRange(from: number, to: number): boolean {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from || from <= this.max) return false;
    const last = this.#starts.length - 1;
    if (last >= 0 && this.#starts[last]! + this.#lengths[last]! === from) this.#lengths[last]! += to - from + 1;
    else {
      this.#starts.push(from);
      this.#lengths.push(to - from + 1);
    }
    this.#length += to - from + 1;
    this.#counts = undefined;
    return true;
  }

  /** The UID at sequence number `seq` (1-based). */
  at(seq: number): number | undefined {
    const found = this.#runOfSeq(seq);
    return found ? this.#starts[found.run]! + found.offset : undefined;
  }

  /** The sequence number of `uid`, or undefined when it is not held. */
  seqOf(uid: number): number | undefined {
    const run = this.#runOfUid(uid);
    if (run < 0) return undefined;
    return this.#before(run) + (uid - this.#starts[run]!) + 1;
  }

  has(uid: number): boolean {
    return this.#runOfUid(uid) >= 0;
  }

  /** UIDs from sequence number `from` to `to`, both included, ascending; clipped to the list. */
  slice(from: number, to: number): number[] {
    const out: number[] = [];
    for (let seq = Math.max(1, from); seq <= Math.min(to, this.#length); seq++) out.push(this.at(seq)!);
    return out;
  }

  /** Removes the message at sequence number `seq` (an EXPUNGE); returns its UID. */
  removeAt(seq: number): number | undefined {
    const found = this.#runOfSeq(seq);
    if (!found) return undefined;
    const uid = this.#starts[found.run]! + found.offset;
    this.#cut(found.run, uid);
    return uid;
  }

  /** Removes `uid` (a VANISHED); returns the sequence number it had. */
  remove(uid: number): number | undefined {
    const seq = this.seqOf(uid);
    if (seq === undefined) return undefined;
    this.#cut(this.#runOfUid(uid), uid);
    return seq;
  }

  /** Rough heap bytes, for the cache's budget. */
  get bytes(): number {
    return 64 + this.#starts.length * 24;
  }

  #cut(run: number, uid: number): void {
    const start = this.#starts[run]!;
    const length = this.#lengths[run]!;
    const end = start + length - 1;
    if (length === 1) {
      this.#starts.splice(run, 1);
      this.#lengths.splice(run, 1);
    } else if (uid === start) {
      this.#starts[run] = start + 1;
      this.#lengths[run] = length - 1;
    } else if (uid === end) {
      this.#lengths[run] = length - 1;
    } else {
      this.#lengths[run] = uid - start;
      this.#starts.splice(run + 1, 0, uid + 1);
      this.#lengths.splice(run + 1, 0, end - uid);
    }
    this.#length--;
    this.#counts = undefined;
  }

  #prefix(): number[] {
    if (!this.#counts) {
      let sum = 0;
      this.#counts = this.#lengths.map((n) => (sum += n));
    }
    return this.#counts;
  }

  /** UIDs held in the runs before `run` */
  #before(run: number): number {
    return run === 0 ? 0 : this.#prefix()[run - 1]!;
  }

  #runOfSeq(seq: number): { run: number; offset: number } | undefined {
    if (!Number.isInteger(seq) || seq < 1 || seq > this.#length) return undefined;
    const counts = this.#prefix();
    let lo = 0;
    let hi = counts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (counts[mid]! >= seq) hi = mid;
      else lo = mid + 1;
    }
    return { run: lo, offset: seq - this.#before(lo) - 1 };
  }

  /** index of the run holding `uid`, -1 when none does */
  #runOfUid(uid: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = this.#starts[mid]!;
      if (uid < start) hi = mid - 1;
      else if (uid >= start + this.#lengths[mid]!) lo = mid + 1;
      else return mid;
    }
    return -1;
  }
}
