import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SET_LENGTH, chunkUids, toUidSet, toUidSets, uidRuns } from '../../../src/mail/finding/uid-set.ts';

describe('UID sets', () => {
  const cases: [string, number[], string][] = [
    ['nothing', [], ''],
    ['one UID', [7], '7'],
    ['a run', [1, 2, 3, 4, 5], '1:5'],
    ['a run and a stray', [1, 2, 3, 4, 5, 9], '1:5,9'],
    ['unsorted input with duplicates', [9, 3, 1, 2, 3, 9, 4], '1:4,9'],
    ['two runs', [10, 11, 12, 20, 21], '10:12,20:21'],
    ['no runs at all', [2, 4, 6], '2,4,6'],
    ['the largest UID', [4294967294, 4294967295], '4294967294:4294967295'],
  ];
  for (const [name, uids, set] of cases) {
    it(`folds ${name} into "${set}"`, () => assert.equal(toUidSet(uids), set));
  }

  it('keeps runs as pairs of first and last UID', () => {
    assert.deepEqual(uidRuns([5, 1, 2, 3]), [[1, 3], [5, 5]]);
  });

  it('sends 4000 consecutive UIDs as one short range', () => {
    const uids = Array.from({ length: 4000 }, (_, i) => i + 1);
    assert.deepEqual(toUidSets(uids), ['1:4000']);
  });

  it('cuts 4000 scattered ten-digit UIDs into sets under the line-length limit that together hold every UID once', () => {
    const uids = Array.from({ length: 4000 }, (_, i) => 1_000_000_000 + i * 2);
    const sets = toUidSets(uids);
    assert.ok(sets.length > 1);
    for (const set of sets) assert.ok(set.length <= MAX_SET_LENGTH, `${set.length} characters`);
    const back = sets.flatMap((s) => s.split(',').map(Number));
    assert.deepEqual(back, uids);
  });

  it('chunks whole runs, so each chunk is one set and all chunks together are the input', () => {
    const uids = [1, 2, 3, 10, 11, 20, 30];
    const chunks = chunkUids(uids, 6);
    assert.deepEqual(chunks.map(toUidSet), ['1:3', '10:11', '20,30']);
    assert.deepEqual(chunks.flat(), uids);
  });
});
