// Which UIDs the gatherer reads next: the newest unread first, never one twice, with bounded state.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addRange, isComplete, nextWindow, type UidRange } from '../../src/contacts/scan-plan.ts';

describe('nextWindow', () => {
  const cases: [string, UidRange[], number, number, UidRange | undefined][] = [
    ['an empty folder has nothing to read', [], 1, 500, undefined],
    ['a new folder is read from its newest UID down', [], 1201, 500, [701, 1200]],
    ['a small folder fits one window', [], 41, 500, [1, 40]],
    ['mail that arrived since is read first', [[1, 1200]], 1211, 500, [1201, 1210]],
    ['then older mail, below what was read', [[701, 1200]], 1201, 500, [201, 700]],
    ['down to UID 1', [[201, 1200]], 1201, 500, [1, 200]],
    ['nothing left', [[1, 1200]], 1201, 500, undefined],
    ['a gap between two read ranges ends at the lower one', [[1, 100], [900, 1200]], 1201, 500, [400, 899]],
    ['a narrow gap', [[1, 100], [150, 1200]], 1201, 500, [101, 149]],
    ['ranges past UIDNEXT (a server that went back) are ignored above it', [[1, 100], [5000, 6000]], 1201, 500, [701, 1200]],
  ];
  for (const [name, ranges, uidNext, width, expected] of cases) {
    it(name, () => assert.deepEqual(nextWindow(ranges, uidNext, width), expected));
  }
});

describe('addRange', () => {
  it('merges touching and overlapping ranges', () => {
    assert.deepEqual(addRange([[1, 10], [20, 30]], [11, 19], 16), [[1, 30]]);
    assert.deepEqual(addRange([[1, 10]], [5, 15], 16), [[1, 15]]);
    assert.deepEqual(addRange([[1, 10]], [12, 15], 16), [[1, 10], [12, 15]]);
  });

  it('joins the two lowest ranges past the limit: old mail is skipped, never read twice', () => {
    const ranges = addRange([[1, 10], [20, 30], [40, 50]], [60, 70], 3);
    assert.deepEqual(ranges, [[1, 30], [40, 50], [60, 70]]);
  });

  it('reading window after window covers the folder exactly once', () => {
    let ranges: UidRange[] = [];
    const read: number[] = [];
    for (let w = nextWindow(ranges, 2345, 500); w; w = nextWindow(ranges, 2345, 500)) {
      for (let uid = w[0]; uid <= w[1]; uid++) read.push(uid);
      ranges = addRange(ranges, w, 16);
    }
    assert.equal(read.length, 2344);
    assert.equal(new Set(read).size, 2344);
    assert.equal(read[0], 1845, 'newest first');
    assert.ok(isComplete(ranges, 2345));
    assert.deepEqual(ranges, [[1, 2344]]);
  });
});
