// The pure threading of threads/threading.ts (what Postern decides itself: the user's own replies in Sent, and whole
// conversations on a server without THREAD) and the THREAD answer's flattening (thread-answer.ts): chains by
// References and In-Reply-To, missing parents, cycles, the subject as the last resort with the leaders mail programs
// write in several languages, and threads far deeper and wider than any real one, which must neither exhaust the
// call stack nor merge what does not belong together.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { threadsOf } from '../../../src/mail/threads/thread-answer.ts';
import { groupThreads, isReplySubject, messageIdsIn, threadSubject, type ThreadMessage } from '../../../src/mail/threads/threading.ts';

const id = (n: string | number) => `<${n}@test>`;
/** A message `key` whose own id is <key@test>, answering `parents` (In-Reply-To the last, References all). */
const msg = (key: string, parents: string[] = [], extra: Partial<ThreadMessage> = {}): ThreadMessage => ({
  key, messageId: id(key), references: parents.map(id), inReplyTo: parents.length ? id(parents.at(-1)!) : undefined, date: 0, ...extra,
});
/** The groups as sorted lists of keys, sorted, so the order of groups does not matter. */
const sets = (groups: string[][]) => groups.map((g) => [...g].sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));

describe('threading by Message-ID, References and In-Reply-To', () => {
  it('joins a chain by References and by In-Reply-To alone', () => {
    const byRefs = [msg('a'), msg('b', ['a']), msg('c', ['a', 'b'])];
    const byReplyTo = [msg('d'), { key: 'e', messageId: id('e'), inReplyTo: id('d') }, { key: 'f', messageId: id('f'), inReplyTo: id('e') }];
    assert.deepEqual(sets(groupThreads([...byRefs, ...byReplyTo])), [['a', 'b', 'c'], ['d', 'e', 'f']]);
  });

  it('keeps two replies to a message it does not hold together, and apart from an unrelated message', () => {
    const groups = groupThreads([msg('r1', ['gone']), msg('r2', ['gone']), msg('other')]);
    assert.deepEqual(sets(groups), [['other'], ['r1', 'r2']]);
  });

  it('joins through a missing middle: the grandchild names the grandparent in References', () => {
    assert.deepEqual(sets(groupThreads([msg('root'), msg('grandchild', ['root', 'missing'])])), [['grandchild', 'root']]);
  });

  it('survives cycles and a message that names itself', () => {
    const cycle = [msg('x', ['y']), msg('y', ['z']), msg('z', ['x']), msg('self', ['self'])];
    assert.deepEqual(sets(groupThreads(cycle)), [['self'], ['x', 'y', 'z']]);
  });

  it('does not join messages without ids, nor two copies of one id with different keys apart', () => {
    const groups = groupThreads([{ key: 'n1' }, { key: 'n2' }, { key: 'inbox:1', messageId: id('same') }, { key: 'sent:1', messageId: id('same') }]);
    assert.deepEqual(sets(groups), [['inbox:1', 'sent:1'], ['n1'], ['n2']]);
  });

  it('orders each conversation by date, then as given', () => {
    const groups = groupThreads([msg('late', ['early'], { date: 30 }), msg('early', [], { date: 10 }), msg('tie1', ['early'], { date: 20 }), msg('tie2', ['early'], { date: 20 })]);
    assert.deepEqual(groups, [['early', 'tie1', 'tie2', 'late']]);
  });

  it('reads ids from folded and noisy header values', () => {
    assert.deepEqual(messageIdsIn('<a@b>\r\n <c@d>  (comment) <e@f>'), ['<a@b>', '<c@d>', '<e@f>']);
    assert.deepEqual(messageIdsIn('garbage <not an id> <ok@x>'), ['<ok@x>']);
    assert.deepEqual(messageIdsIn(undefined), []);
  });
});

