// What a run does, from LIST, UIDL and the UIDLs fetched before; and the packed form of a large UIDL set.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planFetch } from '../../src/pop3/fetch-plan.ts';
import { packUidls, unpackUidls } from '../../src/pop3/uidl-store.ts';

const listing = [{ number: 3, size: 30 }, { number: 1, size: 10 }, { number: 2, size: 2000 }, { number: 4, size: 40 }, { number: 5, size: 50 }];
const uidls = new Map([[1, 'u1'], [2, 'u2'], [3, 'u3'], [4, 'u4'], [5, 'u5']]);
const limits = { maxMessageBytes: 1000, maxPerRun: 2 };

describe('planFetch', () => {
  it('keep mode: skips what was fetched, reports what is too large, caps the run oldest first', () => {
    const plan = planFetch(listing, uidls, new Set(['u1']), 'keep', limits);
    assert.deepEqual(plan, {
      deleteOnly: [],
      fetch: [{ number: 3, size: 30, uidl: 'u3' }, { number: 4, size: 40, uidl: 'u4' }],
      tooLarge: [{ number: 2, size: 2000, uidl: 'u2' }],
      remaining: 1,
    });
  });

  it('delete mode: what was fetched but not yet deleted is deleted without fetching', () => {
    const plan = planFetch(listing, uidls, new Set(['u1', 'u4']), 'delete', { ...limits, maxPerRun: 10 });
    assert.deepEqual(plan.deleteOnly, [1, 4]);
    assert.deepEqual(plan.fetch.map((m) => m.number), [3, 5]);
  });

  it('without UIDL: everything within the limits is fetched (delete mode)', () => {
    const plan = planFetch(listing, undefined, new Set(['u1']), 'delete', { ...limits, maxPerRun: 10 });
    assert.deepEqual(plan.fetch, [{ number: 1, size: 10 }, { number: 3, size: 30 }, { number: 4, size: 40 }, { number: 5, size: 50 }]);
    assert.deepEqual(plan.deleteOnly, []);
  });
});

describe('packUidls', () => {
  it('round-trips 10,000 Dovecot-style UIDLs in a small string', () => {
    const set = new Set(Array.from({ length: 10_000 }, (_, i) => `${(i + 1).toString(16).padStart(8, '0')}6b0d66e2`));
    const packed = packUidls(set);
    assert.deepEqual(unpackUidls(packed), set);
    assert.ok(packed.length < 60_000, `${packed.length} characters`);
    assert.deepEqual(unpackUidls(packUidls([])), new Set());
    assert.throws(() => unpackUidls('garbage'));
  });
});
