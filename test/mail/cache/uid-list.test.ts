import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { UidList } from '../../../src/mail/cache/uid-list.ts';

function contents(list: UidList): number[] {
  return list.slice(1, list.length);
}

describe('UidList', () => {
  it('keeps consecutive UIDs as one run and answers by sequence number and by UID', () => {
    const list = UidList.from([1, 2, 3, 4, 5, 9, 10]);
    assert.equal(list.length, 7);
    assert.equal(list.runs, 2);
    assert.equal(list.max, 10);
    assert.equal(list.at(6), 9);
    assert.equal(list.seqOf(10), 7);
    assert.equal(list.seqOf(7), undefined);
    assert.equal(list.at(8), undefined);
    assert.deepEqual(list.slice(4, 6), [4, 5, 9]);
  });

  it('splits a run when a message in its middle is expunged, and says which UID had that sequence number', () => {
    const list = UidList.from([1, 2, 3, 4, 5]);
    assert.equal(list.removeAt(3), 3);
    assert.deepEqual(contents(list), [1, 2, 4, 5]);
    assert.equal(list.runs, 2);
    assert.equal(list.remove(4), 3);
    assert.equal(list.remove(4), undefined);
    assert.deepEqual(contents(list), [1, 2, 5]);
  });

  it('refuses to append a UID that is not higher than every UID held', () => {
    const list = UidList.from([3, 4]);
    assert.equal(list.push(4), false);
    assert.equal(list.push(2), false);
    assert.equal(list.push(0), false);
    assert.equal(list.push(8), true);
    assert.deepEqual(contents(list), [3, 4, 8]);
  });

  it('agrees with a plain array through thousands of random expunges and arrivals', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const model: number[] = [];
    const list = new UidList();
    let next = 1;
    for (let step = 0; step < 5000; step++) {
      const op = random(10);
      if (op < 5 || model.length === 0) {
        next += random(3) + 1;
        model.push(next);
        assert.equal(list.push(next), true);
      } else if (op < 8) {
        const seq = random(model.length) + 1;
        assert.equal(list.removeAt(seq), model.splice(seq - 1, 1)[0]);
      } else {
        const uid = model[random(model.length)]!;
        assert.equal(list.remove(uid), model.indexOf(uid) + 1);
        model.splice(model.indexOf(uid), 1);
      }
      if (step % 250 === 0) {
        assert.deepEqual(contents(list), model);
        const probe = random(model.length) + 1;
        assert.equal(list.seqOf(model[probe - 1]!), probe);
      }
    }
    assert.equal(list.length, model.length);
    assert.deepEqual(contents(list), model);
  });
});

describe('UidList.fromSet', () => {
  it('reads an ESEARCH ALL set into runs', () => {
    const list = UidList.fromSet('1:4000,4007,4010:4011');
    assert.equal(list.length, 4003);
    assert.equal(list.runs, 3);
    assert.equal(list.at(4001), 4007);
    assert.equal(list.seqOf(4011), 4003);
  });

  it('gives an empty list for an empty set', () => {
    assert.equal(UidList.fromSet('').length, 0);
  });
});