describe('the subject as the last resort', () => {
  it('recognises reply and forward leaders in several languages', () => {
    for (const s of ['Re: x', 'RE: x', 'Fwd: x', 'FW: x', 'AW: x', 'WG: x', 'SV: x', 'VS: x', 'Antw: x', 'Rif: x', 'TR: x', 'Odp: x', '[list] Re: x', 'Re[2]: x', 'Re : x']) {
      assert.ok(isReplySubject(s), s);
    }
    for (const s of ['Travel plans', 'Resume attached', 'Awards', 'Svelte: a question', 'R2: results', '']) assert.ok(!isReplySubject(s), s);
  });

  it('compares subjects without their leaders, whatever the language and however many', () => {
    for (const s of ['Budget', 'Re: Budget', 'AW: Budget', 'SV: Re: Budget', 'Fwd: AW: WG: Budget', '[team] Re: budget', 'Re[3]: Budget (fwd)']) {
      assert.equal(threadSubject(s), threadSubject('Budget'), s);
    }
    assert.notEqual(threadSubject('Budget 2027'), threadSubject('Budget'));
  });

  it('joins a reply whose mail program dropped the ids, only when asked to', () => {
    const mails = [msg('first', [], { subject: 'Budget' }), { key: 'aw', subject: 'AW: Budget' }, { key: 'sv', subject: 'SV: Re: budget' }, { key: 'fwd', subject: 'Fwd: Budget' }];
    assert.deepEqual(sets(groupThreads(mails, { bySubject: true })), [['aw', 'first', 'fwd', 'sv']]);
    assert.equal(groupThreads(mails).length, 4, 'by ids only: four conversations');
  });

  it('keeps two messages of the same subject apart when neither is a reply', () => {
    const mails = [msg('h1', [], { subject: 'Hello' }), msg('h2', [], { subject: 'Hello' })];
    assert.equal(groupThreads(mails, { bySubject: true }).length, 2);
    // A reply by subject alone joins one of them (the first met), not both: it cannot answer two first messages.
    const withReply = [...mails, { key: 'h3', subject: 'Re: Hello' }];
    assert.deepEqual(sets(groupThreads(withReply, { bySubject: true })), [['h1', 'h3'], ['h2']]);
  });

  it('merges whole conversations by subject, keeping what their ids joined', () => {
    const a = [msg('a1', [], { subject: 'Plan' }), msg('a2', ['a1'], { subject: 'Plan' })];
    const b = [msg('b1', [], { subject: 'Re: Plan' }), msg('b2', ['b1'], { subject: 'Something else' })];
    assert.deepEqual(sets(groupThreads([...a, ...b], { bySubject: true })), [['a1', 'a2', 'b1', 'b2']]);
    assert.equal(groupThreads([...a, msg('e', [], { subject: '' }), msg('f', [], { subject: 'Re:' })], { bySubject: true }).length, 3, 'an empty base subject joins nothing');
  });
});

// A hang guard, not a timing: these finish in well under a second; quadratic work would take hours.
const GUARD = { timeout: 60_000 };

describe('threads far deeper and wider than real ones', () => {
  it('groups a 200,000-message reply chain without exhausting the stack', GUARD, () => {
    const chain: ThreadMessage[] = [];
    for (let i = 0; i < 200_000; i++) chain.push({ key: `k${i}`, messageId: id(i), inReplyTo: i ? id(i - 1) : undefined, date: i });
    // Newest first, so every union walks towards a root not seen yet.
    const groups = groupThreads(chain.reverse());
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.length, 200_000);
    assert.equal(groups[0]![0], 'k0');
  });

  it('groups 100,000 replies to one message, and 1,000 separate conversations stay 1,000', GUARD, () => {
    const wide = [msg('root'), ...Array.from({ length: 100_000 }, (_, i) => msg(`r${i}`, ['root']))];
    const separate = Array.from({ length: 1_000 }, (_, i) => msg(`s${i}`, [`parent${i}`], { subject: `Re: topic ${i}` }));
    const groups = groupThreads([...wide, ...separate], { bySubject: true });
    assert.equal(groups.length, 1_001);
    assert.equal(groups.find((g) => g.includes('root'))!.length, 100_001);
  });

  it('flattens a THREAD answer nested 100,000 deep without recursion', GUARD, () => {
    // "(1 (2 (3 ...)))": each branch a nested list, as RFC 5256 writes a long chain with siblings.
    let deep: unknown = [{ type: 'ATOM', value: '100000' }];
    for (let n = 99_999; n >= 1; n--) deep = [{ type: 'ATOM', value: String(n) }, deep];
    const threads = threadsOf([deep as never, [{ type: 'ATOM', value: '200001' }] as never]);
    assert.equal(threads.length, 2);
    assert.equal(threads[0]!.length, 100_000);
    assert.deepEqual(threads[0]!.slice(0, 3), [1, 2, 3]);
    assert.deepEqual(threads[1], [200001]);
  });

  it('leaves out what is not a UID in a THREAD answer', () => {
    const answer = [[{ type: 'ATOM', value: '3' }, [[{ type: 'ATOM', value: '0' }], [{ type: 'ATOM', value: 'x' }], null, [{ type: 'ATOM', value: '4294967296' }], [{ type: 'ATOM', value: '6' }]]], []];
    assert.deepEqual(threadsOf(answer as never), [[3, 6]]);
  });
});
